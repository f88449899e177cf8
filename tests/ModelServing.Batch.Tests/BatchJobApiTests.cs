using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Batch.Tests;

public sealed class BatchJobApiTests
{
    [Fact]
    public async Task CreateRunsTheJobAndStatusShowsItsProgressAndOutputs()
    {
        using var scratch = new ScratchDirectory();
        var inputs = Directory.CreateDirectory(scratch.Combine("in")).FullName;
        var outputs = Directory.CreateDirectory(scratch.Combine("out")).FullName;
        File.WriteAllText(Path.Combine(inputs, "loans.csv"), "\"income\",\"credit_cards\",\"age\"\n2000,2,45\n5000,1,30\n1,2\n");
        await using var gateway = await StartAsync(inputs, outputs);

        var (status, created) = await gateway.PostJsonAsync("/v1/batchPredictionJobs", """
            {"displayName": "loans-csv", "model": "models/loans",
             "inputConfig": {"instancesFormat": "csv", "gcsSource": {"uris": ["loans.csv"]}},
             "outputConfig": {"predictionsFormat": "jsonl", "outputDirectory": "run-1"},
             "batchSize": 2, "instanceConfig": {"instanceType": "object"}}
            """);
        Assert.Equal(200, status);
        var name = created!["name"]!.GetValue<string>();
        Assert.StartsWith("batchPredictionJobs/", name, StringComparison.Ordinal);

        var job = await WaitAsync(gateway, name);
        Assert.Equal("JOB_STATE_SUCCEEDED", job["state"]!.GetValue<string>());
        Assert.Equal("2", job["completionStats"]!["successfulCount"]!.GetValue<string>());
        Assert.Equal("1", job["completionStats"]!["failedCount"]!.GetValue<string>());
        Assert.Equal(2, OutputLines.Results(Path.Combine(outputs, "run-1")).Count);
        Assert.DoesNotContain(scratch.Path, job.ToJsonString(), StringComparison.Ordinal);

        var (listStatus, list) = await gateway.GetJsonAsync("/v1/batchPredictionJobs");
        Assert.Equal(200, listStatus);
        Assert.Single(list!["batchPredictionJobs"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["../secret.csv"]}}""", "outside the input root")]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["/etc/passwd"]}}""", "outside the input root")]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["gs://b/x.csv"]}}""", "not a local path")]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "parquet", "uris": ["a"]}}""", "instancesFormat")]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["a.csv"]}, "outputConfig": {"outputDirectory": "../../x"}}""", "under the output root")]
    [InlineData("""{"inputConfig": {}}""", "'model' is required")]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["a.csv"]}, "batchSize": 0}""", "batchSize")]
    [InlineData("""not json""", "not valid JSON")]
    public async Task BadJobsAreRefusedWithTheReason(string body, string expected)
    {
        using var scratch = new ScratchDirectory();
        var inputs = Directory.CreateDirectory(scratch.Combine("in")).FullName;
        await using var gateway = await StartAsync(inputs, Directory.CreateDirectory(scratch.Combine("out")).FullName);
        var (status, text) = await gateway.PostRawAsync("/v1/batchPredictionJobs", body);
        Assert.Equal(400, status);
        var error = JsonNode.Parse(text)!["error"]!.GetValue<string>();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(scratch.Path, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileListEntriesOutsideTheInputRootFailAlone()
    {
        using var scratch = new ScratchDirectory();
        var inputs = Directory.CreateDirectory(scratch.Combine("in")).FullName;
        var outputs = Directory.CreateDirectory(scratch.Combine("out")).FullName;
        File.Copy(TestPaths.Sample("text-line.jpg"), Path.Combine(inputs, "a.jpg"));
        File.WriteAllText(Path.Combine(inputs, "list.txt"), $"{Path.Combine(inputs, "a.jpg")}\n{TestPaths.Sample("text-line-180.jpg")}\n");
        await using var gateway = await StartAsync(inputs, outputs);
        var (_, created) = await gateway.PostJsonAsync("/v1/batchPredictionJobs", """
            {"model": "text-orientation", "inputConfig": {"instancesFormat": "file-list", "uris": ["list.txt"]}, "outputConfig": {"outputDirectory": "o"}}
            """);
        var job = await WaitAsync(gateway, created!["name"]!.GetValue<string>());
        Assert.Equal("JOB_STATE_SUCCEEDED", job["state"]!.GetValue<string>());
        var error = Assert.Single(OutputLines.Errors(Path.Combine(outputs, "o")));
        Assert.Equal(403, error["error"]!["code"]!.GetValue<int>());
        Assert.Single(OutputLines.Results(Path.Combine(outputs, "o")));
    }

    [Fact]
    public async Task CancelStopsARunningJobAndUnknownJobsAre404()
    {
        using var scratch = new ScratchDirectory();
        var inputs = Directory.CreateDirectory(scratch.Combine("in")).FullName;
        File.WriteAllText(Path.Combine(inputs, "big.jsonl"), string.Join('\n', Enumerable.Range(0, 200_000).Select(i => $"{{\"income\":{i},\"credit_cards\":1,\"age\":30}}")));
        await using var gateway = await StartAsync(inputs, Directory.CreateDirectory(scratch.Combine("out")).FullName);
        var (_, created) = await gateway.PostJsonAsync("/v1/batchPredictionJobs", """
            {"model": "loans", "inputConfig": {"instancesFormat": "jsonl", "uris": ["big.jsonl"]}, "batchSize": 1}
            """);
        var name = created!["name"]!.GetValue<string>();
        var (cancelStatus, _) = await gateway.PostJsonAsync($"/v1/{name}:cancel", "{}");
        Assert.Equal(200, cancelStatus);
        var job = await WaitAsync(gateway, name);
        Assert.Equal("JOB_STATE_CANCELLED", job["state"]!.GetValue<string>());

        var (missing, body) = await gateway.GetJsonAsync("/v1/batchPredictionJobs/nope");
        Assert.Equal(404, missing);
        Assert.Contains("not found", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiIsOffUnlessBothRootsAreConfigured()
    {
        await using var gateway = await GatewayHost.StartAsync(TestPaths.Models, "--ModelRepository:SingleModelName", "loans");
        var (status, body) = await gateway.GetJsonAsync("/v1/batchPredictionJobs");
        Assert.Equal(404, status);
        Assert.Contains("BatchJobs:InputRoot", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static Task<GatewayHost> StartAsync(string inputRoot, string outputRoot) =>
        GatewayHost.StartAsync(TestPaths.Models, "--BatchJobs:InputRoot", inputRoot, "--BatchJobs:OutputRoot", outputRoot, "--ModelRepository:PollInterval", "00:00:00");

    private static async Task<JsonNode> WaitAsync(GatewayHost gateway, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var (status, job) = await gateway.GetJsonAsync($"/v1/{name}");
            Assert.Equal(200, status);
            var state = job!["state"]!.GetValue<string>();
            if (state is "JOB_STATE_SUCCEEDED" or "JOB_STATE_FAILED" or "JOB_STATE_CANCELLED" || DateTime.UtcNow > deadline)
            {
                return job;
            }

            await Task.Delay(50);
        }
    }
}
