using System.Text;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

public static partial class PredictRequestReader
{
    /// <summary>
    /// The common request of a single float input, read straight from the bytes: <c>{"instances": [...]}</c> or
    /// <c>{"inputs": [...]}</c> of plain numbers, optionally with a plain ASCII <c>signature_name</c>.
    /// </summary>
    /// <returns>The request, or null for anything else (then the general path reads the document and reports errors).</returns>
    /// <remarks>
    /// Only documents the general path accepts with the same result are accepted, so no message depends on which path
    /// ran: any other key, a duplicate key, an escape, a non-finite literal or a value the scanner does not take gives null.
    /// </remarks>
    private static PredictRequest? TryReadFloatRequest(ParseContext context, ModelSignature signature, PredictRequestReaderOptions options)
    {
        if (context.Literals is not null || signature.Inputs.Count != 1 || signature.Inputs[0].DataType != TensorDataType.Float)
        {
            return null;
        }

        var json = context.Buffer.Span;
        var spec = signature.Inputs[0];
        var builder = new FloatTensorBuilder(spec);
        Span<int> scratch = stackalloc int[2 * FloatTensorScanner.MaxRank];
        try
        {
            var pos = FloatTensorScanner.SkipWhitespace(json, 0);
            if (!Consume(json, ref pos, (byte)'{'))
            {
                return null;
            }

            string? signatureName = null;
            long[]? shape = null;
            PredictRequestFormat? format = null;
            do
            {
                if (!TryReadPlainString(json, ref pos, out var key) || !Consume(json, ref pos, (byte)':'))
                {
                    return null;
                }

                if (format is null && (key.SequenceEqual("instances"u8) || key.SequenceEqual("inputs"u8)))
                {
                    // The value nests inside the top-level object, and inside the instances list in row format.
                    var row = key.SequenceEqual("instances"u8);
                    var scanner = new FloatTensorScanner(json, builder, scratch, options.MaxDepth - (row ? 3 : 2));
                    shape = row ? ReadFastInstances(ref scanner, json, ref pos) : ReadFastTensor(ref scanner, ref pos);
                    format = row ? PredictRequestFormat.Row : PredictRequestFormat.Columnar;
                    if (shape is null)
                    {
                        return null;
                    }
                }
                else if (signatureName is null && key.SequenceEqual("signature_name"u8) && TryReadPlainString(json, ref pos, out var name))
                {
                    signatureName = Encoding.ASCII.GetString(name);
                }
                else
                {
                    return null;
                }
            }
            while (Consume(json, ref pos, (byte)','));

            if (shape is null || !Consume(json, ref pos, (byte)'}') || pos != json.Length || !ShapeFits(spec, shape))
            {
                return null;
            }

            var inputs = new Dictionary<string, TensorData>(1, StringComparer.Ordinal) { [spec.Name] = builder.Build(shape) };
            return new PredictRequest(signatureName, format!.Value, inputs, null);
        }
        finally
        {
            builder.Release();
        }
    }

    private static long[]? ReadFastInstances(ref FloatTensorScanner scanner, ReadOnlySpan<byte> json, ref int pos)
    {
        if (!Consume(json, ref pos, (byte)'['))
        {
            return null;
        }

        var instances = 0;
        do
        {
            if (!scanner.TryReadValue(ref pos))
            {
                return null;
            }

            instances++;
        }
        while (Consume(json, ref pos, (byte)','));

        if (!Consume(json, ref pos, (byte)']'))
        {
            return null;
        }

        var instanceShape = scanner.Shape;
        var shape = new long[instanceShape.Length + 1];
        shape[0] = instances;
        for (var i = 0; i < instanceShape.Length; i++)
        {
            shape[i + 1] = instanceShape[i];
        }

        return shape;
    }

    private static long[]? ReadFastTensor(ref FloatTensorScanner scanner, ref int pos)
    {
        if (!scanner.TryReadValue(ref pos))
        {
            return null;
        }

        var tensorShape = scanner.Shape;
        var shape = new long[tensorShape.Length];
        for (var i = 0; i < tensorShape.Length; i++)
        {
            shape[i] = tensorShape[i];
        }

        return shape;
    }

    /// <summary>Consumes <paramref name="expected"/> and the whitespace after it, or returns false without moving.</summary>
    private static bool Consume(ReadOnlySpan<byte> json, ref int pos, byte expected)
    {
        if ((uint)pos >= (uint)json.Length || json[pos] != expected)
        {
            return false;
        }

        pos = FloatTensorScanner.SkipWhitespace(json, pos + 1);
        return true;
    }

    /// <summary>Reads a string of printable ASCII without escapes (and the whitespace after it); false for any other.</summary>
    private static bool TryReadPlainString(ReadOnlySpan<byte> json, ref int pos, out ReadOnlySpan<byte> text)
    {
        text = default;
        if ((uint)pos >= (uint)json.Length || json[pos] != (byte)'"')
        {
            return false;
        }

        var start = pos + 1;
        var end = start;
        while ((uint)end < (uint)json.Length && json[end] is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\')
        {
            end++;
        }

        if ((uint)end >= (uint)json.Length || json[end] != (byte)'"')
        {
            return false;
        }

        text = json[start..end];
        pos = FloatTensorScanner.SkipWhitespace(json, end + 1);
        return true;
    }

    private static bool ShapeFits(TensorSpec spec, long[] shape)
    {
        var expected = spec.Shape;
        if (expected.Count != shape.Length)
        {
            return false;
        }

        for (var i = 0; i < shape.Length; i++)
        {
            if (expected[i] >= 0 && expected[i] != shape[i])
            {
                return false;
            }
        }

        return true;
    }
}
