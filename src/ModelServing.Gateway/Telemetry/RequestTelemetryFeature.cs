namespace ModelServing.Gateway.Telemetry;

/// <summary>What a request served, filled in by the protocol handlers for the request metrics and span.</summary>
internal sealed class RequestTelemetryFeature
{
    /// <summary>The version's <c>model</c> and <c>version</c> tags once a handler has leased it, else null.</summary>
    public KeyValuePair<string, object?>[]? VersionTags { get; set; }

    /// <summary>Records the leased version on the current request, when telemetry is on.</summary>
    public static void Served(HttpContext context, Core.Repository.VersionLease lease)
    {
        if (context.Features.Get<RequestTelemetryFeature>() is { } feature)
        {
            feature.VersionTags = lease.Scheduler.MetricTags;
        }
    }
}
