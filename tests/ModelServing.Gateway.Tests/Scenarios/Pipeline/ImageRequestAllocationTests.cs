using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelServing.Core.DataPlane;
using ModelServing.Gateway.Tests.TestSupport;
using ModelServing.Protocols.TensorFlowServing;
using Xunit.Abstractions;

namespace ModelServing.Gateway.Tests.Scenarios.Pipeline;

/// <summary>
/// Managed bytes per request on the data plane (TF Serving JSON read, InferenceService with batching on, JSON write; no
/// HTTP) for one base64 JPEG to text-orientation, eight callers at once as scripts/bench-serving.sh loads it.
/// </summary>
[Collection(nameof(AllocationCollection))]
public sealed class ImageRequestAllocationTests(ITestOutputHelper output)
{
    private const int Callers = 8;
    private const int RequestsPerCaller = 100;

    [Fact]
    public async Task Predict_OneJpegEightCallersBatched_AllocatesAtMost120KBPerRequest()
    {
        // Arrange
        using var repository = new TestRepository().WithExampleImageModels();
        var configPath = Path.Combine(repository.Root, "text-orientation", "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["batching"] = JsonNode.Parse("""{"maxBatchSize": 32, "maxQueueDelayMicroseconds": 0}""");
        File.WriteAllText(configPath, config.ToJsonString());
        await using var host = await GatewayHost.StartAsync(repository.Root);
        var service = host.Services.GetRequiredService<InferenceService>();
        var body = Encoding.UTF8.GetBytes($$"""{"instances":[{"b64":"{{Convert.ToBase64String(TextImages.Line("Allocation budget", rotated180: false))}}"}]}""");
        await CallersAsync(service, body, 20);

        // Act
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await CallersAsync(service, body, RequestsPerCaller);
        var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)(Callers * RequestsPerCaller);

        // Assert: the image tensor alone is 108 KB (3x48x192 floats), and so is its copy into a joined batch; both are pooled.
        output.WriteLine($"{perRequest / 1024:F1} KB allocated per request");
        Assert.InRange(perRequest, 0, 120 * 1024);
    }

    private static Task CallersAsync(InferenceService service, byte[] body, int requests) =>
        Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            for (var i = 0; i < requests; i++)
            {
                using var lease = service.Acquire("text-orientation", VersionSelector.Latest);
                var request = PredictRequestReader.Read(body, lease.Pipeline.PublicSignature);
                var result = await service.InferAsync(lease, request.Inputs, null, CancellationToken.None);
                buffer.ResetWrittenCount();
                using var writer = new Utf8JsonWriter(buffer);
                PredictResponseWriter.Write(writer, request.Format, result.Outputs);
            }
        })));
}
