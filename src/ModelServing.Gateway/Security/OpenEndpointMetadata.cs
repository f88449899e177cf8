namespace ModelServing.Gateway.Security;

/// <summary>Marks an endpoint the general API keys do not guard: health probes, and routes that check a key of their own.</summary>
public sealed class OpenEndpointMetadata
{
    /// <summary>The one instance.</summary>
    public static readonly OpenEndpointMetadata Instance = new();

    private OpenEndpointMetadata()
    {
    }
}

/// <summary>Marks endpoints as not guarded by the general API keys.</summary>
public static class OpenEndpointExtensions
{
    /// <summary>Lets requests reach the endpoint without a general API key (health probes; management routes with their own key).</summary>
    public static TBuilder WithoutGeneralApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(b => b.Metadata.Add(OpenEndpointMetadata.Instance));
        return builder;
    }
}
