using ModelServing.Core.Errors;

namespace ModelServing.Gateway.Http;

/// <summary>A protocol whose errors are <c>{"error": "..."}</c> with the canonical status codes (<see cref="JsonErrors"/>).</summary>
/// <remarks>Each such protocol still has its own class, so that its shape can change without touching the others.</remarks>
internal abstract class CanonicalJsonErrors : IProtocolErrors
{
    /// <summary>Writes the error for <paramref name="exception"/>, with <c>Retry-After</c> when it says when to retry.</summary>
    public Task WriteAsync(HttpContext context, ServingException exception) =>
        JsonErrors.WriteAsync(context, exception, JsonErrors.CanonicalStatusCode(exception.Kind));

    /// <summary>Writes <c>{"error": message}</c> with <paramref name="statusCode"/>, unless the response has started.</summary>
    public Task WriteAsync(HttpContext context, int statusCode, string message) => JsonErrors.WriteAsync(context, statusCode, message);
}
