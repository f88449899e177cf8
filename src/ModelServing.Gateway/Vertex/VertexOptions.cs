namespace ModelServing.Gateway.Vertex;

/// <summary>The Vertex AI custom-container contract: routes the platform sets through <c>AIP_*</c> variables.</summary>
public sealed class VertexOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Vertex";

    /// <summary>Health route (<c>AIP_HEALTH_ROUTE</c>).</summary>
    /// <value>Default null: not served.</value>
    public string? HealthRoute { get; set; }

    /// <summary>Predict route (<c>AIP_PREDICT_ROUTE</c>).</summary>
    /// <value>Default null: not served.</value>
    public string? PredictRoute { get; set; }

    /// <summary>The model that answers the Vertex routes.</summary>
    /// <value>Default null: the only model in the repository.</value>
    public string? Model { get; set; }
}
