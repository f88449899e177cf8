using ModelServing.Core.Tensors;

namespace ModelServing.BatchCli.Profiling;

/// <summary>Requests generated from a numeric signature.</summary>
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
        for (var r = 0; r < GeneratedRequests; r++)
        {
            var request = new Dictionary<string, TensorData>(StringComparer.Ordinal);
            foreach (var input in signature.Inputs)
            {
                var shape = input.Shape.Select((d, i) => d >= 0 ? d : i == 0 ? rows : 1).ToArray();
                var count = TensorData.ElementCountOf(shape);
                request[input.Name] = TensorData.Create(input.DataType, Values(input.DataType, count, random), shape);
            }

            requests.Add(request);
        }

        return new SampleSet(requests, $"generated: {rows} row(s) per request from the signature");
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
