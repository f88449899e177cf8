using Google.Protobuf.Collections;
using Inference;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.OpenInference;

namespace ModelServing.Protocols.Grpc.OpenInference;

public static partial class ModelInferRequestReader
{
    /// <summary>The <see cref="InferTensorContents"/> field that carries elements of <paramref name="type"/>, or null (FP16, BF16: raw only).</summary>
    public static string? ContentsField(TensorDataType type) => type switch
    {
        TensorDataType.Bool => "bool_contents",
        TensorDataType.Int8 or TensorDataType.Int16 or TensorDataType.Int32 => "int_contents",
        TensorDataType.Int64 => "int64_contents",
        TensorDataType.UInt8 or TensorDataType.UInt16 or TensorDataType.UInt32 => "uint_contents",
        TensorDataType.UInt64 => "uint64_contents",
        TensorDataType.Float => "fp32_contents",
        TensorDataType.Double => "fp64_contents",
        TensorDataType.String => "bytes_contents",
        _ => null,
    };

    private static Array DecodeContents(InferTensorContents? contents, InputHeader input)
    {
        var datatype = OpenInferenceDataTypes.Name(input.DataType);
        var field = ContentsField(input.DataType) ?? throw ServingException.Invalid(
            $"Input '{input.Name}' has datatype {datatype}, which travels only in raw_input_contents (InferTensorContents has no 16-bit float field)");
        contents ??= new InferTensorContents();
        foreach (var (other, count) in Counts(contents))
        {
            if (count > 0 && other != field)
            {
                throw ServingException.Invalid($"Input '{input.Name}' has datatype {datatype} but carries contents.{other}; its elements go in contents.{field}");
            }
        }

        var found = Counts(contents).FirstOrDefault(c => c.Field == field).Count;
        if (found == 0 && input.ElementCount > 0)
        {
            throw ServingException.Invalid($"Input '{input.Name}' has no data (neither contents.{field} nor raw_input_contents)");
        }

        if (found != input.ElementCount)
        {
            throw TensorDataCodec.CountMismatch(input, $"{found} elements in contents.{field}");
        }

        return input.DataType switch
        {
            TensorDataType.Bool => contents.BoolContents.ToArray(),
            TensorDataType.Int8 => Narrow(contents.IntContents, input, v => v is >= sbyte.MinValue and <= sbyte.MaxValue, v => (sbyte)v),
            TensorDataType.Int16 => Narrow(contents.IntContents, input, v => v is >= short.MinValue and <= short.MaxValue, v => (short)v),
            TensorDataType.Int32 => contents.IntContents.ToArray(),
            TensorDataType.Int64 => contents.Int64Contents.ToArray(),
            TensorDataType.UInt8 => Narrow(contents.UintContents, input, v => v <= byte.MaxValue, v => (byte)v),
            TensorDataType.UInt16 => Narrow(contents.UintContents, input, v => v <= ushort.MaxValue, v => (ushort)v),
            TensorDataType.UInt32 => contents.UintContents.ToArray(),
            TensorDataType.UInt64 => contents.Uint64Contents.ToArray(),
            TensorDataType.Float => contents.Fp32Contents.ToArray(),
            TensorDataType.Double => contents.Fp64Contents.ToArray(),
            _ => contents.BytesContents.Select(b => b.ToByteArray()).ToArray(),
        };
    }

    /// <summary>Narrows 32-bit wire values to an 8- or 16-bit type, refusing (as the REST reader does) a value that does not fit.</summary>
    private static TOut[] Narrow<TIn, TOut>(RepeatedField<TIn> values, InputHeader input, Func<TIn, bool> fits, Func<TIn, TOut> convert)
    {
        var data = new TOut[values.Count];
        for (var i = 0; i < data.Length; i++)
        {
            var value = values[i];
            data[i] = fits(value)
                ? convert(value)
                : throw ServingException.Invalid(
                    $"Input '{input.Name}' element {i} is {value}, which is not a valid {OpenInferenceDataTypes.Name(input.DataType)} value");
        }

        return data;
    }

    private static bool HasElements(InferTensorContents? contents) => contents is not null && Counts(contents).Any(c => c.Count > 0);

    private static IEnumerable<(string Field, int Count)> Counts(InferTensorContents contents)
    {
        yield return ("bool_contents", contents.BoolContents.Count);
        yield return ("int_contents", contents.IntContents.Count);
        yield return ("int64_contents", contents.Int64Contents.Count);
        yield return ("uint_contents", contents.UintContents.Count);
        yield return ("uint64_contents", contents.Uint64Contents.Count);
        yield return ("fp32_contents", contents.Fp32Contents.Count);
        yield return ("fp64_contents", contents.Fp64Contents.Count);
        yield return ("bytes_contents", contents.BytesContents.Count);
    }
}
