using ModelServing.Core.Errors;
using ModelServing.Gateway.Http;


namespace ModelServing.Gateway.TensorFlowServing;

/// <summary>The one place that maps data-plane errors to TF Serving's HTTP status codes and <c>{"error": ...}</c> body.</summary>
internal sealed class TensorFlowServingErrors : IProtocolErrors
{
    /// <summary>The writer the routes carry as metadata.</summary>
    public static readonly TensorFlowServingErrors Instance = new();

    private TensorFlowServingErrors()
    {
    }

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

    Task IProtocolErrors.WriteAsync(HttpContext context, ServingException exception) => WriteAsync(context, exception);

    Task IProtocolErrors.WriteAsync(HttpContext context, int statusCode, string message) => WriteAsync(context, statusCode, message);
}
