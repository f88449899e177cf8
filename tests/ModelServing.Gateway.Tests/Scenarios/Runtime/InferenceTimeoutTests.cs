using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ModelServing.Core.Telemetry;
using ModelServing.Gateway.Tests.Telemetry;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Runtime;

/// <summary>
/// A real model that takes seconds per run: its inference timeout stops ONNX Runtime mid-run, and so does every caller of
/// a batch going away. "Stopped" is read from what the run reports (a timeout answer, a cancelled inference span), never
/// from how long it took, so a busy machine slows these tests down without failing them.
/// </summary>
public sealed class InferenceTimeoutTests
{
    private const string One = """{"instances":[[1.0]]}""";

    [Fact]
    public async Task RunPastTheInferenceTimeout_Is504ForEveryRequest_TheRunIsStoppedAndItsSlotFreed()
    {
        using var repository = new TestRepository()
            .WithSlowModel("slow").WithConfig("slow", """{"runtime": {"inferenceTimeoutMilliseconds": 200}, "batching": {"maxConcurrentExecutions": 1}}""");
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.PostJsonAsync("/v1/models/slow:predict", One)));
        var (v2Status, v2Body) = await host.PostJsonAsync(
            "/v2/models/slow/infer", """{"inputs":[{"name":"x","shape":[1,1],"datatype":"FP32","data":[1.0]}]}""");

        // Only a run that ONNX Runtime gave up on (Terminate) is answered so; one that ran to the end would answer 200.
        Assert.All(answers, a =>
        {
            Assert.Equal(504, a.Status);
            Assert.Equal("Model slow version 1 did not finish within its inference timeout of 200 ms; the run was stopped.", a.Body!["error"]!.GetValue<string>());
        });
        Assert.Equal(504, v2Status);
        Assert.Contains("inference timeout of 200 ms", v2Body!["error"]!.GetValue<string>(), StringComparison.Ordinal);

        // Nothing held on to: the one execution slot is free again and the queue is empty.
        var (againStatus, _) = await host.PostJsonAsync("/v1/models/slow:predict", One);
        Assert.Equal(504, againStatus);
        Assert.Matches(new Regex("""modelserving_queue_depth\{otel_scope_name="ModelServing.Gateway",model="slow",version="1"\} 0"""), await MetricsEndpointTests.ScrapeAsync(host));
    }

    [Fact]
    public async Task EveryCallerOfARunningBatchGone_StopsTheRun()
    {
        var started = new ConcurrentQueue<Activity>();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ServingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            // Tags are set just after a span starts: started spans are kept by name and told apart by model when read.
            ActivityStarted = a => Keep(started, a, model: null),
            ActivityStopped = a => Keep(stopped, a, model: "slow"),
        };
        ActivitySource.AddActivityListener(listener);
        using var repository = new TestRepository()
            .WithSlowModel("slow").WithConfig(
                "slow", """{"runtime": {"inferenceTimeoutMilliseconds": 0}, "batching": {"maxConcurrentExecutions": 1, "maxQueueDelayMicroseconds": 1000}}""");
        await using var host = await GatewayHost.StartAsync(repository.Root);

        // Two callers, dispatched as batches (a queue delay: no run on the caller's own token); both leave once the model runs.
        using var leaving = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 2).Select(async _ =>
        {
            using var content = new StringContent(One, Encoding.UTF8, "application/json");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.PostAsync("/v1/models/slow:predict", content, leaving.Token));
        }).ToArray();
        await WaitUntilAsync(() => started.Any(IsSlow));
        await leaving.CancelAsync();
        await Task.WhenAll(callers);
        await WaitUntilAsync(() => !stopped.IsEmpty);

        // The run that had started ended cancelled (ONNX Runtime told to stop); a run to the end leaves its span's status unset.
        var run = stopped.First();
        Assert.Equal(ActivityStatusCode.Error, run.Status);
        Assert.Contains("canceled", run.StatusDescription, StringComparison.OrdinalIgnoreCase);

        // The execution slot was given back: the next caller gets its answer.
        Assert.Equal(200, (await host.PostJsonAsync("/v1/models/slow:predict", One)).Status);
    }

    /// <summary>Keeps inference spans, of <paramref name="model"/> only when given: other tests' gateways run in the same process.</summary>
    private static void Keep(ConcurrentQueue<Activity> spans, Activity activity, string? model)
    {
        if (activity.OperationName == "inference" && (model is null || Equals(activity.GetTagItem("modelserving.model"), model)))
        {
            spans.Enqueue(activity);
        }
    }

    private static bool IsSlow(Activity activity) => Equals(activity.GetTagItem("modelserving.model"), "slow");

    /// <summary>Waits for a condition as long as a slow model on a busy machine may need; fails the test past that.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 2 minutes");
            await Task.Delay(20);
        }
    }
}
