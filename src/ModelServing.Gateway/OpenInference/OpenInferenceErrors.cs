using ModelServing.Core.Errors;
using ModelServing.Gateway.Http;


namespace ModelServing.Gateway.OpenInference;

/// <summary>The one place that maps data-plane errors to Open Inference Protocol status codes and its <c>{"error": ...}</c> body.</summary>
/// <remarks>The protocol leaves codes to the server; ours are TF Serving's canonical ones (<see cref="JsonErrors"/>).</remarks>
internal sealed class OpenInferenceErrors : IProtocolErrors
{
    /// <summary>The writer the routes carry as metadata.</summary>
    public static readonly OpenInferenceErrors Instance = new();

    private OpenInferenceErrors()
    {
    }

    /// <summary>The HTTP status for an error kind.</summary>
    public static int StatusCode(ServingErrorKind kind) => JsonErrors.CanonicalStatusCode(kind);

    /// <summary>Writes <c>{"error": message}</c> with <paramref name="statusCode"/>, unless the response has started.</summary>
    public static Task WriteAsync(HttpContext context, int statusCode, string message) => JsonErrors.WriteAsync(context, statusCode, message);

    /// <summary>Writes the error for <paramref name="exception"/>, with <c>Retry-After</c> when it says when to retry.</summary>
    public static Task WriteAsync(HttpContext context, ServingException exception) =>
        JsonErrors.WriteAsync(context, exception, StatusCode(exception.Kind));

    Task IProtocolErrors.WriteAsync(HttpContext context, ServingException exception) => WriteAsync(context, exception);

    Task IProtocolErrors.WriteAsync(HttpContext context, int statusCode, string message) => WriteAsync(context, statusCode, message);
}
