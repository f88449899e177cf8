namespace ModelServing.Gateway.Security;

/// <summary>Access control: API keys for every route but the health probes, and the CORS allow-list.</summary>
public sealed class SecurityOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Security";

    /// <summary>Accepted API keys, separated by commas or new lines (<c>Security:ApiKeys</c> or <c>MODELSERVING_API_KEYS</c>).</summary>
    /// <value>Default null: no key from configuration.</value>
    public string? ApiKeys { get; set; }

    /// <summary>A file with one accepted key per line (<c>Security:ApiKeyFile</c> or <c>MODELSERVING_API_KEY_FILE</c>).</summary>
    /// <value>Default null: no key file. Blank lines and lines starting with <c>#</c> are skipped.</value>
    public string? ApiKeyFile { get; set; }

    /// <summary>Origins allowed to call the gateway from a browser, separated by commas (<c>Security:CorsOrigins</c> or <c>MODELSERVING_CORS_ORIGINS</c>); <c>*</c> allows any.</summary>
    /// <value>Default null: no CORS headers, browsers keep cross-origin calls out.</value>
    public string? CorsOrigins { get; set; }
}
