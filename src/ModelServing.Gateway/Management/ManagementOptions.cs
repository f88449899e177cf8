namespace ModelServing.Gateway.Management;

/// <summary>The model-management API (<c>/v2/repository/...</c>): off unless enabled, and then only with its own key.</summary>
public sealed class ManagementOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Management";

    /// <summary>Maps the management routes; when false they answer 404.</summary>
    /// <value>Default false.</value>
    public bool Enabled { get; set; }

    /// <summary>The key callers send as <c>Authorization: Bearer KEY</c> or <c>x-api-key: KEY</c>.</summary>
    /// <value>Default none; also set by the <c>Management__ApiKey</c> environment variable. Required (or <see cref="ApiKeyFile"/>) when enabled.</value>
    public string? ApiKey { get; set; }

    /// <summary>A file whose first line is the key (a mounted Kubernetes secret); used when <see cref="ApiKey"/> is empty.</summary>
    /// <value>Default none.</value>
    public string? ApiKeyFile { get; set; }
}
