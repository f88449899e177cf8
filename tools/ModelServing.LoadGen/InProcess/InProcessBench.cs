using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;
using ModelServing.LoadGen.Http;
using ModelServing.LoadGen.Measurement;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.LoadGen.InProcess;

/// <summary>Measures the in-process limit of a model: raw runs per batch size, the serving function, and one request's path.</summary>
internal static class InProcessBench
{
    /// <summary>What to measure.</summary>
    public sealed record Settings(
        string ModelDirectory,
        string BodyPath,
        IReadOnlyList<int> BatchSizes,
        IReadOnlyList<int> Parallel,
        TimeSpan Duration,
        long MaxBatchBytes,
        IReadOnlyDictionary<string, string> Labels);

    public static async Task<InProcessReport> RunAsync(Settings settings, TextWriter log, CancellationToken cancellationToken)
    {
        using var model = await InProcessModel.LoadAsync(settings.ModelDirectory, cancellationToken).ConfigureAwait(false);
        var body = RequestBodyFile.Load(settings.BodyPath);
        var publicInputs = PredictRequestReader.Read(body.Bytes, model.Pipeline.PublicSignature).Inputs;

        var rowBytes = TensorReplicator.SizeInBytes(model.Pipeline.PrepareInputs(TensorReplicator.Replicate(publicInputs, 1), new ServingContext()));
        var raw = new List<InProcessPoint>();
        foreach (var batch in settings.BatchSizes)
        {
            if (batch > 1 && rowBytes * batch > settings.MaxBatchBytes)
            {
                log.WriteLine($"# skipping batch {batch}: {rowBytes * batch / (1 << 20)} MiB of model input is over --max-batch-mib");
                continue;
            }

            var inputs = model.Pipeline.PrepareInputs(TensorReplicator.Replicate(publicInputs, batch), new ServingContext());
            foreach (var parallel in settings.Parallel)
            {
                var point = await MeasureAsync(batch, parallel, settings.Duration, async () =>
                    await model.Runner.RunAsync(inputs, null, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                log.WriteLine($"# raw run: batch {batch} x{parallel}: {point.ItemsPerSecond:F1} items/s, {point.Latency.P50Ms} ms per run");
                raw.Add(point);
            }
        }

        var rawBest = raw.MaxBy(p => p.ItemsPerSecond);
        List<InProcessPoint>? function = null;
        if (model.Pipeline.HasStages)
        {
            // Callers decode, preprocess and postprocess side by side while the model runs one batch at a time (a gateway with
            // one execution per model does the same), so decoding overlaps inference; the best raw batch need not be the best
            // here, so each is tried.
            function = [];
            using var runGate = new SemaphoreSlim(1, 1);
            foreach (var batch in raw.Select(p => p.Batch).Distinct())
            {
                var replicated = TensorReplicator.Replicate(publicInputs, batch);
                foreach (var parallel in settings.Parallel)
                {
                    var point = await MeasureAsync(batch, parallel, settings.Duration, async () =>
                    {
                        var context = new ServingContext();
                        var inputs = model.Pipeline.PrepareInputs(replicated, context);
                        IReadOnlyDictionary<string, ModelServing.Core.Tensors.TensorData> outputs;
                        await runGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            outputs = await model.Runner.RunAsync(inputs, null, cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            runGate.Release();
                        }

                        model.Pipeline.FinishOutputs(outputs, context);
                    }).ConfigureAwait(false);
                    log.WriteLine($"# serving function: batch {batch} x{parallel}: {point.ItemsPerSecond:F1} items/s");
                    function.Add(point);
                }
            }
        }

        var output = new ArrayBufferWriter<byte>();
        var request = await MeasureAsync(body.Items, 1, settings.Duration, async () =>
        {
            var parsed = PredictRequestReader.Read(body.Bytes, model.Pipeline.PublicSignature);
            InputValidator.Validate(model.Pipeline.PublicSignature, parsed.Inputs);
            var context = new ServingContext();
            var outputs = await model.Runner.RunAsync(model.Pipeline.PrepareInputs(parsed.Inputs, context), null, cancellationToken).ConfigureAwait(false);
            output.ResetWrittenCount();
            using var writer = new Utf8JsonWriter(output);
            PredictResponseWriter.Write(writer, parsed.Format, model.Pipeline.FinishOutputs(outputs, context));
        }).ConfigureAwait(false);
        log.WriteLine($"# request path: {request.Latency.P50Ms} ms p50, {request.ItemsPerSecond:F1} items/s");

        var functionBest = function?.MaxBy(p => p.ItemsPerSecond);
        return new InProcessReport(
            "inprocess",
            model.Name,
            model.Version,
            model.Runner.ExecutionProvider,
            settings.Labels,
            raw,
            rawBest,
            function,
            functionBest,
            request,
            body.Items,
            (functionBest ?? rawBest)?.ItemsPerSecond ?? request.ItemsPerSecond);
    }

    /// <summary>
    /// Runs <paramref name="call"/> on <paramref name="parallel"/> dedicated threads: first for a warm-up (half the duration, at
    /// most 1 s: tiered JIT, the runtime's memory arena and patterns settle), then until <paramref name="duration"/> has passed
    /// (at least twice per thread); reports items per second over the measured wall-clock time.
    /// </summary>
    private static async Task<InProcessPoint> MeasureAsync(int batch, int parallel, TimeSpan duration, Func<Task> call)
    {
        var warmup = TimeSpan.FromTicks(Math.Min(duration.Ticks / 2, TimeSpan.TicksPerSecond));
        await RunWorkersAsync(parallel, Stopwatch.GetTimestamp() + MeasuredWindow.Ticks(warmup), call).ConfigureAwait(false);
        var start = Stopwatch.GetTimestamp();
        var results = await RunWorkersAsync(parallel, start + MeasuredWindow.Ticks(duration), call).ConfigureAwait(false);
        var total = new LatencyHistogram();
        foreach (var (histogram, _) in results)
        {
            total.Add(histogram);
        }

        var seconds = Stopwatch.GetElapsedTime(start, results.Max(r => r.Ended)).TotalSeconds;
        return new InProcessPoint(batch, parallel, total.Count, Math.Round(total.Count * batch / seconds, 1), LatencySummary.Of(total));
    }

    private static Task<(LatencyHistogram Histogram, long Ended)[]> RunWorkersAsync(int parallel, long deadline, Func<Task> call) =>
        Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Factory.StartNew(
            () =>
            {
                var histogram = new LatencyHistogram();
                for (var done = 0; done < 2 || Stopwatch.GetTimestamp() < deadline; done++)
                {
                    var began = Stopwatch.GetTimestamp();
                    call().GetAwaiter().GetResult();
                    histogram.RecordTicks(Stopwatch.GetTimestamp() - began);
                }

                return (histogram, Stopwatch.GetTimestamp());
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));
}
