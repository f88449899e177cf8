using Grpc.Core;

namespace ModelServing.Gateway.Telemetry;

/// <summary>What a request served, filled in by the protocol handlers (REST and gRPC) for the request metrics and span.</summary>
internal sealed class RequestTelemetryFeature
{
    /// <summary>The version's <c>model</c> and <c>version</c> tags once a handler has leased it, else null.</summary>
    public KeyValuePair<string, object?>[]? VersionTags { get; set; }

    /// <summary>The model a request named outside its route (a gRPC message's model spec), else null; a label only when served.</summary>
    public string? RequestedModel { get; set; }

    /// <summary>Records the leased version on the current request, when telemetry is on.</summary>
    public static void Served(HttpContext context, Core.Repository.VersionLease lease)
    {
        if (context.Features.Get<RequestTelemetryFeature>() is { } feature)
        {
            feature.VersionTags = lease.Scheduler.MetricTags;
        }
    }

    /// <summary>Records the leased version on the current gRPC call (e.g. <c>lease =&gt; RequestTelemetryFeature.Served(context, lease)</c>).</summary>
    public static void Served(ServerCallContext context, Core.Repository.VersionLease lease)
    {
        ArgumentNullException.ThrowIfNull(context);
        Served(context.GetHttpContext(), lease);
    }

    /// <summary>
    /// Records the model a gRPC call names (metadata, status, health), for calls that lease no version. The metrics and span
    /// carry it only if the repository serves a model of that name and the caller was let in.
    /// </summary>
    public static void Named(ServerCallContext context, string model)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetHttpContext().Features.Get<RequestTelemetryFeature>() is { } feature)
        {
            feature.RequestedModel = model;
        }
    }
}
