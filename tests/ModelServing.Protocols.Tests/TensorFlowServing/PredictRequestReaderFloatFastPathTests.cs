using System.Globalization;
using System.Text;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

/// <summary>
/// The byte scanner for plain float requests gives exactly what the token-by-token path gives: the same tensors (bit for
/// bit) or the same error message, on random documents both well formed and broken.
/// </summary>
public sealed class PredictRequestReaderFloatFastPathTests
{
    private static readonly string[] s_whitespace = ["", "", "", " ", "\n", "\t", "\r\n", "  "];

    private static readonly string[] s_oddNumbers =
    [
        "16777215", "-16777215", "16777216", "-16777216", "99999999", "0", "-0", "-0.0", "0.0e5", "-0e-99999", "1e007", "1E+0",
        "3.4028235e38", "3.4028236e38", "3.5e38", "1e400", "1e-400", "1e-45", "7e-46", "1.4e-45", "1.17549435E-38",
        "1.00000005960464477539062500", "1.000000059604644775390625001", "0.30000000000000004", "123456789012345678901234567890",
    ];

    private static readonly string[] s_badTokens =
    [
        "01", "1.", ".5", "+1", "1e", "-", "1e+", "--1", "0x10", "1.5.2", "NaN", "-Infinity", "Inf", "\"1\"", "true", "null", "{}",
        "[]", "1 2", "1,", "1a", "{\"b64\": \"AA==\"}",
    ];

    [Fact]
    public void Read_RandomDocuments_FastPathEqualsTokenPath()
    {
        // Arrange
        var random = new Random(13);
        var accepted = 0;
        var refused = 0;

        for (var n = 0; n < 20_000; n++)
        {
            var json = Encoding.UTF8.GetBytes(RandomDocument(random, out var signature));
            var options = random.Next(20) == 0 ? new PredictRequestReaderOptions { MaxDepth = random.Next(1, 7) } : null;

            // Act
            var fast = Outcome(() => PredictRequestReader.Read(json, signature, options));
            var tokens = Outcome(() => PredictRequestReader.ReadTokens(json, signature, options));

            // Assert
            Assert.True(fast == tokens, $"{Encoding.UTF8.GetString(json)}\nfast:   {fast}\ntokens: {tokens}");
            if (fast.StartsWith("ok", StringComparison.Ordinal))
            {
                accepted++;
            }
            else
            {
                refused++;
            }
        }

        // Both outcomes must be common, or the comparison proves little.
        Assert.InRange(accepted, 5_000, 15_000);
        Assert.InRange(refused, 5_000, 15_000);
    }

    [Fact]
    public void Read_PlainFloatRequests_ParseEveryFormAsTheTokenPath()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Float, -1, 2));
        string[] documents =
        [
            """ {"instances": [[1, 2.5], [-0.0, 1e-3]], "signature_name": "serving_default"} """,
            "{\n\t\"signature_name\" : \"s\" ,\r\n \"inputs\" : [ [ 1 , 2 ] ,[3,4]\n]\n}\n",
            """{"inputs": [[16777215, -16777215]]}""",
            """{"instances": [[1.00000005960464477539062500, 1e-45]]}""",
        ];

        foreach (var document in documents)
        {
            var json = Encoding.UTF8.GetBytes(document);

            // Act
            var fast = Outcome(() => PredictRequestReader.Read(json, signature));

            // Assert
            Assert.StartsWith("ok", fast, StringComparison.Ordinal);
            Assert.Equal(Outcome(() => PredictRequestReader.ReadTokens(json, signature)), fast);
        }
    }

    private static string Outcome(Func<PredictRequest> read)
    {
        try
        {
            var request = read();
            var text = new StringBuilder($"ok {request.SignatureName ?? "(null)"} {request.Format} {request.Parameters?.GetRawText()}");
            foreach (var (name, tensor) in request.Inputs)
            {
                text.Append($" {name} [{string.Join(',', tensor.Shape)}]");
                var values = tensor.DataType == TensorDataType.Float
                    ? tensor.As<float>().Select(value => (long)BitConverter.SingleToUInt32Bits(value))
                    : tensor.As<double>().Select(BitConverter.DoubleToInt64Bits);
                foreach (var bits in values)
                {
                    text.Append(' ').Append(bits.ToString("X", CultureInfo.InvariantCulture));
                }
            }

            return text.ToString();
        }
        catch (ServingException exception)
        {
            return "error " + exception.Message;
        }
    }

    private static string RandomDocument(Random random, out ModelSignature signature)
    {
        var rank = random.Next(0, 4);
        var dims = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            dims[i] = random.Next(1, 4);
        }

        var row = random.Next(2) == 0;
        var value = new StringBuilder();
        if (row)
        {
            value.Append('[').Append(Ws(random));
            var instances = random.Next(1, 4);
            for (var i = 0; i < instances; i++)
            {
                value.Append(i > 0 ? "," + Ws(random) : string.Empty);
                AppendValue(value, random, dims, 0);
            }

            value.Append(Ws(random)).Append(']');
        }
        else
        {
            AppendValue(value, random, dims, 0);
        }

        // The signature fits the value, except now and then (a wrong rank, a fixed dimension that differs, another type).
        var fixedDims = dims.Select(d => random.Next(3) == 0 ? (long)d : -1);
        long[] shape = row ? [-1, .. fixedDims] : [.. fixedDims];
        if (random.Next(30) == 0)
        {
            shape = [.. shape, 1];
        }
        else if (random.Next(30) == 0 && shape.Length > 0)
        {
            shape[^1] = 7;
        }

        var type = random.Next(40) == 0 ? TensorDataType.Double : TensorDataType.Float;
        signature = random.Next(40) == 0
            ? JsonTestData.Inputs(new TensorSpec("x", type, shape), new TensorSpec("y", type, shape))
            : JsonTestData.Inputs(new TensorSpec("x", type, shape));

        var members = new List<string> { $"\"{(row ? "instances" : "inputs")}\"{Ws(random)}:{Ws(random)}{value}" };
        if (random.Next(3) == 0)
        {
            members.Add($"\"signature_name\":{Ws(random)}\"{Pick(random, ["serving_default", "", "a b", "caf\u00e9", "q\\\"", "1"])}\"");
        }

        if (random.Next(15) == 0)
        {
            members.Add(Pick(random, ["\"other\": 1", "\"parameters\": {\"k\": 1}", "\"inputs\": [1]", "\"instances\": [1]", "\"signature_name\": 1", "\"signature_name\": \"b\"", "\"instanc\\u0065s\": [1]"]));
        }

        members = [.. members.OrderBy(_ => random.Next())];
        var document = $"{Ws(random)}{{{Ws(random)}{string.Join("," + Ws(random), members)}{Ws(random)}}}{Ws(random)}";
        return random.Next(40) == 0 ? Mutate(document, random) : document;
    }

    private static void AppendValue(StringBuilder text, Random random, int[] dims, int level)
    {
        if (level == dims.Length)
        {
            text.Append(RandomNumber(random));
            return;
        }

        // Now and then a list one element short or long, or empty.
        var count = random.Next(60) switch { 0 => dims[level] - 1, 1 => dims[level] + 1, 2 => 0, _ => dims[level] };
        text.Append('[').Append(Ws(random));
        for (var i = 0; i < count; i++)
        {
            text.Append(i > 0 ? Ws(random) + "," + Ws(random) : string.Empty);
            AppendValue(text, random, dims, level + 1);
        }

        text.Append(Ws(random)).Append(']');
    }

    private static string RandomNumber(Random random)
    {
        switch (random.Next(100))
        {
            case 0:
                return Pick(random, s_badTokens);
            case < 6:
                return Pick(random, s_oddNumbers);
            case < 10:
                return BitConverter.Int32BitsToSingle(random.Next(1, 0x00800000)).ToString(random.Next(2) == 0 ? "R" : "E20", CultureInfo.InvariantCulture);
            case < 30:
                var digits = RandomDigits(random, random.Next(1, 26));
                var point = random.Next(digits.Length + 1);
                var text = (random.Next(2) == 0 ? "-" : string.Empty) + (point == 0 ? "0" : digits[..point]) + (point < digits.Length ? "." + digits[point..] : string.Empty);
                return random.Next(3) == 0 ? text + "e" + random.Next(-40, 40).ToString(CultureInfo.InvariantCulture) : text;
            default:
                return (((random.NextSingle() * 2) - 1) * MathF.Pow(10, random.Next(-3, 4))).ToString("R", CultureInfo.InvariantCulture);
        }
    }

    private static string RandomDigits(Random random, int count)
    {
        var digits = new char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + (i == 0 ? random.Next(1, 10) : random.Next(10)));
        }

        return new string(digits);
    }

    private static string Mutate(string document, Random random)
    {
        var at = random.Next(document.Length);
        return random.Next(3) switch
        {
            0 => document.Remove(at, 1),
            1 => document.Insert(at, Pick(random, ["]", "[", ",", "\"", "}", "0", "/", "x"])),
            _ => document + Pick(random, ["x", "{}", ",", "]"]),
        };
    }

    private static string Ws(Random random) => Pick(random, s_whitespace);

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}
