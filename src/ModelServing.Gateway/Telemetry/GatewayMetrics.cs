using System.Diagnostics.Metrics;
using System.Globalization;
using ModelServing.Core.Repository;

namespace ModelServing.Gateway.Telemetry;

/// <summary>The gateway's metrics: requests and their latency, queue depth, and what each model version runs on.</summary>
/// <remarks>Thread-safe. The gauges read the model manager's current snapshot when a reader collects.</remarks>
internal sealed class GatewayMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ModelServing.Gateway";

    private static readonly string[] s_statusCodes = [.. Enumerable.Range(0, 600).Select(c => c.ToString(CultureInfo.InvariantCulture))];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly ModelManager _manager;

    public GatewayMetrics(IMeterFactory meterFactory, ModelManager manager)
    {
        _manager = manager;
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("modelserving.requests", "{request}", "Requests (HTTP and gRPC) by model, version, route and status code; gRPC calls also by rpc service, method and status code.");
        _duration = meter.CreateHistogram<double>(
            "modelserving.request.duration", "s", "Time from a request's arrival to its answer.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Core.Telemetry.ServingTelemetry.LatencyBuckets });
        meter.CreateObservableGauge("modelserving.queue.depth", ObserveQueueDepth, "{request}", "Requests waiting in a model version's batching queue.");
        meter.CreateObservableGauge(
            "modelserving.circuit_breaker.state", ObserveBreakers, unit: null,
            "A model version's circuit breaker: 0 closed, 1 half-open (one execution may try), 2 open (answering 503).");
        meter.CreateObservableGauge(
            "modelserving.model.version.info", ObserveVersions, unit: null,
            "1 for every model version, labelled with its state and the execution provider it runs on.");
    }

    /// <summary>Records one finished request.</summary>
    /// <param name="route">The route template (or <c>unmatched</c>): one of a fixed set.</param>
    /// <param name="model">A served model's name, or empty: then the series has no <c>model</c> label.</param>
    /// <param name="version">The version that served the request, or empty: then the series has no <c>version</c> label.</param>
    /// <param name="statusCode">The response's status code.</param>
    /// <param name="seconds">Arrival to answer.</param>
    /// <param name="rpc">A gRPC call's RPC tags, or null for other requests.</param>
    public void RecordRequest(string route, string model, string version, int statusCode, double seconds, GrpcCallTelemetry? rpc = null)
    {
        if (!_requests.Enabled && !_duration.Enabled)
        {
            return;
        }

        var code = (uint)statusCode < s_statusCodes.Length ? s_statusCodes[statusCode] : statusCode.ToString(CultureInfo.InvariantCulture);
        var tags = new System.Diagnostics.TagList { { "route", route }, { "code", code } };
        if (model.Length > 0)
        {
            tags.Add("model", model);
        }

        if (version.Length > 0)
        {
            tags.Add("version", version);
        }

        rpc?.AddTo(ref tags);

        _requests.Add(1, tags);
        _duration.Record(seconds, tags);
    }

    private IEnumerable<Measurement<int>> ObserveQueueDepth()
    {
        foreach (var model in _manager.Snapshot.Models.Values)
        {
            foreach (var version in model.Versions)
            {
                if (version.Scheduler is { } batcher)
                {
                    yield return new Measurement<int>(batcher.QueueDepth, batcher.MetricTags);
                }
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveBreakers()
    {
        foreach (var model in _manager.Snapshot.Models.Values)
        {
            foreach (var version in model.Versions)
            {
                if (version.Scheduler is { } batcher && batcher.Guard.BreakerState is { } state)
                {
                    yield return new Measurement<int>(state switch { "open" => 2, "half_open" => 1, _ => 0 }, batcher.MetricTags);
                }
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveVersions()
    {
        foreach (var model in _manager.Snapshot.Models.Values)
        {
            foreach (var version in model.Versions)
            {
                var status = version.Status;
                yield return new Measurement<int>(
                    1,
                    new("model", model.Name),
                    new("version", version.Number.ToString(CultureInfo.InvariantCulture)),
                    new("provider", status.ExecutionProvider ?? "none"),
                    new("state", status.State.ToString().ToUpperInvariant()));
            }
        }
    }
}
