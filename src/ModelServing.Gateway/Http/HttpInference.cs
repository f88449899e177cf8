using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Gateway.Telemetry;

namespace ModelServing.Gateway.Http;

/// <summary>
/// The HTTP side of the <see cref="InferencePath"/>, shared by every REST protocol: start the deadline when the request
/// arrives, read the body, run the path with the protocol's reader and writer, tag the request's telemetry with the version
/// that served it, and answer failures in the protocol's own error shape (a caller that went away gets 499 and no body).
/// </summary>
internal static class HttpInference
{
    /// <summary>Handles one inference request.</summary>
    /// <param name="context">The request.</param>
    /// <param name="adapter">The protocol's reader and writer.</param>
    /// <param name="errors">The protocol's error writer.</param>
    /// <param name="target">Resolves the model and version; may throw <see cref="ServingException"/> (e.g. no default model).</param>
    public static async Task HandleAsync<TRequest>(
        HttpContext context, IInferenceAdapter<HttpCall, TRequest> adapter, IProtocolErrors errors, Func<HttpContext, ModelTarget> target)
    {
        var path = context.RequestServices.GetRequiredService<InferencePath>();
        var aborted = context.RequestAborted;
        try
        {
            var deadline = path.Start(RequestDeadline.Timeout(context.Request));
            var aim = target(context);
            var body = await RequestBody.ReadAsync(context.Request, aborted);
            await path.RunAsync(new HttpCall(context, body), adapter, aim, deadline, lease => RequestTelemetryFeature.Served(context, lease), aborted);
        }
        catch (ServingException ex) when (ex.Kind == ServingErrorKind.Cancelled && aborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
        }
        catch (ServingException ex)
        {
            await errors.WriteAsync(context, ex);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
        }
    }
}
