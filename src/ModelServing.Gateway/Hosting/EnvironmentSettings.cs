namespace ModelServing.Gateway.Hosting;

/// <summary>Reads the conventional environment variables (TF Serving's and Vertex AI's) into configuration keys.</summary>
/// <remarks>
/// Explicit configuration wins: a variable only fills a key that appsettings, <c>Section__Key</c> variables or the command
/// line left empty. <c>MODEL_REPOSITORY</c>, then TF Serving's <c>MODEL_BASE_PATH</c>/<c>MODEL_NAME</c>, then Vertex AI's
/// <c>AIP_STORAGE_URI</c> name the repository.
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
        }

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
