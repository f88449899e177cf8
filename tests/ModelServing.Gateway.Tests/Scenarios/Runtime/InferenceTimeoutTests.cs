using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ModelServing.Gateway.Tests.Telemetry;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Runtime;

/// <summary>
/// A real model that takes seconds per run: its inference timeout stops ONNX Runtime mid-run, and so does every caller of
/// a batch going away. "Early" is judged against the same model run to the end on the same machine, never a fixed time.
/// </summary>
public sealed class InferenceTimeoutTests
{
    private const string One = """{"instances":[[1.0]]}""";

    [Fact]
    public async Task RunPastTheInferenceTimeout_Is504ForEveryRequest_AndStopsLongBeforeTheModelWouldFinish()
    {
        using var repository = new TestRepository()
            .WithSlowModel("slow").WithConfig("slow", """{"runtime": {"inferenceTimeoutMilliseconds": 200}, "batching": {"maxConcurrentExecutions": 1}}""")
            .WithSlowModel("slow-untimed").WithConfig("slow-untimed", """{"runtime": {"inferenceTimeoutMilliseconds": 0}}""");
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var full = Stopwatch.StartNew();
        var (fullStatus, fullBody) = await host.PostJsonAsync("/v1/models/slow-untimed:predict", One);
        full.Stop();

        var stopped = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.PostJsonAsync("/v1/models/slow:predict", One)));
        stopped.Stop();
        var (v2Status, v2Body) = await host.PostJsonAsync(
            "/v2/models/slow/infer", """{"inputs":[{"name":"x","shape":[1,1],"datatype":"FP32","data":[1.0]}]}""");

        Assert.Equal(200, fullStatus);
        Assert.Equal(1.0, fullBody!["predictions"]![0]![0]!.GetValue<double>());
        Assert.All(answers, a =>
        {
            Assert.Equal(504, a.Status);
            Assert.Equal("Model slow version 1 did not finish within its inference timeout of 200 ms; the run was stopped.", a.Body!["error"]!.GetValue<string>());
        });
        Assert.Equal(504, v2Status);
        Assert.Contains("inference timeout of 200 ms", v2Body!["error"]!.GetValue<string>(), StringComparison.Ordinal);

        // One execution at a time: run to the end, the three requests would take one to three full runs.
        Assert.True(stopped.Elapsed < full.Elapsed * 0.5, $"timed-out requests took {stopped.Elapsed}, one full run {full.Elapsed}");

        // Nothing held on to: the one execution slot is free again and the queue is empty.
        var (againStatus, _) = await host.PostJsonAsync("/v1/models/slow:predict", One);
        Assert.Equal(504, againStatus);
        Assert.Matches(new Regex("""modelserving_queue_depth\{otel_scope_name="ModelServing.Gateway",model="slow",version="1"\} 0"""), await MetricsEndpointTests.ScrapeAsync(host));
    }

    [Fact]
    public async Task EveryCallerOfARunningBatchGone_StopsTheRun()
    {
        using var repository = new TestRepository()
            .WithSlowModel("slow").WithConfig(
                "slow", """{"runtime": {"inferenceTimeoutMilliseconds": 0}, "batching": {"maxConcurrentExecutions": 1, "maxQueueDelayMicroseconds": 1000}}""");
        await using var host = await GatewayHost.StartAsync(repository.Root);
        var full = Stopwatch.StartNew();
        Assert.Equal(200, (await host.PostJsonAsync("/v1/models/slow:predict", One)).Status);
        full.Stop();
        var before = InferenceSeconds(await MetricsEndpointTests.ScrapeAsync(host));

        // Two callers, dispatched as batches (a queue delay: no run on the caller's own token); both leave while the model runs.
        using var leaving = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var callers = Enumerable.Range(0, 2).Select(async _ =>
        {
            using var content = new StringContent(One, Encoding.UTF8, "application/json");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.PostAsync("/v1/models/slow:predict", content, leaving.Token));
        });
        await Task.WhenAll(callers);
        var (count, seconds) = await WaitForRunsAsync(host, before.Count + 1);

        // The run that was stopped and, if the second caller had queued behind it, nothing else: well under a full run.
        Assert.True(seconds - before.Seconds < full.Elapsed.TotalSeconds * 0.5, $"runs after the callers left took {seconds - before.Seconds} s in {count - before.Count} runs; one full run {full.Elapsed}");

        // The execution slot was given back: the next caller gets its answer.
        Assert.Equal(200, (await host.PostJsonAsync("/v1/models/slow:predict", One)).Status);
    }

    private static async Task<(long Count, double Seconds)> WaitForRunsAsync(GatewayHost host, long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var runs = InferenceSeconds(await MetricsEndpointTests.ScrapeAsync(host));
            if (runs.Count >= count || DateTime.UtcNow > deadline)
            {
                // Give a run that is still finishing the chance to be counted too.
                await Task.Delay(200);
                return InferenceSeconds(await MetricsEndpointTests.ScrapeAsync(host));
            }

            await Task.Delay(50);
        }
    }

    private static (long Count, double Seconds) InferenceSeconds(string metrics)
    {
        var count = Regex.Match(metrics, """modelserving_inference_duration_seconds_count\{otel_scope_name="ModelServing",model="slow",version="1"\} (\d+)""");
        var sum = Regex.Match(metrics, """modelserving_inference_duration_seconds_sum\{otel_scope_name="ModelServing",model="slow",version="1"\} ([0-9.eE+-]+)""");
        return count.Success
            ? (long.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(sum.Groups[1].Value, CultureInfo.InvariantCulture))
            : (0, 0);
    }
}
