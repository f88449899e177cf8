using ModelServing.Core.Errors;
using ModelServing.Gateway.Http;


namespace ModelServing.Gateway.TensorFlowServing;

/// <summary>The one place that maps data-plane errors to TF Serving's HTTP status codes and <c>{"error": ...}</c> body.</summary>
internal static class TensorFlowServingErrors
{
    /// <summary>TF Serving's HTTP status for an error kind (its canonical-code mapping).</summary>
    public static int StatusCode(ServingErrorKind kind) => JsonErrors.CanonicalStatusCode(kind);

    /// <summary>Writes <c>{"error": message}</c> with <paramref name="statusCode"/>, unless the response has started.</summary>
    public static Task WriteAsync(HttpContext context, int statusCode, string message) => JsonErrors.WriteAsync(context, statusCode, message);

    /// <summary>Writes the error for <paramref name="exception"/>, with <c>Retry-After</c> when it says when to retry.</summary>
    public static Task WriteAsync(HttpContext context, ServingException exception) =>
        JsonErrors.WriteAsync(context, exception, StatusCode(exception.Kind));

    /// <summary>TF Serving's answer to a path or method it does not serve.</summary>
    public static Task WriteMalformedAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, $"Malformed request: {context.Request.Method} {context.Request.Path}");
}
