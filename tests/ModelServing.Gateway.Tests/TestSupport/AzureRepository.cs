using Azure.Storage.Blobs;
using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>A model repository in a real Azurite (started here), and the environment a gateway process needs to serve it.</summary>
internal sealed class AzureRepository : IAsyncDisposable
{
    public const string Container = "models";

    private AzureRepository(Azurite server, BlobContainerClient container, string cache)
    {
        Server = server;
        Blobs = container;
        Cache = cache;
    }

    public Azurite Server { get; }

    public BlobContainerClient Blobs { get; }

    /// <summary>The gateway's MODEL_CACHE.</summary>
    public string Cache { get; }

    public string Prefix { get; } = "repo-" + Guid.NewGuid().ToString("N")[..8];

    public string Uri => $"az://{Azurite.Account}/{Container}/{Prefix}";

    public static async Task<AzureRepository> StartAsync()
    {
        var server = new Azurite();
        await server.StartAsync();
        var container = await server.ContainerAsync(Container);
        return new AzureRepository(server, container, Directory.CreateTempSubdirectory("modelserving-cache-").FullName);
    }

    /// <summary>Uploads every file below <paramref name="localDirectory"/> to <paramref name="keyPrefix"/>/… below the prefix.</summary>
    public async Task UploadAsync(string localDirectory, string keyPrefix)
    {
        foreach (var file in Directory.EnumerateFiles(localDirectory, "*", SearchOption.AllDirectories))
        {
            await PutFileAsync($"{keyPrefix}/{Path.GetRelativePath(localDirectory, file).Replace(Path.DirectorySeparatorChar, '/')}", file);
        }
    }

    public async Task PutFileAsync(string key, string file) => await Blobs.GetBlobClient($"{Prefix}/{key}").UploadAsync(file, overwrite: true);

    public async Task DeleteAsync(string key) => await Blobs.GetBlobClient($"{Prefix}/{key}").DeleteAsync();

    /// <summary>The gateway's environment: a connection string to Azurite (or one signing with <paramref name="key"/>) and the cache.</summary>
    public Dictionary<string, string> Environment(string key = Azurite.AccountKey) => new()
    {
        ["AZURE_STORAGE_CONNECTION_STRING"] = Server.ConnectionStringWithKey(key),
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
