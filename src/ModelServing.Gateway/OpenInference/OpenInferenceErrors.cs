using ModelServing.Core.Errors;
using ModelServing.Gateway.Http;

namespace ModelServing.Gateway.OpenInference;

/// <summary>The one place that maps data-plane errors to Open Inference Protocol status codes and its <c>{"error": ...}</c> body.</summary>
internal static class OpenInferenceErrors
{
    /// <summary>The HTTP status for an error kind.</summary>
    public static int StatusCode(ServingErrorKind kind) => kind switch
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

    /// <summary>Writes the error for <paramref name="exception"/>; a full queue also says when to retry.</summary>
    public static Task WriteAsync(HttpContext context, ServingException exception)
    {
        if (exception.Kind == ServingErrorKind.QueueFull && !context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        return WriteAsync(context, StatusCode(exception.Kind), exception.Message);
    }
}
