namespace ModelServing.Gateway.Hosting;

/// <summary>Turns Vertex AI's <c>AIP_STORAGE_URI</c> into model repository settings.</summary>
internal static class VertexStorage
{
    /// <summary>
    /// A local directory (or <c>file://</c> URI) holding numeric version directories is one model's directory; any other
    /// local directory is a repository root. Remote URIs (<c>gs://</c>, <c>s3://</c>, Azure) are kept as given: the gateway
    /// mirrors them (see <see cref="RemoteRepositorySetup"/>), deciding from the listing whether they hold one model.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> ToRepositorySettings(string storageUri, string? modelName)
    {
        var path = storageUri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(storageUri).LocalPath : storageUri;
        yield return new("ModelRepository:Root", path);
        if (Directory.Exists(path) && Directory.EnumerateDirectories(path).Any(d => Core.Repository.ModelRepositoryScanner.ParseVersion(Path.GetFileName(d)) is not null))
        {
            yield return new("ModelRepository:RootIsModelDirectory", "true");
            if (!string.IsNullOrEmpty(modelName))
            {
                yield return new("ModelRepository:SingleModelName", modelName);
            }
        }
    }
}
