using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Inference;
using Microsoft.Extensions.DependencyInjection;
using ModelServing.Core.Repository;
using ModelServing.Core.Telemetry;
using ModelServing.Gateway.Tests.Http;
using ModelServing.Gateway.Tests.TestSupport;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Tests.Grpc;

/// <summary>
/// The same cases through TF Serving REST and gRPC and Open Inference v2 REST and gRPC: the same answers, and errors of the
/// same class (<see cref="s_statusClasses"/>), since all four adapters share one inference path.
/// </summary>
public sealed class ProtocolConformanceGrpcTests(GrpcConformanceFixture fixture) : IClassFixture<GrpcConformanceFixture>
{
    /// <summary>The one map between the REST status and the gRPC status of an error class.</summary>
    private static readonly Dictionary<int, StatusCode> s_statusClasses = new()
    {
        [400] = StatusCode.InvalidArgument,
        [404] = StatusCode.NotFound,
        [429] = StatusCode.ResourceExhausted,
        [503] = StatusCode.Unavailable,
        [504] = StatusCode.DeadlineExceeded,
    };

    private static readonly float[] s_one = [1];

    private GatewayHost Host => fixture.Host;

    [Theory]
    [MemberData(nameof(ProtocolConformanceTests.LoanCases), MemberType = typeof(ProtocolConformanceTests))]
    public async Task Loans_SameRowsThroughRestAndGrpc_SameApprovedAndProbabilities(float[] income, float[] cards, float[] age)
    {
        var request = ConformanceRequest.Loans("loans", income, cards, age);

        var tfRest = await PostOkAsync(request.TfRestPath, request.TfRestBody());
        var v2Rest = await PostOkAsync(request.V2RestPath, request.V2RestBody());
        var tfGrpc = await new PredictionService.PredictionServiceClient(Host.Channel).PredictAsync(request.TfGrpc());
        var v2Grpc = await new GRPCInferenceService.GRPCInferenceServiceClient(Host.Channel).ModelInferAsync(request.V2Grpc());

        var approved = tfRest["outputs"]!["approved"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray();
        var probabilities = tfRest["outputs"]!["probabilities"]!.AsArray().SelectMany(r => r!.AsArray()).Select(v => v!.GetValue<float>()).ToArray();
        var v2Outputs = v2Rest["outputs"]!.AsArray().ToDictionary(o => o!["name"]!.GetValue<string>(), o => o!["data"]!.AsArray());
        Assert.Equal(approved, v2Outputs["approved"].Select(v => v!.GetValue<long>()));
        Assert.Equal(probabilities, v2Outputs["probabilities"].Select(v => v!.GetValue<float>()));
        Assert.Equal(approved, GrpcTensors.Longs(tfGrpc.Outputs["approved"]));
        Assert.Equal(probabilities, GrpcTensors.Floats(tfGrpc.Outputs["probabilities"]));
        Assert.Equal(approved, GrpcTensors.Longs(v2Grpc, "approved"));
        Assert.Equal(probabilities, GrpcTensors.Floats(v2Grpc, "probabilities"));
    }

    public static TheoryData<string, int> ErrorCases => new()
    {
        { "unknown model", 404 },
        { "wrong value type", 400 },
        { "missing input", 400 },
        { "not ready", 503 },
        { "queue full", 429 },
        { "inference timeout", 504 },
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task Errors_SameCaseThroughRestAndGrpc_SameErrorClass(string name, int expected)
    {
        var request = name switch
        {
            "unknown model" => ConformanceRequest.Loans("nosuch", s_one, s_one, s_one),
            "wrong value type" => new ConformanceRequest("loans", [new("income", [1], Text: "x"), new("credit_cards", [1], s_one), new("age", [1], s_one)]),
            "missing input" => new ConformanceRequest("loans", [new("income", [1], s_one), new("credit_cards", [1], s_one)]),
            "not ready" => ConformanceRequest.Loans("broken", s_one, s_one, s_one),
            "queue full" => new ConformanceRequest("slow-queue", [new("x", [1, 1], s_one)]),
            "inference timeout" => new ConformanceRequest("slow-timeout", [new("x", [1, 1], s_one)]),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
        };
        await using var queue = name == "queue full" ? await FullQueue.FillAsync(Host, request) : null;

        var tfRest = await Host.PostJsonAsync(request.TfRestPath, request.TfRestBody());
        var v2Rest = await Host.PostJsonAsync(request.V2RestPath, request.V2RestBody());
        var tfGrpc = await Assert.ThrowsAsync<RpcException>(() => new PredictionService.PredictionServiceClient(Host.Channel).PredictAsync(request.TfGrpc()).ResponseAsync);
        var v2Grpc = await Assert.ThrowsAsync<RpcException>(() => new GRPCInferenceService.GRPCInferenceServiceClient(Host.Channel).ModelInferAsync(request.V2Grpc()).ResponseAsync);

        Assert.All([tfRest, v2Rest], rest =>
        {
            Assert.Equal(expected, rest.Status);
            Assert.False(string.IsNullOrEmpty(rest.Body!["error"]!.GetValue<string>()));
        });
        Assert.All([tfGrpc, v2Grpc], grpc =>
        {
            Assert.Equal(s_statusClasses[expected], grpc.StatusCode);
            Assert.False(string.IsNullOrEmpty(grpc.Status.Detail));
        });
    }

    private async Task<System.Text.Json.Nodes.JsonNode> PostOkAsync(string path, string json)
    {
        var (status, body) = await Host.PostJsonAsync(path, json);
        Assert.True(status == 200, $"{path}: {status} {body?.ToJsonString()}");
        return body!;
    }

    /// <summary>
    /// Two REST calls to a model with one execution slot and one queue place: the first runs (its inference span has started),
    /// the second waits in the queue, so the next is turned away.
    /// </summary>
    private sealed class FullQueue(CancellationTokenSource leave, Task[] calls) : IAsyncDisposable
    {
        public static async Task<FullQueue> FillAsync(GatewayHost host, ConformanceRequest request)
        {
            var runs = new ConcurrentQueue<Activity>();
            using var listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == ServingTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStarted = a => { if (a.OperationName == "inference") { runs.Enqueue(a); } },
            };
            ActivitySource.AddActivityListener(listener);
            var leave = new CancellationTokenSource();
            Task Call() => host.Client.PostAsync(request.TfRestPath, new StringContent(request.TfRestBody()), leave.Token);

            var running = Call();
            // Tags are set just after a span starts; other tests' gateways run in this process too, so spans are told apart by model.
            await WaitUntilAsync(() => runs.Any(a => Equals(a.GetTagItem("modelserving.model"), request.Model)));
            var queued = Call();
            using var lease = host.Services.GetRequiredService<ModelManager>().Snapshot.Models[request.Model].Versions[0].TryAcquire()!;
            await WaitUntilAsync(() => lease.Scheduler.QueueDepth == 1);
            return new FullQueue(leave, [running, queued]);
        }

        public async ValueTask DisposeAsync()
        {
            // The callers leave: the queued one is removed, the running one stops waiting.
            await leave.CancelAsync();
            await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
            leave.Dispose();
        }

        private static async Task WaitUntilAsync(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "the slow model's queue did not fill within 2 minutes");
                await Task.Delay(20);
            }
        }
    }
}
