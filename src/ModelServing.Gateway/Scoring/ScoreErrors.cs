using ModelServing.Core.Errors;
using ModelServing.Gateway.Http;

namespace ModelServing.Gateway.Scoring;

/// <summary>Errors on the AzureML <c>/score</c> routes: <c>{"error": "..."}</c> with the canonical status codes.</summary>
/// <remarks>
/// AzureML's inference server leaves the error body to the scoring script and its clients read only the status and the
/// message; this shape keeps the message where TF Serving clients on the same gateway find theirs.
/// </remarks>
internal sealed class ScoreErrors : IProtocolErrors
{
    /// <summary>The writer the routes carry as metadata.</summary>
    public static readonly ScoreErrors Instance = new();

    private ScoreErrors()
    {
    }

    /// <summary>Writes the error for <paramref name="exception"/>, with <c>Retry-After</c> when it says when to retry.</summary>
    public Task WriteAsync(HttpContext context, ServingException exception) =>
        JsonErrors.WriteAsync(context, exception, JsonErrors.CanonicalStatusCode(exception.Kind));

    /// <summary>Writes <c>{"error": message}</c> with <paramref name="statusCode"/>, unless the response has started.</summary>
    public Task WriteAsync(HttpContext context, int statusCode, string message) => JsonErrors.WriteAsync(context, statusCode, message);
}
