using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Json;

namespace ModelServing.Protocols.Scoring;

public static partial class ScoreRequestReader
{
    /// <summary>The values of one input, one per row.</summary>
    private sealed class Column
    {
        private readonly List<double> _numbers = [];
        private readonly List<long> _integers = [];
        private readonly List<byte[]> _bytes = [];
        private readonly bool _columnVector;

        private Column(TensorSpec spec, bool columnVector)
        {
            Spec = spec;
            _columnVector = columnVector;
        }

        public TensorSpec Spec { get; }

        public int Rows { get; private set; }

        public bool AcceptsObjects => Spec.DataType == TensorDataType.String;

        public static Column For(TensorSpec spec)
        {
            var perRow = spec.Shape.Count == 1 || (spec.Shape.Count == 2 && spec.Shape[1] == 1);
            if (!perRow || spec.Shape[0] >= 0 || spec.DataType is TensorDataType.Json or TensorDataType.BFloat16)
            {
                throw ServingException.Invalid(
                    $"Input '{spec.Name}' has shape [{string.Join(',', spec.Shape)}]; /score takes one value per input per row. Use the TF Serving or v2 routes for this model");
            }

            return new Column(spec, spec.Shape.Count == 2);
        }

        public void Add(ref Utf8JsonReader reader, int row)
        {
            if (Rows != row)
            {
                throw ServingException.Invalid($"Row {row} gives input '{Spec.Name}' twice");
            }

            switch (Spec.DataType)
            {
                case TensorDataType.String:
                    _bytes.Add(ReadBase64(ref reader, row));
                    break;
                case TensorDataType.Bool:
                    _integers.Add(reader.TokenType switch
                    {
                        JsonTokenType.True => 1,
                        JsonTokenType.False => 0,
                        _ => throw Wrong(row, "true or false"),
                    });
                    break;
                case TensorDataType.Float or TensorDataType.Double or TensorDataType.Float16:
                    // Rounded to the nearest double (a float input then rounds it again, past its range to an infinity);
                    // a number past the double range is refused, as by the TF Serving and v2 routes.
                    _numbers.Add(reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number) && double.IsFinite(number)
                        ? number
                        : throw Wrong(row, "a number within the range of a double"));
                    break;
                default:
                    _integers.Add(reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v) && Fits(v) ? v : throw Wrong(row, $"an integer that fits {TensorDataTypes.OpenInferenceName(Spec.DataType)}"));
                    break;
            }

            Rows++;
        }

        public TensorData Build()
        {
            long[] shape = _columnVector ? [Rows, 1] : [Rows];
            Array data = Spec.DataType switch
            {
                TensorDataType.Float => _numbers.Select(n => (float)n).ToArray(),
                TensorDataType.Double => _numbers.ToArray(),
                TensorDataType.Float16 => _numbers.Select(n => (Half)n).ToArray(),
                TensorDataType.String => _bytes.ToArray(),
                TensorDataType.Bool => _integers.Select(i => i != 0).ToArray(),
                TensorDataType.Int8 => _integers.Select(i => (sbyte)i).ToArray(),
                TensorDataType.Int16 => _integers.Select(i => (short)i).ToArray(),
                TensorDataType.Int32 => _integers.Select(i => (int)i).ToArray(),
                TensorDataType.Int64 => _integers.ToArray(),
                TensorDataType.UInt8 => _integers.Select(i => (byte)i).ToArray(),
                TensorDataType.UInt16 => _integers.Select(i => (ushort)i).ToArray(),
                TensorDataType.UInt32 => _integers.Select(i => (uint)i).ToArray(),
                _ => _integers.Select(i => (ulong)i).ToArray(),
            };
            return TensorData.Create(Spec.DataType, data, shape);
        }

        private bool Fits(long value) => Spec.DataType switch
        {
            TensorDataType.Int8 => value is >= sbyte.MinValue and <= sbyte.MaxValue,
            TensorDataType.Int16 => value is >= short.MinValue and <= short.MaxValue,
            TensorDataType.Int32 => value is >= int.MinValue and <= int.MaxValue,
            TensorDataType.UInt8 => value is >= 0 and <= byte.MaxValue,
            TensorDataType.UInt16 => value is >= 0 and <= ushort.MaxValue,
            TensorDataType.UInt32 => value is >= 0 and <= uint.MaxValue,
            TensorDataType.UInt64 => value >= 0,
            _ => true,
        };

        private byte[] ReadBase64(ref Utf8JsonReader reader, int row)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                byte[]? value = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isB64 = JsonText.Read(ref reader, "Row {0}: a key of input '{1}'", row, Spec.Name) == "b64";
                    reader.Read();
                    if (isB64 && reader.TokenType == JsonTokenType.String)
                    {
                        value = Decode(JsonText.Read(ref reader, "Row {0}: input '{1}'", row, Spec.Name), row);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return value ?? throw Wrong(row, "a base64 string or {\"b64\": ...}");
            }

            return reader.TokenType == JsonTokenType.String ? Decode(JsonText.Read(ref reader, "Row {0}: input '{1}'", row, Spec.Name), row) : throw Wrong(row, "a base64 string");
        }

        private byte[] Decode(string text, int row)
        {
            try
            {
                return Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw Wrong(row, "valid base64");
            }
        }

        private ServingException Wrong(int row, string expected) =>
            ServingException.Invalid($"Row {row}: input '{Spec.Name}' must be {expected}");
    }
}
