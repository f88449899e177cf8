using System.Diagnostics.Metrics;
using ModelServing.Gateway.Hosting;

namespace ModelServing.Gateway.Telemetry;

/// <summary>Metrics of a remote model repository: what could not be fetched, and how much was downloaded.</summary>
/// <remarks>Thread-safe; the instruments read the repository's current problems when a reader collects. Registered only for a
/// remote repository, on the gateway's meter.</remarks>
internal sealed class StoreMetrics
{
    public StoreMetrics(IMeterFactory meterFactory, RemoteRepository repository)
    {
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        meter.CreateObservableGauge(
            "modelserving.repository.store.problems",
            () => Observe(repository),
            "{problem}",
            "Problems fetching the remote model repository, by scope (repository: the store cannot be listed, and every model keeps its mirrored copy; model: a model-level file; version: a version directory) and error code.");
        meter.CreateObservableCounter(
            "modelserving.repository.store.downloaded",
            () => repository.Mirror.BytesDownloaded,
            "By",
            "Bytes downloaded from the remote model repository into the local mirror.");
    }

    private static IEnumerable<Measurement<int>> Observe(RemoteRepository repository)
    {
        var problems = repository.Problems;
        yield return new Measurement<int>(problems.Repository is null ? 0 : 1, new("scope", "repository"), new("code", problems.Repository?.ErrorCode ?? "OK"));
        foreach (var group in problems.Models.Values.GroupBy(p => p.ErrorCode))
        {
            yield return new Measurement<int>(group.Count(), new("scope", "model"), new("code", group.Key));
        }

        foreach (var group in problems.Versions.Values.SelectMany(v => v.Values).GroupBy(p => p.ErrorCode))
        {
            yield return new Measurement<int>(group.Count(), new("scope", "version"), new("code", group.Key));
        }
    }
}
