using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>
/// A model repository on the GCS JSON API TEST DOUBLE (<see cref="GcsJsonApiDouble"/>, started here; no GCS emulator is
/// reachable here), and the environment a gateway process needs to reach it: STORAGE_EMULATOR_HOST, which makes the Google
/// client connect there without credentials.
/// </summary>
internal sealed class GcsRepository : IAsyncDisposable
{
    public const string Bucket = "vertex-models";

    private GcsRepository(GcsJsonApiDouble server, string cache)
    {
        Server = server;
        Cache = cache;
    }

    public GcsJsonApiDouble Server { get; }

    /// <summary>The gateway's MODEL_CACHE.</summary>
    public string Cache { get; }

    public string Prefix { get; } = "aiplatform-" + Guid.NewGuid().ToString("N")[..8];

    public string Uri => $"gs://{Bucket}/{Prefix}";

    public static async Task<GcsRepository> StartAsync()
    {
        var server = await GcsJsonApiDouble.StartAsync();
        server.CreateBucket(Bucket);
        return new GcsRepository(server, Directory.CreateTempSubdirectory("modelserving-cache-").FullName);
    }

    /// <summary>Uploads every file below <paramref name="localDirectory"/> to <paramref name="keyPrefix"/>/… below the prefix.</summary>
    public void Upload(string localDirectory, string keyPrefix)
    {
        foreach (var file in Directory.EnumerateFiles(localDirectory, "*", SearchOption.AllDirectories))
        {
            PutFile($"{keyPrefix}/{Path.GetRelativePath(localDirectory, file).Replace(Path.DirectorySeparatorChar, '/')}", file);
        }
    }

    public void PutFile(string key, string file) => Server.Put(Bucket, $"{Prefix}/{key}", File.ReadAllBytes(file));

    public void Delete(string key) => Server.Delete(Bucket, $"{Prefix}/{key}");

    /// <summary>The gateway's environment: the double as the storage emulator, and the cache.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        // The .NET Google client takes this as the JSON API's base URL.
        ["STORAGE_EMULATOR_HOST"] = new System.Uri(Server.Endpoint, "/storage/v1/").ToString(),
        ["MODEL_CACHE"] = Cache,
    };

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Cache, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
