using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using ModelServing.Gateway.TensorFlowServing;

namespace ModelServing.Gateway.Http;

/// <summary>
/// The last line of defence: unexpected failures answer in the error shape of the route's protocol (its
/// <see cref="IProtocolErrors"/> metadata; TF Serving's off any protocol route) with a trace id, never details.
/// </summary>
internal sealed partial class GatewayErrorHandler(ILogger<GatewayErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        var errors = httpContext.ProtocolErrors(TensorFlowServingErrors.Instance);
        if (exception is BadHttpRequestException bad)
        {
            // Kestrel's own rejections (body too large, bad framing) keep their status; the message stays generic.
            var message = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "Request body too large."
                : "Bad request.";
            await errors.WriteAsync(httpContext, bad.StatusCode, message);
            return true;
        }

        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        Log.Unhandled(logger, httpContext.Request.Method, httpContext.Request.Path, traceId, exception);
        await errors.WriteAsync(httpContext, StatusCodes.Status500InternalServerError, $"Internal error. Trace id: {traceId}");
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Unhandled error on {Method} {Path} (trace id {TraceId})")]
        public static partial void Unhandled(ILogger logger, string method, string path, string traceId, Exception exception);
    }
}
