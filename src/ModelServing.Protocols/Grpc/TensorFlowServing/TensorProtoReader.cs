using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using Tensorflow;

namespace ModelServing.Protocols.Grpc.TensorFlowServing;

/// <summary>
/// Decodes the <see cref="TensorProto"/> inputs of a TF Serving gRPC request into domain tensors, against the leased
/// version's public signature: dtype, shape, <c>tensor_content</c> or the typed <c>*_val</c> field of the dtype.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. Every problem is a <see cref="ServingException"/> of kind invalid input naming the input.
/// Rows and bytes are checked against <see cref="RequestSizeLimits"/> before an element array is allocated, so a small
/// message that claims a large shape costs nothing. Checks the data plane makes anyway (missing inputs, shape against the
/// signature, named dimensions) are left to it, so that their wording is the same on every protocol.
/// </remarks>
public static partial class TensorProtoReader
{
    /// <summary>Decodes every input of <paramref name="inputs"/>, keyed by input name in the signature's order.</summary>
    /// <param name="inputs">The request's <c>inputs</c> map.</param>
    /// <param name="signature">The leased version's public signature.</param>
    /// <param name="limits">The request size limits in force.</param>
    /// <exception cref="ServingException">An input the signature does not have, or one that cannot be decoded.</exception>
    public static Dictionary<string, TensorData> ReadInputs(
        IReadOnlyDictionary<string, TensorProto> inputs, ModelSignature signature, RequestSizeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(limits);
        foreach (var name in inputs.Keys)
        {
            if (signature.FindInput(name) is null)
            {
                // TF Serving's wording (predict_util.cc), so that clients matching on it keep working.
                throw ServingException.Invalid(
                    $"input tensor alias not found in signature: {name}. Inputs expected to be in the set {{{string.Join(",", signature.Inputs.Select(i => i.Name))}}}.");
            }
        }

        var budget = new ByteBudget(limits.MaxTensorBytesPerRequest);
        var tensors = new Dictionary<string, TensorData>(inputs.Count, StringComparer.Ordinal);
        foreach (var spec in signature.Inputs)
        {
            if (inputs.TryGetValue(spec.Name, out var proto))
            {
                tensors[spec.Name] = Read(proto, spec, limits, ref budget);
            }
        }

        return tensors;
    }

    /// <summary>Decodes one input tensor.</summary>
    internal static TensorData Read(TensorProto proto, TensorSpec spec, RequestSizeLimits limits, ref ByteBudget budget)
    {
        ArgumentNullException.ThrowIfNull(proto);
        var name = spec.Name;
        var type = TensorProtoTypes.ToDomain(proto.Dtype)
            ?? throw ServingException.Invalid(
                $"Input '{name}' has dtype {TensorProtoTypes.Name(proto.Dtype)}, which is not served here; the model expects {TensorDataTypes.TensorFlowName(spec.DataType)}");
        if (type != spec.DataType)
        {
            throw ServingException.Invalid(
                $"Input '{name}' expects {TensorDataTypes.TensorFlowName(spec.DataType)} but got {TensorProtoTypes.Name(proto.Dtype)}");
        }

        var shape = Shape(name, proto.TensorShape);
        var count = ElementCount(name, shape);
        if (spec.HasBatchDimension && shape.Length > 0 && shape[0] > limits.MaxRowsPerRequest)
        {
            throw ServingException.Invalid(
                $"Input '{name}' has {shape[0]} rows; at most {limits.MaxRowsPerRequest} rows are allowed per request");
        }

        // Strings are counted at a reference each here: a broadcast string fills an array of that many references.
        budget.Take(count, type == TensorDataType.String ? IntPtr.Size : TensorDataTypes.ElementSize(type));
        var data = proto.TensorContent.IsEmpty ? FromValues(proto, name, type, shape, count) : FromContent(proto, name, type, shape, count);
        return TensorData.Create(type, data, shape);
    }

    private static long[] Shape(string name, TensorShapeProto? shape)
    {
        if (shape is null)
        {
            return [];
        }

        if (shape.UnknownRank)
        {
            throw ServingException.Invalid($"Input '{name}' has unknown_rank set; a request tensor needs its dimensions");
        }

        var dims = new long[shape.Dim.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = shape.Dim[i].Size >= 0
                ? shape.Dim[i].Size
                : throw ServingException.Invalid($"Input '{name}' has size {shape.Dim[i].Size} in dimension {i}; sizes must be 0 or more");
        }

        return dims;
    }

    private static long ElementCount(string name, long[] shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim != 0 && count > long.MaxValue / dim)
            {
                throw ServingException.Invalid($"Input '{name}' has shape {InputValidator.FormatShape(shape)}, which holds more elements than any request may");
            }

            count *= dim;
        }

        return count;
    }

    private static ServingException CountMismatch(string name, TensorDataType type, long[] shape, long count, string found) =>
        ServingException.Invalid(
            $"Input '{name}' has shape {InputValidator.FormatShape(shape)} of {TensorDataTypes.TensorFlowName(type)} ({count} elements) but {found}");
}
