using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Batch.Engine;
using ModelServing.Batch.Input;
using ModelServing.Batch.Instances;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Batch.Tests;

/// <summary>Inputs built straight from CSV cells and file bytes are the ones the JSON request would have given.</summary>
[Collection(ServingCollection.Name)]
public sealed class InstanceTensorsTests(ServingFixture serving)
{
    // Plain rows, then values the reader refuses or that a float cannot hold as the text says: a decimal, an exponent, the
    // largest exact integer and the first refused one, a float midpoint (1 + 2^-24 as the shortest double text), values past
    // the float range and in its subnormal range, negative zero, a quoted string, a big integer.
    private const string LoansCsv =
        "\"income\",\"credit_cards\",\"age\"\n2000,2,45\n8000,0,30\n2000.5,1e1,45\n16777215,1,16777216\n1.0000000596046448,2,3\n" +
        "3.4028235e38,1,2\n1e39,1,2\n1.401298464324817e-45,-0,7.006492321624085e-46\n\"abc\",1,2\n123456789012,0.1,0.30000000000000004\n" +
        "5000,1,30\n-16777215,3,1.5\n";

    private static readonly string Upright = TestPaths.Sample("text-line.jpg");
    private static readonly string Flipped = TestPaths.Sample("text-line-180.jpg");

    [Theory]
    [InlineData("object", null, null, 4)]
    [InlineData("object", null, null, 1)]
    [InlineData(null, null, null, 3)]
    [InlineData("object", "age", null, 2)]
    [InlineData("object", null, "age,income,credit_cards", 5)]
    [InlineData("array", null, "income,credit_cards,age", 4)]
    public async Task RunAsync_CsvRows_WritesTheBytesTheJsonRequestWrites(string? instanceType, string? keyField, string? included, int batchSize)
    {
        using var scratch = new ScratchDirectory();
        var spec = LoansJobTests.Spec(scratch, scratch.File("loans.csv", LoansCsv), BatchInputFormat.Csv) with
        {
            BatchSize = batchSize,
            InstanceConfig = new InstanceConfig
            {
                InstanceType = instanceType,
                KeyField = keyField,
                IncludedFields = included?.Split(',') ?? [],
            },
        };

        var (direct, viaJson) = await RunBothAsync(serving.Loans.Inference, spec, scratch);

        Assert.Equal(viaJson, direct);
        Assert.NotEmpty(direct.Results + direct.Errors);
    }

    [Theory]
    [InlineData(BatchInputFormat.FileList)]
    [InlineData(BatchInputFormat.TfRecord)]
    public async Task RunAsync_ImageBytes_WritesTheBytesTheJsonRequestWrites(BatchInputFormat format)
    {
        using var scratch = new ScratchDirectory();
        string[] files = [Upright, Flipped, scratch.File("not-an-image.jpg", "not an image"), Flipped, Upright];
        string input;
        if (format == BatchInputFormat.FileList)
        {
            input = scratch.File("images.txt", string.Join('\n', files));
        }
        else
        {
            input = scratch.Combine("images.tfrecord");
            TfRecordFiles.Write(input, [.. files.Select(File.ReadAllBytes)]);
        }

        var spec = LoansJobTests.Spec(scratch, input, format) with { Model = "text-orientation", BatchSize = 2 };

        var (direct, viaJson) = await RunBothAsync(serving.TextOrientation.Inference, spec, scratch);

        Assert.Equal(viaJson, direct);
        Assert.Equal(4, direct.Results.Count(c => c == '\n'));
        Assert.Equal(1, direct.Errors.Count(c => c == '\n'));
    }

    [Fact]
    public void TryCreate_LoansCsvObjects_BuildsTheTensorsTheReaderBuilds()
    {
        using var lease = serving.Loans.Inference.Acquire("loans", VersionSelector.Latest);
        var batch = Prepare(new InstanceConfig { InstanceType = "object" }, "2000,2,45", "8000,0,30", "2000.5,1e1,0.1");

        var direct = InstanceTensors.TryCreate(batch, lease.Signature);

        Assert.NotNull(direct);
        var read = PredictRequestReader.Read(Body(batch), lease.Signature).Inputs;
        Assert.Equal(read.Keys.Order(), direct.Keys.Order());
        foreach (var (name, tensor) in read)
        {
            Assert.Equal(tensor.Shape, direct[name].Shape);
            Assert.Equal(tensor.As<float>(), direct[name].As<float>());
        }
    }

    [Theory]
    [InlineData("2000,2,16777216")]
    [InlineData("2000,2,1.0000000596046448")]
    [InlineData("\"abc\",2,3")]
    public void TryCreate_AValueTheReaderMayTakeOtherwise_LeavesTheBatchToTheReader(string row)
    {
        using var lease = serving.Loans.Inference.Acquire("loans", VersionSelector.Latest);
        var batch = Prepare(new InstanceConfig { InstanceType = "object" }, "2000,2,45", row);

        Assert.Null(InstanceTensors.TryCreate(batch, lease.Signature));
    }

    [Fact]
    public void TryGetSingle_WhenItAnswers_AgreesWithTheReaderOnTheJsonText()
    {
        var signature = new ModelSignature([new TensorSpec("x", TensorDataType.Float, -1)], []);
        var random = new Random(20261206);
        var numbers = new List<double> { 0, 1, -1, 0.1, 1e-3, 16777215, 16777216, -16777217, 1e15, 1.5e20, 3.4028234663852886e38, 3.4028235677973366e38 };
        for (var i = 0; i < 20000; i++)
        {
            var single = BitConverter.Int32BitsToSingle(random.Next());
            if (!float.IsFinite(single))
            {
                continue;
            }

            var next = MathF.BitIncrement(single);
            numbers.Add(single);
            numbers.Add(((double)single + next) / 2);
            numbers.Add(random.NextDouble() * Math.Pow(10, random.Next(-40, 39)));
            numbers.Add(Math.Round(random.NextDouble() * (1 << 26)));
        }

        var answered = 0;
        foreach (var number in numbers)
        {
            var text = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(text))
            {
                writer.WriteNumberValue(number);
            }

            var json = Encoding.UTF8.GetBytes($"{{\"instances\":[{Encoding.UTF8.GetString(text.WrittenSpan)}]}}");
            float? read;
            try
            {
                read = PredictRequestReader.Read(json, signature).Inputs["x"].As<float>()[0];
            }
            catch (ServingException)
            {
                read = null;
            }

            if (InstanceTensors.TryGetSingle(number, out var value))
            {
                answered++;
                Assert.True(read is not null, $"{number:R} is refused by the reader");
                Assert.Equal(BitConverter.SingleToInt32Bits(read!.Value), BitConverter.SingleToInt32Bits(value));
            }
        }

        // A quarter are midpoints and many integers are past 2^24: the rest is mostly converted.
        Assert.True(answered > numbers.Count / 4, $"only {answered} of {numbers.Count} numbers were converted directly");
    }

    private static List<PreparedInstance> Prepare(InstanceConfig config, params string[] rows)
    {
        var builder = new InstanceBuilder(config, 1 << 20);
        string[] header = ["income", "credit_cards", "age"];
        return [.. rows.Select((row, i) => builder.Prepare(new InputRecord(i, InputRecordKind.CsvRow, Encoding.UTF8.GetBytes(row), header)))];
    }

    private static byte[] Body(List<PreparedInstance> batch) =>
        Encoding.UTF8.GetBytes("{\"instances\":[" + string.Join(',', batch.Select(b => Encoding.UTF8.GetString(b.Sent!))) + "]}");

    /// <summary>Runs the job with direct tensors and again with every batch read from its JSON request; returns both outputs.</summary>
    private static async Task<((string Results, string Errors) Direct, (string Results, string Errors) ViaJson)> RunBothAsync(
        InferenceService inference, BatchJobSpec spec, ScratchDirectory scratch)
    {
        var direct = new BatchPredictionEngine(inference, NullLogger<BatchPredictionEngine>.Instance);
        var viaJson = new BatchPredictionEngine(inference, NullLogger<BatchPredictionEngine>.Instance) { BuildTensorsDirectly = false };
        var jsonSpec = spec with { OutputDirectory = scratch.Combine("out-json") };

        var directSummary = await direct.RunAsync(spec, null, CancellationToken.None);
        var jsonSummary = await viaJson.RunAsync(jsonSpec, null, CancellationToken.None);

        return (
            (File.ReadAllText(directSummary.ResultFile), File.ReadAllText(directSummary.ErrorFile)),
            (File.ReadAllText(jsonSummary.ResultFile), File.ReadAllText(jsonSummary.ErrorFile)));
    }
}
