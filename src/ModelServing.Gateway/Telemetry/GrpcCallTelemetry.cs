using System.Diagnostics;
using System.Globalization;
using Grpc.AspNetCore.Server;
using ModelServing.Gateway.Grpc;

namespace ModelServing.Gateway.Telemetry;

/// <summary>The OpenTelemetry RPC tags of a finished gRPC call: <c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c>, <c>rpc.grpc.status_code</c>.</summary>
/// <remarks>
/// Service and method come from the matched endpoint's method (one of the gateway's, a fixed set), never from the path, so
/// a caller naming unknown methods adds no values; such calls carry <c>rpc.system</c> and the status code alone.
/// </remarks>
internal readonly record struct GrpcCallTelemetry(string Service, string Method, int? StatusCode)
{
    private static readonly string[] s_codes = [.. Enumerable.Range(0, 17).Select(c => c.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The call's tags, or null when the request is not a gRPC call.</summary>
    public static GrpcCallTelemetry? Read(HttpContext context)
    {
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
        if (method is null && !GrpcResponses.IsGrpcRequest(context.Request))
        {
            return null;
        }

        return new GrpcCallTelemetry(method?.ServiceName ?? string.Empty, method?.Name ?? string.Empty, GrpcResponses.ReadStatus(context));
    }

    /// <summary>Whether the call was turned away for its credentials (<c>UNAUTHENTICATED</c>, <c>PERMISSION_DENIED</c>).</summary>
    public bool Rejected => StatusCode is 16 or 7;

    /// <summary>The span's name: <c>service/method</c> as OpenTelemetry's RPC conventions say, or null when unknown.</summary>
    public string? SpanName => Service.Length > 0 ? Service + "/" + Method : null;

    /// <summary>A server error by OpenTelemetry's gRPC conventions: UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS.</summary>
    public bool ServerError => StatusCode is 2 or 4 or 12 or 13 or 14 or 15;

    /// <summary>Adds the tags to a metric measurement's tags.</summary>
    public void AddTo(ref TagList tags)
    {
        tags.Add("rpc.system", "grpc");
        if (Service.Length > 0)
        {
            tags.Add("rpc.service", Service);
            tags.Add("rpc.method", Method);
        }

        if (StatusCode is { } code)
        {
            tags.Add("rpc.grpc.status_code", s_codes[code]);
        }
    }

    /// <summary>Adds the tags to the server span.</summary>
    public void AddTo(Activity activity)
    {
        activity.SetTag("rpc.system", "grpc");
        if (Service.Length > 0)
        {
            activity.SetTag("rpc.service", Service);
            activity.SetTag("rpc.method", Method);
        }

        if (StatusCode is { } code)
        {
            activity.SetTag("rpc.grpc.status_code", code);
        }
    }
}
