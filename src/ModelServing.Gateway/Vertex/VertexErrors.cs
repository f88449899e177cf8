using ModelServing.Gateway.Http;

namespace ModelServing.Gateway.Vertex;

/// <summary>Errors on the Vertex AI routes: <c>{"error": "..."}</c> with the canonical status codes.</summary>
/// <remarks>
/// Vertex AI hands a custom container's error status and body to the caller unchanged; its own prediction service answers
/// <c>{"error": ...}</c>, so the container does the same. A 503 from the health route takes the instance out of rotation.
/// </remarks>
internal sealed class VertexErrors : CanonicalJsonErrors
{
    /// <summary>The writer the routes carry as metadata.</summary>
    public static readonly VertexErrors Instance = new();

    private VertexErrors()
    {
    }
}
