using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace ModelServing.Gateway.Grpc;

/// <summary>gRPC answers written outside a gRPC service (by middleware), and the status a gRPC call ended with.</summary>
/// <remarks>
/// A call rejected before any message is answered as a trailers-only response, as the gRPC protocol and Grpc.AspNetCore do:
/// HTTP 200, <c>content-type: application/grpc</c>, and <c>grpc-status</c> / <c>grpc-message</c> in the only HEADERS frame,
/// which ends the stream. Clients then report that status; an HTTP error status (401, 404...) would reach them as
/// <c>UNKNOWN</c>, <c>UNIMPLEMENTED</c> or <c>UNAVAILABLE</c> instead.
/// </remarks>
internal static class GrpcResponses
{
    private const string StatusHeader = "grpc-status";
    private const string MessageHeader = "grpc-message";

    /// <summary>Whether the request is a gRPC call (<c>application/grpc</c>, <c>application/grpc+proto</c>, gRPC-Web...).</summary>
    public static bool IsGrpcRequest(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Ends the call with <paramref name="status"/> and <paramref name="message"/> (trailers-only).</summary>
    public static Task WriteStatusAsync(HttpContext context, StatusCode status, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers[StatusHeader] = ((int)status).ToString(CultureInfo.InvariantCulture);
        response.Headers[MessageHeader] = PercentEncode(message);
        return Task.CompletedTask;
    }

    /// <summary>The <c>grpc-status</c> a finished call sent (trailers, or headers of a trailers-only answer), or null.</summary>
    public static int? ReadStatus(HttpContext context)
    {
        var value = context.Response.Headers[StatusHeader].ToString();
        if (value.Length == 0 && context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { } trailers)
        {
            value = trailers[StatusHeader].ToString();
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 0 and <= 16 ? code : null;
    }

    /// <summary>The gRPC spec's percent-encoding of <c>grpc-message</c>: UTF-8, bytes outside printable ASCII and <c>%</c> as <c>%XX</c>.</summary>
    private static string PercentEncode(string message)
    {
        if (message.All(c => c is >= ' ' and <= '~' and not '%'))
        {
            return message;
        }

        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= (byte)' ' and <= (byte)'~' and not (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
