using System.Globalization;
using ModelServing.Core.Errors;

namespace ModelServing.Gateway.Http;

/// <summary>
/// The <c>{"error": "..."}</c> body and canonical status codes that TF Serving REST and the Open Inference Protocol share;
/// each protocol's error class maps through here so that the two cannot drift apart.
/// </summary>
internal static class JsonErrors
{
    /// <summary>The HTTP status of an error kind, after the gRPC canonical code it stands for (TF Serving's mapping).</summary>
    public static int CanonicalStatusCode(ServingErrorKind kind) => kind switch
    {
        ServingErrorKind.ModelNotFound or ServingErrorKind.VersionNotFound => StatusCodes.Status404NotFound,
        ServingErrorKind.NotReady => StatusCodes.Status503ServiceUnavailable,
        ServingErrorKind.InvalidInput or ServingErrorKind.FailedPrecondition => StatusCodes.Status400BadRequest,
        ServingErrorKind.QueueFull => StatusCodes.Status429TooManyRequests,
        ServingErrorKind.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        ServingErrorKind.Cancelled => StatusCodes.Status499ClientClosedRequest,
        ServingErrorKind.Unimplemented => StatusCodes.Status501NotImplemented,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Writes <c>{"error": message}</c> with <paramref name="statusCode"/>, unless the response has started.</summary>
    public static async Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        await JsonOutput.WriteAsync(context, statusCode, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        });
    }

    /// <summary>Writes the error for <paramref name="exception"/> with <paramref name="statusCode"/>, and when to retry if that is known.</summary>
    /// <remarks>A full queue says one second; an open circuit breaker says when its break ends.</remarks>
    public static Task WriteAsync(HttpContext context, ServingException exception, int statusCode)
    {
        var retryAfter = exception.RetryAfter ?? (exception.Kind == ServingErrorKind.QueueFull ? TimeSpan.FromSeconds(1) : null);
        if (retryAfter is { } wait && !context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return WriteAsync(context, statusCode, exception.Message);
    }
}
