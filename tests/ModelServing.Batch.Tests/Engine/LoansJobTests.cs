using System.Text.Json.Nodes;
using ModelServing.Batch.Tests.TestSupport;

namespace ModelServing.Batch.Tests.Engine;

[Collection(ServingCollection.Name)]
public sealed class LoansJobTests(ServingFixture serving)
{
    private const string Csv = "\"income\",\"credit_cards\",\"age\"\n2000,2,45\n5000,1,30\n\"oops\",1,2\n1,2\n9000,\"3,\n7000,3,60\n";

    [Fact]
    public async Task CsvRowsAsObjectsPredictAndMalformedRowsGoToTheErrorFile()
    {
        using var scratch = new ScratchDirectory();
        var spec = JobSpecs.Loans(scratch, scratch.File("loans.csv", Csv), BatchInputFormat.Csv) with
        {
            InstanceConfig = new InstanceConfig { InstanceType = "object" },
            BatchSize = 2,
        };

        var summary = await serving.Loans.Engine.RunAsync(spec, null, CancellationToken.None);

        Assert.Equal((3L, 3L), (summary.Succeeded, summary.Failed));
        var results = OutputLines.Results(spec.OutputDirectory);
        Assert.Equal([2000.0, 5000, 7000], results.Select(r => r["instance"]!["income"]!.GetValue<double>()));
        Assert.All(results, r => Assert.Equal(2, r["prediction"]!["probabilities"]!.AsArray().Count));
        Assert.Equal(1, results[1]["prediction"]!["approved"]!.GetValue<int>());
        var errors = OutputLines.Errors(spec.OutputDirectory);
        Assert.All(errors, e => Assert.Equal(400, e["error"]!["code"]!.GetValue<int>()));
        Assert.Contains(errors, e => e["error"]!["message"]!.GetValue<string>().Contains("is not of expected type: float", StringComparison.Ordinal));
        Assert.Contains(errors, e => e["error"]!["message"]!.GetValue<string>().Contains("2 columns where the header has 3", StringComparison.Ordinal));
        Assert.Contains(errors, e => e["error"]!["message"]!.GetValue<string>().Contains("unterminated quoted string", StringComparison.Ordinal));
        Assert.Contains(errors, e => e["instance"]!.GetValue<string>() == "1,2");
    }

    [Fact]
    public async Task CsvRowsAreArraysByDefaultAndTheModelSaysWhatItNeeds()
    {
        using var scratch = new ScratchDirectory();
        var spec = JobSpecs.Loans(scratch, scratch.File("loans.csv", "\"income\",\"credit_cards\",\"age\"\n2000,2,45\n"), BatchInputFormat.Csv);
        var summary = await serving.Loans.Engine.RunAsync(spec, null, CancellationToken.None);
        Assert.Equal(1, summary.Failed);
        var error = Assert.Single(OutputLines.Errors(spec.OutputDirectory));
        Assert.Equal("[2000,2,45]", error["instance"]!.ToJsonString());
        Assert.Equal(400, error["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task JsonLinesGoAsIsAndBadLinesAreReported()
    {
        using var scratch = new ScratchDirectory();
        var input = scratch.File("loans.jsonl", "{\"income\":2000,\"credit_cards\":2,\"age\":45}\n\nnot json\n{\"income\":1} {\"x\":2}\r\n{\"income\":9000,\"credit_cards\":0,\"age\":25}\n");
        var spec = JobSpecs.Loans(scratch, input, BatchInputFormat.JsonLines);

        var summary = await serving.Loans.Engine.RunAsync(spec, null, CancellationToken.None);

        Assert.Equal((2L, 2L), (summary.Succeeded, summary.Failed));
        var results = OutputLines.Results(spec.OutputDirectory);
        Assert.Equal("{\"income\":2000,\"credit_cards\":2,\"age\":45}", results[0]["instance"]!.ToJsonString());
        var errors = OutputLines.Errors(spec.OutputDirectory);
        Assert.Equal(["not json", "{\"income\":1} {\"x\":2}"], errors.Select(e => e["instance"]!.GetValue<string>()));
        Assert.All(errors, e => Assert.StartsWith("invalid JSON", e["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeyFieldReplacesTheInstanceAndIsNotSent()
    {
        using var scratch = new ScratchDirectory();
        var input = scratch.File("loans.jsonl", "{\"id\":\"a-1\",\"income\":2000,\"credit_cards\":2,\"age\":45,\"note\":\"x\"}\n{\"income\":1,\"credit_cards\":2,\"age\":3}\n");
        var spec = JobSpecs.Loans(scratch, input, BatchInputFormat.JsonLines) with
        {
            InstanceConfig = new InstanceConfig { KeyField = "id", ExcludedFields = ["note"] },
        };

        var summary = await serving.Loans.Engine.RunAsync(spec, null, CancellationToken.None);

        Assert.Equal((1L, 1L), (summary.Succeeded, summary.Failed));
        var result = Assert.Single(OutputLines.Results(spec.OutputDirectory));
        Assert.Equal("a-1", result["key"]!.GetValue<string>());
        Assert.Null(result["instance"]);
        var error = Assert.Single(OutputLines.Errors(spec.OutputDirectory));
        Assert.Contains("keyField \"id\" is missing", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncludedFieldsPickAndOrderCsvColumns()
    {
        using var scratch = new ScratchDirectory();
        var input = scratch.File("loans.csv", "\"customer\",\"age\",\"income\",\"credit_cards\"\n\"c1\",45,2000,2\n");
        var spec = JobSpecs.Loans(scratch, input, BatchInputFormat.Csv) with
        {
            InstanceConfig = new InstanceConfig { InstanceType = "object", IncludedFields = ["income", "credit_cards", "age"], KeyField = "customer" },
        };

        var summary = await serving.Loans.Engine.RunAsync(spec, null, CancellationToken.None);

        Assert.Equal(1, summary.Succeeded);
        var result = Assert.Single(OutputLines.Results(spec.OutputDirectory));
        Assert.Equal("c1", result["key"]!.GetValue<string>());
        Assert.Equal(0, result["prediction"]!["approved"]!.GetValue<int>());
    }

    [Fact]
    public async Task ChunksPredictedAndCommittedConcurrentlyAreWrittenInInputOrder()
    {
        using var scratch = new ScratchDirectory();
        var lines = Enumerable.Range(0, 2000).Select(i => i % 37 == 3 ? $"broken {i}" : $"{{\"income\":{i},\"credit_cards\":1,\"age\":40}}");
        var spec = JobSpecs.Loans(scratch, scratch.File("loans.jsonl", string.Join('\n', lines)), BatchInputFormat.JsonLines) with { BatchSize = 4, ChunkSize = 8, Workers = 4 };

        var summary = await serving.Loans.Engine.RunAsync(spec, null, CancellationToken.None);

        Assert.Equal((1946L, 54L), (summary.Succeeded, summary.Failed));
        Assert.Equal(
            Enumerable.Range(0, 2000).Where(i => i % 37 != 3),
            OutputLines.Results(spec.OutputDirectory).Select(r => r["instance"]!["income"]!.GetValue<int>()));
        Assert.Equal(
            Enumerable.Range(0, 2000).Where(i => i % 37 == 3).Select(i => $"broken {i}"),
            OutputLines.Errors(spec.OutputDirectory).Select(e => e["instance"]!.GetValue<string>()));
        Assert.Equal(["job.json", "shard-00000-of-00001.complete"], Directory.GetFiles(Path.Combine(spec.OutputDirectory, "_batch")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ErrorThresholdAbortsTheJob()
    {
        using var scratch = new ScratchDirectory();
        var lines = string.Join('\n', Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? "broken" : "{\"income\":1,\"credit_cards\":2,\"age\":3}"));
        var spec = JobSpecs.Loans(scratch, scratch.File("loans.jsonl", lines), BatchInputFormat.JsonLines) with { MaxErrors = 5, BatchSize = 4, ChunkSize = 8 };
        var error = await Assert.ThrowsAsync<BatchJobException>(() => serving.Loans.Engine.RunAsync(spec, null, CancellationToken.None));
        Assert.Contains("more than the 5 allowed", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(spec.OutputDirectory, "prediction.results-*"));
    }

    [Fact]
    public async Task CancellationStopsTheJobAndARerunFinishesIt()
    {
        using var scratch = new ScratchDirectory();
        var input = scratch.File("loans.jsonl", string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"{{\"income\":{i},\"credit_cards\":2,\"age\":40}}")));
        var spec = JobSpecs.Loans(scratch, input, BatchInputFormat.JsonLines) with { BatchSize = 8, ChunkSize = 16, Workers = 1 };
        using var cancel = new CancellationTokenSource();
        var progress = new Progress<BatchProgress>(p =>
        {
            if (p.Succeeded > 100)
            {
                cancel.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving.Loans.Engine.RunAsync(spec, progress, cancel.Token));
        var summary = await serving.Loans.Engine.RunAsync(spec, null, CancellationToken.None);
        Assert.True(summary.ResumedChunks > 0);
        Assert.Equal(3000, summary.Succeeded);
        var incomes = OutputLines.Results(spec.OutputDirectory).Select(r => r["instance"]!["income"]!.GetValue<int>());
        Assert.Equal(Enumerable.Range(0, 3000), incomes);
    }

    [Fact]
    public async Task ShardsCoverEveryLineExactlyOnce()
    {
        using var scratch = new ScratchDirectory();
        scratch.File("a.jsonl", string.Join('\n', Enumerable.Range(0, 250).Select(i => $"{{\"income\":{i},\"credit_cards\":1,\"age\":30}}")));
        scratch.File("b.jsonl", string.Join('\n', Enumerable.Range(250, 101).Select(i => $"{{\"income\":{i},\"credit_cards\":1,\"age\":30}}")));
        var totals = new List<long>();
        for (var shard = 0; shard < 3; shard++)
        {
            var spec = JobSpecs.Loans(scratch, scratch.Combine("*.jsonl"), BatchInputFormat.JsonLines) with { ShardIndex = shard, ShardCount = 3, ChunkSize = 32 };
            totals.Add((await serving.Loans.Engine.RunAsync(spec, null, CancellationToken.None)).Succeeded);
        }

        Assert.All(totals, t => Assert.InRange(t, 1, 350));
        var incomes = OutputLines.Results(scratch.Combine("out")).Select(r => r["instance"]!["income"]!.GetValue<int>()).Order();
        Assert.Equal(Enumerable.Range(0, 351), incomes);
        Assert.Equal(3, Directory.GetFiles(scratch.Combine("out"), "prediction.results-*-of-00003").Length);
    }

    [Fact]
    public async Task AnOutputDirectoryOfAnotherJobIsRefused()
    {
        using var scratch = new ScratchDirectory();
        var input = scratch.File("loans.jsonl", "{\"income\":1,\"credit_cards\":2,\"age\":3}\n");
        await serving.Loans.Engine.RunAsync(JobSpecs.Loans(scratch, input, BatchInputFormat.JsonLines), null, CancellationToken.None);
        var other = JobSpecs.Loans(scratch, input, BatchInputFormat.JsonLines) with { BatchSize = 7 };
        var error = await Assert.ThrowsAsync<BatchJobException>(() => serving.Loans.Engine.RunAsync(other, null, CancellationToken.None));
        Assert.Contains("different job", error.Message, StringComparison.Ordinal);
    }

    internal static JsonNode Parse(string line) => JsonNode.Parse(line)!;
}
