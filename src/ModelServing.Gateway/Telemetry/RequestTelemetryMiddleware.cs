using System.Diagnostics;

namespace ModelServing.Gateway.Telemetry;

/// <summary>
/// Per request: echoes <c>x-request-id</c> (the caller's, or a new one), puts it in the log scope and on the server span,
/// names and tags the span, records the request metrics and writes the access log entry when that is on.
/// </summary>
internal sealed partial class RequestTelemetryMiddleware(
    RequestDelegate next, GatewayMetrics metrics, AccessLog accessLog, ILogger<RequestTelemetryMiddleware> logger)
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
        var tags = feature.VersionTags;
        var model = tags is not null ? (string)tags[0].Value! : context.GetRouteValue("name") as string ?? string.Empty;
        var version = tags is not null ? (string)tags[1].Value! : string.Empty;
        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.RecordRequest(route, model, version, status, elapsed.TotalSeconds);
        if (accessLog.Enabled)
        {
            accessLog.Write(context.Request.Method, route, model, version, status, elapsed, requestId);
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = context.Request.Method + " " + route;
            activity.SetTag("http.request.method", context.Request.Method);
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

            if (status >= 500)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

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
