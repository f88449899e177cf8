namespace ModelServing.Gateway.Hosting;

/// <summary>Short environment variables for the production settings; configuration keys (<c>Section__Key</c>, command line) win.</summary>
internal static class SettingAliases
{
    private static readonly (string Key, string Variable)[] s_aliases =
    [
        ("Security:ApiKeys", "MODELSERVING_API_KEYS"),
        ("Security:ApiKeyFile", "MODELSERVING_API_KEY_FILE"),
        ("Security:CorsOrigins", "MODELSERVING_CORS_ORIGINS"),
        ("Limits:MaxRequestBodyBytes", "MODELSERVING_MAX_BODY_BYTES"),
        ("Limits:MaxJsonDepth", "MODELSERVING_MAX_JSON_DEPTH"),
        ("Limits:MaxRowsPerRequest", "MODELSERVING_MAX_ROWS_PER_REQUEST"),
        ("Limits:MaxImagesPerRequest", "MODELSERVING_MAX_IMAGES_PER_REQUEST"),
        ("Limits:MaxImagePixelsPerRequest", "MODELSERVING_MAX_IMAGE_PIXELS_PER_REQUEST"),
        ("Limits:MaxTensorBytesPerRequest", "MODELSERVING_MAX_TENSOR_BYTES_PER_REQUEST"),
        ("Shutdown:TimeoutSeconds", "MODELSERVING_SHUTDOWN_TIMEOUT_SECONDS"),
        ("Shutdown:DrainDelaySeconds", "MODELSERVING_DRAIN_DELAY_SECONDS"),
        ("Startup:HoldRequestsSeconds", "MODELSERVING_STARTUP_HOLD_SECONDS"),
        ("AccessLog:Enabled", "MODELSERVING_ACCESS_LOG"),
    ];

    public static Dictionary<string, string?> Read(IConfiguration configuration)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, variable) in s_aliases)
        {
            if (string.IsNullOrEmpty(configuration[key]) && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                settings[key] = value;
            }
        }

        return settings;
    }
}
