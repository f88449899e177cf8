using ModelServing.Gateway.Http;

namespace ModelServing.Gateway.Scoring;

/// <summary>Errors on the AzureML <c>/score</c> routes: <c>{"error": "..."}</c> with the canonical status codes.</summary>
/// <remarks>
/// AzureML's inference server leaves the error body to the scoring script and its clients read only the status and the
/// message; this shape keeps the message where TF Serving clients on the same gateway find theirs.
/// </remarks>
internal sealed class ScoreErrors : CanonicalJsonErrors
{
    /// <summary>The writer the routes carry as metadata.</summary>
    public static readonly ScoreErrors Instance = new();

    private ScoreErrors()
    {
    }
}
