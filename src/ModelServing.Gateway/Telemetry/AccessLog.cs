using Microsoft.Extensions.Options;

namespace ModelServing.Gateway.Telemetry;

/// <summary>The opt-in access log: one Information entry per request under the category <see cref="Category"/>.</summary>
/// <remarks>
/// An entry holds the method, route template, model, version, status code, latency and request id as named values, so the
/// JSON console formatter writes them as fields. It never holds the body, the path, the query string or any header but the
/// request id (already bounded by <see cref="RequestTelemetryMiddleware"/>). A model name taken from the URL is caller input:
/// it is cut to <see cref="MaxModelLength"/> characters and control characters become <c>?</c>. Thread-safe.
/// </remarks>
internal sealed partial class AccessLog
{
    /// <summary>The log category, for filters such as <c>Logging:LogLevel:ModelServing.AccessLog</c>.</summary>
    public const string Category = "ModelServing.AccessLog";

    /// <summary>The longest model name written; longer ones are cut.</summary>
    public const int MaxModelLength = 128;

    private const int MaxMethodLength = 16;
    private const string Absent = "-";

    private readonly ILogger _logger;

    public AccessLog(IOptions<AccessLogOptions> options, ILoggerFactory loggerFactory)
    {
        Enabled = options.Value.Enabled;
        _logger = loggerFactory.CreateLogger(Category);
    }

    /// <summary>Whether the access log is on (<see cref="AccessLogOptions.Enabled"/>).</summary>
    public bool Enabled { get; }

    /// <summary>
    /// Writes the entry of one finished request; empty model or version are written as <c>-</c>. A gRPC call (answered
    /// HTTP 200 whatever its outcome) is written with its <c>grpc-status</c> code when <paramref name="grpcStatus"/> is known.
    /// </summary>
    public void Write(string method, string route, string model, string version, int status, TimeSpan latency, string requestId, int? grpcStatus = null)
    {
        var latencyMs = Math.Round(latency.TotalMilliseconds, 3);
        var shownModel = Bounded(model, MaxModelLength);
        var shownVersion = version.Length > 0 ? version : Absent;
        if (grpcStatus is { } code)
        {
            Log.GrpcRequest(_logger, Bounded(method, MaxMethodLength), route, status, code, latencyMs, shownModel, shownVersion, requestId);
            return;
        }

        Log.Request(_logger, Bounded(method, MaxMethodLength), route, shownModel, shownVersion, status, latencyMs, requestId);
    }

    /// <summary><paramref name="value"/> cut to <paramref name="maxLength"/>, control characters replaced; <c>-</c> when empty.</summary>
    internal static string Bounded(string value, int maxLength)
    {
        if (value.Length == 0)
        {
            return Absent;
        }

        var length = Math.Min(value.Length, maxLength);
        var clean = length == value.Length;
        for (var i = 0; i < length && clean; i++)
        {
            clean = !char.IsControl(value[i]);
        }

        return clean ? value : string.Create(length, value, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Method} {Route} {Status} {LatencyMs} ms model={Model} version={Version} id={RequestId}")]
        public static partial void Request(
            ILogger logger, string method, string route, string model, string version, int status, double latencyMs, string requestId);

        [LoggerMessage(2, LogLevel.Information, "{Method} {Route} {Status} grpc-status={GrpcStatus} {LatencyMs} ms model={Model} version={Version} id={RequestId}")]
        public static partial void GrpcRequest(
            ILogger logger, string method, string route, int status, int grpcStatus, double latencyMs, string model, string version, string requestId);
    }
}
