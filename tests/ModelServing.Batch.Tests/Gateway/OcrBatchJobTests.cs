using System.Text.Json.Nodes;
using ModelServing.Batch.Tests.TestSupport;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Batch.Tests.Gateway;

/// <summary>The composed <c>ocr</c> model of models/ in a batch prediction job: the same door as online calls, no batch-specific code.</summary>
public sealed class OcrBatchJobTests
{
    [Fact]
    public async Task BatchJob_OcrOverJsonlOfPages_WritesTheLinesOfEachPageAndTheBadOneAsAnError()
    {
        using var scratch = new ScratchDirectory();
        var inputs = Directory.CreateDirectory(scratch.Combine("in")).FullName;
        var outputs = Directory.CreateDirectory(scratch.Combine("out")).FullName;
        string Line(string file) => new JsonObject { ["b64"] = Convert.ToBase64String(File.ReadAllBytes(TestPaths.Sample(file))) }.ToJsonString();
        File.WriteAllLines(Path.Combine(inputs, "pages.jsonl"), [Line("page.jpg"), Line("text-line-180.jpg"), """{"b64":"bm90IGFuIGltYWdl"}"""]);
        await using var gateway = await GatewayHost.StartAsync(
            TestPaths.Models, "--BatchJobs:InputRoot", inputs, "--BatchJobs:OutputRoot", outputs, "--ModelRepository:PollInterval", "00:00:00");

        var (status, created) = await gateway.PostJsonAsync("/v1/batchPredictionJobs", """
            {"model": "ocr", "inputConfig": {"instancesFormat": "jsonl", "uris": ["pages.jsonl"]}, "outputConfig": {"outputDirectory": "o"}, "batchSize": 2}
            """);
        Assert.Equal(200, status);
        var job = await WaitAsync(gateway, created!["name"]!.GetValue<string>());

        Assert.Equal("JOB_STATE_SUCCEEDED", job["state"]!.GetValue<string>());
        var results = OutputLines.Results(Path.Combine(outputs, "o"));
        Assert.Equal(2, results.Count);
        var texts = results.Select(r => string.Join("|", r["prediction"]!.AsArray().Select(l => l!["text"]!.GetValue<string>()))).ToList();
        Assert.Contains("Invoice number 12345|Total amount due: 99.50|Thank you", texts);
        Assert.Contains(texts, t => t.Trim() == "Serving ONNX models 2026");
        var error = Assert.Single(OutputLines.Errors(Path.Combine(outputs, "o")));
        Assert.Equal(400, error["error"]!["code"]!.GetValue<int>());
        Assert.Contains("instance 0 of input 'image'", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<JsonNode> WaitAsync(GatewayHost gateway, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var (status, job) = await gateway.GetJsonAsync($"/v1/{name}");
            Assert.Equal(200, status);
            if (job!["state"]!.GetValue<string>() is "JOB_STATE_SUCCEEDED" or "JOB_STATE_FAILED" or "JOB_STATE_CANCELLED" || DateTime.UtcNow > deadline)
            {
                return job;
            }

            await Task.Delay(100);
        }
    }
}
