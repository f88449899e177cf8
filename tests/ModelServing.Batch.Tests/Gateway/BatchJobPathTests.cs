using System.Text.Json.Nodes;
using ModelServing.Batch.Tests.TestSupport;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Batch.Tests.Gateway;

/// <summary>
/// The batch job API's paths: text no path can be is a 400 naming the field (not a 500), only regular files are read, and
/// a job's errors name inputs as the caller did, never with the server's input root.
/// </summary>
public sealed class BatchJobPathTests
{
    [Theory]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["a\u0000b.csv"]}}""",
        "'inputConfig.uris[0]' contains a character that is not allowed in a path")]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "gcsSource": {"uris": ["a.csv", "b\u0000"]}}}""",
        "'inputConfig.gcsSource.uris[1]' contains a character that is not allowed in a path")]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["a.csv"]}, "outputConfig": {"outputDirectory": "o\u0000ut"}}""",
        "'outputConfig.outputDirectory' contains a character that is not allowed in a path")]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["file://host:99999/a.csv"]}}""",
        "'inputConfig.uris[0]' is not a valid file:// URI")]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["file:///in/a%00b.csv"]}}""",
        "'inputConfig.uris[0]' contains a character that is not allowed in a path")]
    [InlineData("""{"model": "\ud800", "inputConfig": {"instancesFormat": "csv", "uris": ["a.csv"]}}""",
        "'model' is not valid Unicode text")]
    [InlineData("""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["\udc00.csv"]}}""",
        "'inputConfig.uris[0]' is not valid Unicode text")]
    public async Task Create_PathOrTextNoPathCanBe_Answers400NamingTheField(string body, string expected)
    {
        using var scratch = new ScratchDirectory();
        await using var gateway = await StartAsync(scratch);

        var (status, text) = await gateway.PostRawAsync("/v1/batchPredictionJobs", body);

        Assert.Equal(400, status);
        var error = JsonNode.Parse(text)!["error"]!.GetValue<string>();
        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task Create_NameLongerThanTheFileSystemTakes_Answers400NamingTheField()
    {
        using var scratch = new ScratchDirectory();
        await using var gateway = await StartAsync(scratch);
        var name = new string('a', 300);

        var (inputStatus, input) = await gateway.PostRawAsync(
            "/v1/batchPredictionJobs", $$$"""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["{{{name}}}/x.csv"]}}""");
        var (outputStatus, output) = await gateway.PostRawAsync(
            "/v1/batchPredictionJobs", $$$"""{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["x.csv"]}, "outputConfig": {"outputDirectory": "{{{name}}}"}}""");

        Assert.Equal((400, "'inputConfig.uris[0]' has a file or folder name longer than 255 bytes"), (inputStatus, Error(input)));
        Assert.Equal((400, "'outputConfig.outputDirectory' has a file or folder name longer than 255 bytes"), (outputStatus, Error(output)));
    }

    [Fact]
    public async Task Job_InputMatchingNothing_FailsNamingTheCallersRelativePathOnly()
    {
        using var scratch = new ScratchDirectory();
        await using var gateway = await StartAsync(scratch);

        var job = await RunAsync(gateway, """{"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["missing/*.csv"]}}""");

        Assert.Equal("JOB_STATE_FAILED", job["state"]!.GetValue<string>());
        Assert.Equal("No input file matches \"missing/*.csv\"", job["error"]!["message"]!.GetValue<string>());
        Assert.DoesNotContain(scratch.Path, job.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_FifoMatchingTheGlob_IsNotReadAndTheJobFinishes()
    {
        using var scratch = new ScratchDirectory();
        var inputs = Directory.CreateDirectory(scratch.Combine("in")).FullName;
        File.WriteAllText(Path.Combine(inputs, "a.csv"), "\"income\",\"credit_cards\",\"age\"\n2000,2,45\n5000,1,30\n");
        Fifo.Create(Path.Combine(inputs, "b.csv"));
        await using var gateway = await StartAsync(scratch);

        var job = await RunAsync(gateway, """
            {"model": "loans", "inputConfig": {"instancesFormat": "csv", "uris": ["*.csv"]}, "instanceConfig": {"instanceType": "object"}}
            """);

        Assert.Equal("JOB_STATE_SUCCEEDED", job["state"]!.GetValue<string>());
        Assert.Equal(("2", "0"), (job["completionStats"]!["successfulCount"]!.GetValue<string>(), job["completionStats"]!["failedCount"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Job_FileListEntryNamingAFifo_FailsThatInstanceAlone()
    {
        using var scratch = new ScratchDirectory();
        var inputs = Directory.CreateDirectory(scratch.Combine("in")).FullName;
        File.Copy(TestPaths.Sample("text-line.jpg"), Path.Combine(inputs, "a.jpg"));
        Fifo.Create(Path.Combine(inputs, "b.jpg"));
        File.WriteAllText(Path.Combine(inputs, "list.txt"), $"{Path.Combine(inputs, "a.jpg")}\n{Path.Combine(inputs, "b.jpg")}\n");
        await using var gateway = await StartAsync(scratch);

        var job = await RunAsync(gateway, """
            {"model": "text-orientation", "inputConfig": {"instancesFormat": "file-list", "uris": ["list.txt"]}, "outputConfig": {"outputDirectory": "o"}}
            """);

        Assert.Equal("JOB_STATE_SUCCEEDED", job["state"]!.GetValue<string>());
        var error = Assert.Single(OutputLines.Errors(Path.Combine(scratch.Combine("out"), "o")));
        Assert.Equal(400, error["error"]!["code"]!.GetValue<int>());
        Assert.StartsWith("file is a FIFO, not a regular file: ", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(OutputLines.Results(Path.Combine(scratch.Combine("out"), "o")));
    }

    private static string Error(string body) => JsonNode.Parse(body)!["error"]!.GetValue<string>();

    private static Task<GatewayHost> StartAsync(ScratchDirectory scratch) =>
        GatewayHost.StartAsync(
            TestPaths.Models,
            "--BatchJobs:InputRoot", Directory.CreateDirectory(scratch.Combine("in")).FullName,
            "--BatchJobs:OutputRoot", Directory.CreateDirectory(scratch.Combine("out")).FullName,
            "--ModelRepository:PollInterval", "00:00:00");

    private static async Task<JsonNode> RunAsync(GatewayHost gateway, string body)
    {
        var (status, created) = await gateway.PostJsonAsync("/v1/batchPredictionJobs", body);
        Assert.True(status == 200, created?.ToJsonString());
        var name = created!["name"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var (_, job) = await gateway.GetJsonAsync($"/v1/{name}");
            var state = job!["state"]!.GetValue<string>();
            if (state is "JOB_STATE_SUCCEEDED" or "JOB_STATE_FAILED" or "JOB_STATE_CANCELLED" || DateTime.UtcNow > deadline)
            {
                return job;
            }

            await Task.Delay(50);
        }
    }
}
