namespace ModelServing.Gateway.Hosting;

/// <summary>Reads the conventional environment variables (TF Serving's and Vertex AI's) into configuration keys.</summary>
/// <remarks>
/// Explicit configuration wins: a variable only fills a key that appsettings, <c>Section__Key</c> variables or the command
/// line left empty. <c>MODEL_REPOSITORY</c>, then TF Serving's <c>MODEL_BASE_PATH</c>/<c>MODEL_NAME</c>, then Vertex AI's
/// <c>AIP_STORAGE_URI</c>, then AzureML's <c>AZUREML_MODEL_DIR</c> name the repository (remote URIs included); <c>MODEL_CACHE</c>
/// names the cache a remote one is mirrored into.
/// </remarks>
internal static class EnvironmentSettings
{
    public static Dictionary<string, string?> Read(IConfiguration configuration)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var root = configuration["ModelRepository:Root"];
        if (string.IsNullOrEmpty(root))
        {
            if (Environment.GetEnvironmentVariable("MODEL_REPOSITORY") is { Length: > 0 } repository)
            {
                settings["ModelRepository:Root"] = repository;
            }
            else if (Environment.GetEnvironmentVariable("MODEL_BASE_PATH") is { Length: > 0 } basePath)
            {
                // TF Serving's docker image serves $MODEL_BASE_PATH/$MODEL_NAME.
                var name = Environment.GetEnvironmentVariable("MODEL_NAME");
                settings["ModelRepository:Root"] = basePath;
                if (!string.IsNullOrEmpty(name))
                {
                    settings["ModelRepository:SingleModelName"] = name;
                }
            }
            else if (Environment.GetEnvironmentVariable("AIP_STORAGE_URI") is { Length: > 0 } storage)
            {
                foreach (var pair in VertexStorage.ToRepositorySettings(storage, Environment.GetEnvironmentVariable("AIP_MODEL_NAME")))
                {
                    settings[pair.Key] = pair.Value;
                }
            }
            else if (Environment.GetEnvironmentVariable("AZUREML_MODEL_DIR") is { Length: > 0 } azureMl)
            {
                // AzureML mounts the registered model there: one model's directory (version directories inside) or, for v1
                // deployments, <model name>/<version>/ below it. Read like a local AIP_STORAGE_URI.
                foreach (var pair in VertexStorage.ToRepositorySettings(azureMl, null))
                {
                    settings[pair.Key] = pair.Value;
                }
            }
        }

        Fill(settings, configuration, "ModelRepository:Cache", "MODEL_CACHE");

        Fill(settings, configuration, "Vertex:HealthRoute", "AIP_HEALTH_ROUTE");
        Fill(settings, configuration, "Vertex:PredictRoute", "AIP_PREDICT_ROUTE");
        Fill(settings, configuration, "Grpc:Port", "GRPC_PORT");
        return settings;
    }

    private static void Fill(Dictionary<string, string?> settings, IConfiguration configuration, string key, string variable)
    {
        if (string.IsNullOrEmpty(configuration[key]) && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
        {
            settings[key] = value;
        }
    }
}
