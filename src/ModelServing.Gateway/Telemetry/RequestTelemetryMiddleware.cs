using System.Diagnostics;
using ModelServing.Core.Repository;

namespace ModelServing.Gateway.Telemetry;

/// <summary>
/// Per request: echoes <c>x-request-id</c> (the caller's, or a new one), puts it in the log scope and on the server span,
/// names and tags the span, records the request metrics and writes the access log entry when that is on.
/// </summary>
/// <remarks>
/// Metric labels and span tags name a model and version only when a served model did: the leased version's, or the model
/// the route names when the repository serves it and the caller was let in. A caller's name for a model that is not served
/// (404s, 401s, names of any length) never becomes a label, so unauthenticated callers cannot grow <c>/metrics</c>; such
/// requests count under their route template alone. The access log keeps the requested name, cut to a bounded length.
/// </remarks>
internal sealed partial class RequestTelemetryMiddleware(
    RequestDelegate next, GatewayMetrics metrics, AccessLog accessLog, ModelManager manager, ILogger<RequestTelemetryMiddleware> logger)
{
    /// <summary>The request-id header.</summary>
    public const string RequestIdHeader = "x-request-id";

    private const int MaxRequestIdLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestId(context.Request.Headers[RequestIdHeader].ToString());
        context.Response.Headers[RequestIdHeader] = requestId;
        var feature = new RequestTelemetryFeature();
        context.Features.Set(feature);
        var activity = Activity.Current;
        activity?.SetTag("http.request.header.x-request-id", requestId);

        using (logger.BeginScope(new RequestIdScope(requestId)))
        {
            try
            {
                await next(context);
            }
            finally
            {
                Finish(context, feature, activity, started, requestId);
            }
        }
    }

    private void Finish(HttpContext context, RequestTelemetryFeature feature, Activity? activity, long started, string requestId)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        var status = context.Response.StatusCode;
        var rpc = GrpcCallTelemetry.Read(context);
        var (model, version) = ServedLabels(context, feature, status, rpc);
        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.RecordRequest(route, model, version, status, elapsed.TotalSeconds, rpc);
        if (accessLog.Enabled)
        {
            var requested = model.Length > 0 ? model : context.GetRouteValue("name") as string ?? feature.RequestedModel ?? string.Empty;
            accessLog.Write(context.Request.Method, route, requested, version, status, elapsed, requestId, rpc?.StatusCode);
        }

        if (activity is { IsAllDataRequested: true })
        {
            var method = KnownMethod(context.Request.Method);
            activity.DisplayName = rpc?.SpanName ?? method + " " + route;
            activity.SetTag("http.request.method", method);
            activity.SetTag("url.path", context.Request.Path.Value);
            activity.SetTag("http.route", route);
            activity.SetTag("http.response.status_code", status);
            if (model.Length > 0)
            {
                activity.SetTag("modelserving.model", model);
            }

            if (version.Length > 0)
            {
                activity.SetTag("modelserving.version", version);
            }

            rpc?.AddTo(activity);
            if (status >= 500 || rpc is { ServerError: true })
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    /// <summary>
    /// The model and version a request is labelled with: the leased version's; else the served model the route (or a gRPC
    /// message, <see cref="RequestTelemetryFeature.RequestedModel"/>) names, when the caller was let in (not 401 or 403, not
    /// UNAUTHENTICATED or PERMISSION_DENIED); else none (empty).
    /// </summary>
    private (string Model, string Version) ServedLabels(HttpContext context, RequestTelemetryFeature feature, int status, GrpcCallTelemetry? rpc)
    {
        if (feature.VersionTags is { } tags)
        {
            return ((string)tags[0].Value!, (string)tags[1].Value!);
        }

        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
            || rpc is { Rejected: true }
            || (context.GetRouteValue("name") as string ?? feature.RequestedModel) is not { } name
            || !manager.Snapshot.Models.TryGetValue(name, out var served))
        {
            return (string.Empty, string.Empty);
        }

        return (served.Name, string.Empty);
    }

    /// <summary>The method when it is a standard one, else <c>_OTHER</c> (as OpenTelemetry's conventions say): a bounded tag.</summary>
    private static string KnownMethod(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)
        || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsPatch(method) || HttpMethods.IsTrace(method)
        || HttpMethods.IsConnect(method)
            ? method
            : "_OTHER";

    /// <summary>The caller's id when it is short printable ASCII (it is echoed and logged), else a new one.</summary>
    private static string RequestId(string given)
    {
        if (given.Length is > 0 and <= MaxRequestIdLength && given.All(c => c is > ' ' and < (char)127))
        {
            return given;
        }

        return Guid.NewGuid().ToString("N");
    }

    /// <summary>The log scope: one <c>RequestId</c>-style property named <c>XRequestId</c>.</summary>
    private sealed class RequestIdScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("XRequestId", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "XRequestId:" + requestId;
    }
}
