using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace ModelServing.Core.Telemetry;

/// <summary>The serving core's traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>.</summary>
/// <remarks>
/// Process-wide and thread-safe. With no listener, <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and
/// instruments report <see cref="Instrument.Enabled"/> false, so the hot path costs a few branches.
/// </remarks>
public static class ServingTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "ModelServing";

    private static readonly Meter s_meter = new(Name);

    /// <summary>Bucket bounds in seconds for latency histograms: 100 us to 10 s.</summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Spans: preprocess, queue wait, inference, postprocess.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Rows per model execution, by model and version.</summary>
    public static Histogram<int> BatchSize { get; } = s_meter.CreateHistogram<int>(
        "modelserving.batch.size", "{row}", "Rows per model execution.",
        tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    /// <summary>Seconds a model execution takes (ONNX Runtime's run), by model and version.</summary>
    public static Histogram<double> InferenceDuration { get; } = s_meter.CreateHistogram<double>(
        "modelserving.inference.duration", "s", "Time one model execution takes.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    /// <summary>Seconds a request waits in the batching queue before its batch starts, by model and version.</summary>
    public static Histogram<double> QueueWait { get; } = s_meter.CreateHistogram<double>(
        "modelserving.queue.wait", "s", "Time a request waits in the batching queue.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    /// <summary>Model version loads by model, version and outcome (<c>available</c>, <c>failed</c>, <c>unloaded</c>).</summary>
    public static Counter<long> ModelLoadEvents { get; } = s_meter.CreateCounter<long>(
        "modelserving.model.load.events", "{event}", "Model version load events by outcome.");

    /// <summary>The <c>model</c> and <c>version</c> tags of a model version, built once per version.</summary>
    public static KeyValuePair<string, object?>[] VersionTags(string modelName, long version) =>
        [new("model", modelName), new("version", version.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Records a model load event.</summary>
    public static void RecordLoadEvent(string modelName, long version, string outcome)
    {
        if (ModelLoadEvents.Enabled)
        {
            ModelLoadEvents.Add(1, new("model", modelName), new("version", version.ToString(CultureInfo.InvariantCulture)), new("outcome", outcome));
        }
    }
}
