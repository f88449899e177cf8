using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ModelServing.Core.Repository;
using ModelServing.Gateway.Tests.TestSupport;
using Tensorflow;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Tests.Grpc.TensorFlowServing;

/// <summary>Queue limits and gRPC deadlines over Predict, with a real detector keeping the only execution slot busy (as Scenarios/Batching/QueuePolicyTests over REST).</summary>
public sealed class PredictQueuePolicyTests
{
    private static async Task<(GatewayHost Host, TestRepository Repository, byte[] Page)> StartAsync(string batching)
    {
        var repository = new TestRepository().WithExampleImageModels();
        var configPath = Path.Combine(repository.Root, "text-detection", "config.json");
        File.WriteAllText(configPath, File.ReadAllText(configPath).TrimEnd().TrimEnd('}') + $",\"batching\": {batching}}}");
        var host = await GatewayHost.StartWithGrpcAsync(repository.Root);
        return (host, repository, TextImages.Page(1920, 1440, [(100, 100, "a slow page keeps the model busy")]));
    }

    /// <summary>Several pages in one REST request run as one-row batches; the request holds its queue place until the last starts.</summary>
    private static async Task<HttpResponseMessage> PagesAsync(GatewayHost host, byte[] page, int count)
    {
        var instance = $$"""{"b64":"{{Convert.ToBase64String(page)}}"}""";
        using var content = new StringContent($$"""{"instances":[{{string.Join(',', Enumerable.Repeat(instance, count))}}]}""", Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        return await host.Client.PostAsync("/v1/models/text-detection:predict", content);
    }

    private static PredictRequest OnePage(byte[] page) => new()
    {
        ModelSpec = new ModelSpec { Name = "text-detection" },
        Inputs = { ["image"] = new TensorProto { Dtype = DataType.DtString, TensorShape = TfGrpcFixture.Shape(1), StringVal = { ByteString.CopyFrom(page) } } },
    };

    /// <summary>Sends Predict over raw HTTP/2 with only a <c>grpc-timeout</c> header (no client-side deadline) and returns the server's <c>grpc-status</c>.</summary>
    private static async Task<string?> ServerDeadlineStatusAsync(GatewayHost host, PredictRequest message, string timeout)
    {
        var payload = message.ToByteArray();
        var body = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(body, 5);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{host.Channel!.Target}/tensorflow.serving.PredictionService/Predict")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        using var response = await http.SendAsync(request);
        _ = await response.Content.ReadAsByteArrayAsync();
        return response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single() : null;
    }

    private static async Task WaitForQueuedAsync(GatewayHost host, int depth)
    {
        var manager = host.Services.GetRequiredService<ModelManager>();
        using var lease = manager.Snapshot.Models["text-detection"].Versions[0].TryAcquire()!;
        for (var i = 0; i < 600 && lease.Scheduler.QueueDepth < depth; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(depth, lease.Scheduler.QueueDepth);
    }

    [Fact]
    public async Task Predict_FullQueue_ResourceExhaustedWithRetryAfter()
    {
        var (host, repository, page) = await StartAsync("""{"maxBatchSize": 1, "maxConcurrentExecutions": 1, "maxQueueSize": 1}""");
        await using (host)
        using (repository)
        {
            var running = PagesAsync(host, page, 6);
            await WaitForQueuedAsync(host, 1);
            var client = new PredictionService.PredictionServiceClient(host.Channel);

            var call = client.PredictAsync(OnePage(page));
            var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
            using var first = await running;

            Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
            Assert.Contains("queue is full", ex.Status.Detail, StringComparison.Ordinal);
            Assert.Equal("1", call.GetTrailers().GetValue("retry-after"));
            Assert.Equal(200, (int)first.StatusCode);
        }
    }

    [Fact]
    public async Task Predict_DeadlinePassesWhileQueued_DeadlineExceededAndOthersSucceed()
    {
        var (host, repository, page) = await StartAsync("""{"maxBatchSize": 1, "maxConcurrentExecutions": 1}""");
        await using (host)
        using (repository)
        {
            // Two requests of six pages (the most one request may hold) keep the only execution busy for well over a second
            // even on a fast machine, so both 300 ms deadlines below (sent together, not one after the other) pass while
            // their requests are still queued.
            var running = PagesAsync(host, page, 6);
            await WaitForQueuedAsync(host, 1);
            var queued = PagesAsync(host, page, 6);
            await WaitForQueuedAsync(host, 2);
            var client = new PredictionService.PredictionServiceClient(host.Channel);

            var clientSide = Assert.ThrowsAsync<RpcException>(() => client.PredictAsync(OnePage(page), deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync);
            // The same deadline sent only as the grpc-timeout header, which the client does not enforce: the answer is the server's.
            var serverSideCall = ServerDeadlineStatusAsync(host, OnePage(page), "300m");
            var ex = await clientSide;
            var serverSide = await serverSideCall;
            using var first = await running;
            using var second = await queued;
            var after = await client.PredictAsync(OnePage(page));

            Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
            Assert.Equal(((int)StatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture), serverSide);
            Assert.Equal(200, (int)first.StatusCode);
            Assert.Equal(200, (int)second.StatusCode);
            Assert.Single(after.Outputs);
        }
    }
}
