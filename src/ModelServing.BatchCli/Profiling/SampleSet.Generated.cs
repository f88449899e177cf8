using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.BatchCli.Profiling;

/// <summary>Requests generated from a numeric signature: row JSON bodies (<c>{"instances":[{"name": value, ...}, ...]}</c>), decoded as the gateway decodes them.</summary>
internal sealed partial class SampleSet
{
    /// <summary>Distinct generated requests, replayed in turn.</summary>
    private const int GeneratedRequests = 16;

    private static SampleSet Generate(ModelSignature signature, int rows)
    {
        foreach (var input in signature.Inputs)
        {
            if (input.DataType is TensorDataType.String or TensorDataType.Json)
            {
                throw new SampleException(
                    $"Input '{input.Name}' takes byte strings (images or text), which cannot be generated: pass sample files with --samples (images, .json predict bodies or .jsonl instances)");
            }

            if (input.Shape.Skip(1).Any(d => d < 0))
            {
                throw new SampleException(
                    $"Input '{input.Name}' has shape {InputValidator.FormatShape(input.Shape)}, whose dynamic dimensions beyond the first cannot be guessed: pass sample files with --samples");
            }
        }

        var random = new Random(42);
        var requests = new List<IReadOnlyDictionary<string, TensorData>>(GeneratedRequests);
        var bodies = new List<byte[]>(GeneratedRequests);
        for (var r = 0; r < GeneratedRequests; r++)
        {
            var request = new Dictionary<string, TensorData>(StringComparer.Ordinal);
            foreach (var input in signature.Inputs)
            {
                var shape = input.Shape.Select((d, i) => d >= 0 ? d : i == 0 ? rows : 1).ToArray();
                var count = TensorData.ElementCountOf(shape);
                request[input.Name] = TensorData.Create(input.DataType, Values(input.DataType, count, random), shape);
            }

            var body = RowBody(request);
            requests.Add(Decode(body, signature, "generated"));
            bodies.Add(body);
        }

        return new SampleSet(requests, bodies, $"generated: {rows} row(s) per request from the signature");
    }

    /// <summary>The TF Serving row body of a request: one instance per row of dimension 0, each input's row as a value or nested arrays.</summary>
    private static byte[] RowBody(Dictionary<string, TensorData> request)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var rows = request.Values.First().Shape.Count == 0 ? 1 : request.Values.First().Shape[0];
            writer.WriteStartObject();
            writer.WriteStartArray("instances");
            for (var row = 0; row < rows; row++)
            {
                writer.WriteStartObject();
                foreach (var (name, tensor) in request)
                {
                    writer.WritePropertyName(name);
                    var rowShape = tensor.Shape.Skip(1).ToArray();
                    var rowElements = TensorData.ElementCountOf(rowShape);
                    var index = row * rowElements;
                    WriteNested(writer, tensor, rowShape, 0, ref index);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteNested(Utf8JsonWriter writer, TensorData tensor, long[] shape, int dimension, ref long index)
    {
        if (dimension == shape.Length)
        {
            var element = tensor.Data.GetValue(index++)!;
            // BFloat16 elements are held as their 16 bits; the wire carries the number they stand for.
            WriteElement(writer, tensor.DataType == TensorDataType.BFloat16 ? BitConverter.UInt32BitsToSingle((uint)(ushort)element << 16) : element);
            return;
        }

        writer.WriteStartArray();
        for (var i = 0; i < shape[dimension]; i++)
        {
            WriteNested(writer, tensor, shape, dimension + 1, ref index);
        }

        writer.WriteEndArray();
    }

    private static void WriteElement(Utf8JsonWriter writer, object element)
    {
        switch (element)
        {
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case float single:
                writer.WriteNumberValue(single);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case Half half:
                writer.WriteNumberValue((float)half);
                break;
            default:
                writer.WriteNumberValue(Convert.ToDecimal(element, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Values in small ranges every numeric type holds: floats in [0, 100), integers in [0, 10), alternating booleans.</summary>
    private static Array Values(TensorDataType type, long count, Random random)
    {
        var array = Array.CreateInstance(TensorDataTypes.ClrType(type), count);
        for (var i = 0; i < count; i++)
        {
            var value = random.NextDouble() * 100;
            var integer = random.Next(10);
            object element = type switch
            {
                TensorDataType.Float => (float)value,
                TensorDataType.Double => value,
                TensorDataType.Float16 => (Half)value,
                TensorDataType.BFloat16 => (ushort)(BitConverter.SingleToUInt32Bits((float)value) >> 16),
                TensorDataType.Int8 => (sbyte)integer,
                TensorDataType.Int16 => (short)integer,
                TensorDataType.Int32 => integer,
                TensorDataType.Int64 => (long)integer,
                TensorDataType.UInt8 => (byte)integer,
                TensorDataType.UInt16 => (ushort)integer,
                TensorDataType.UInt32 => (uint)integer,
                TensorDataType.UInt64 => (ulong)integer,
                TensorDataType.Bool => i % 2 == 0,
                _ => throw new SampleException($"Inputs of type {type} cannot be generated: pass sample files with --samples"),
            };
            array.SetValue(element, i);
        }

        return array;
    }
}
