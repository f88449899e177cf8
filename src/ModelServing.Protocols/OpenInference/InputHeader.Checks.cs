using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.OpenInference;

internal sealed partial record InputHeader
{
    /// <summary>Checks what every encoding of an input shares (name, datatype, shape, a size one array can hold) and describes it.</summary>
    /// <param name="index">The input's position in the request's <c>inputs</c>, for messages before its name is known.</param>
    /// <param name="name">The name, or null (or empty) when the request gave none.</param>
    /// <param name="datatype">The datatype name, or null (or empty) when the request gave none.</param>
    /// <param name="shape">The declared shape, or null when the request gave none.</param>
    /// <param name="binarySize">Bytes of the input's binary (raw) data, or null when its data is typed.</param>
    /// <param name="base64">The <c>content_type: base64</c> parameter.</param>
    /// <param name="dataStart">Offset of a JSON <c>data</c> value, or -1.</param>
    /// <param name="dataEnd">Offset just past a JSON <c>data</c> value, or -1.</param>
    /// <exception cref="ServingException">Invalid input, naming the input.</exception>
    public static InputHeader Create(
        int index, string? name, string? datatype, long[]? shape, long? binarySize, bool base64, int dataStart, int dataEnd)
    {
        var label = string.IsNullOrEmpty(name) ? $"inputs[{index}]" : $"Input '{name}'";
        if (string.IsNullOrEmpty(name))
        {
            throw ServingException.Invalid($"{label} has no name");
        }

        var type = string.IsNullOrEmpty(datatype)
            ? throw ServingException.Invalid($"{label} has no datatype")
            : OpenInferenceDataTypes.Parse(datatype) ?? throw ServingException.Invalid(
                $"{label} has unknown datatype '{datatype}'; use BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64 or BYTES");
        if (shape is null)
        {
            throw ServingException.Invalid($"{label} has no shape");
        }

        if (Array.Exists(shape, d => d < 0))
        {
            throw ServingException.Invalid($"{label} has shape [{string.Join(',', shape)}]; every dimension must be a non-negative integer");
        }

        // Checked before anything is sized from it: the element count must fit one array, and its bytes an int.
        var count = ElementCountOf(shape);
        var elementSize = Math.Max(1, TensorDataTypes.ElementSize(type));
        if (count < 0 || count > Array.MaxLength || count > int.MaxValue / elementSize)
        {
            throw ServingException.Invalid(
                $"{label} has shape [{string.Join(',', shape)}], more elements than one tensor can hold ({Array.MaxLength} at most, {int.MaxValue} bytes)");
        }

        return new InputHeader(name, type, shape, count, binarySize, base64, dataStart, dataEnd);
    }

    /// <summary>Throws when the signature has this input with another datatype (an unknown input is the validator's to report).</summary>
    public void CheckDataType(ModelSignature signature)
    {
        if (signature.FindInput(Name) is { } spec && spec.DataType != DataType)
        {
            throw ServingException.Invalid(
                $"Input '{Name}' has datatype {OpenInferenceDataTypes.Name(DataType)} but the model expects {OpenInferenceDataTypes.Name(spec.DataType)}");
        }
    }

    /// <summary>The product of the dimensions (each non-negative), or -1 when it overflows a long.</summary>
    private static long ElementCountOf(long[] shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim != 0 && count > long.MaxValue / dim)
            {
                return -1;
            }

            count *= dim;
        }

        return count;
    }
}
