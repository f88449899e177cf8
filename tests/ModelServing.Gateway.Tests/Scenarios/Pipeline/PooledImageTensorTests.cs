using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Pipeline;

/// <summary>
/// Image tensors and joined batch tensors come from a pool and go back after each run: concurrent batched requests must
/// still get exactly the answers they get one at a time (a buffer reused while a run reads it would change them).
/// </summary>
public sealed class PooledImageTensorTests
{
    [Fact]
    public async Task Orientation_ConcurrentBatchedRequests_AnswerExactlyAsSerialOnes()
    {
        // Arrange: text-orientation with batching on, as scripts/bench-serving.sh serves it.
        using var repository = new TestRepository().WithExampleImageModels();
        var configPath = Path.Combine(repository.Root, "text-orientation", "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["batching"] = JsonNode.Parse("""{"maxBatchSize": 8, "maxQueueDelayMicroseconds": 2000}""");
        File.WriteAllText(configPath, config.ToJsonString());
        await using var host = await GatewayHost.StartAsync(repository.Root);
        string[] bodies =
        [
            .. new[] { "Pooled buffers", "Kestrel 8501" }.SelectMany(text => new[] { false, true }.Select(turned =>
                $$"""{"instances":[{"b64":"{{Convert.ToBase64String(TextImages.Line(text, turned))}}"}]}""")),
        ];
        var expected = new string[bodies.Length];
        for (var i = 0; i < bodies.Length; i++)
        {
            var (status, body) = await host.PostRawAsync("/v1/models/text-orientation:predict", bodies[i]);
            Assert.Equal(200, status);
            expected[i] = body;
        }

        // Act: 8 callers, each cycling through the images from a different start.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var got = new List<(int Image, int Status, string Body)>();
            for (var n = 0; n < 24; n++)
            {
                var image = (worker + n) % bodies.Length;
                var (status, body) = await host.PostRawAsync("/v1/models/text-orientation:predict", bodies[image]);
                got.Add((image, status, body));
            }

            return got;
        })));

        // Assert
        Assert.Equal(4, expected.Distinct().Count());
        Assert.All(answers.SelectMany(a => a), answer =>
        {
            Assert.Equal(200, answer.Status);
            Assert.Equal(expected[answer.Image], answer.Body);
        });
    }
}
