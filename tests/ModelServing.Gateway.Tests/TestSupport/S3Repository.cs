using System.Globalization;
using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>A model repository in a real s3rver (started here), and the environment a gateway process needs to serve it.</summary>
internal sealed class S3Repository : IAsyncDisposable
{
    public const string Bucket = "models";

    private S3Repository(S3rver server, string cache)
    {
        Server = server;
        Cache = cache;
    }

    public S3rver Server { get; }

    /// <summary>The gateway's MODEL_CACHE.</summary>
    public string Cache { get; }

    public string Prefix { get; } = "repo-" + Guid.NewGuid().ToString("N")[..8];

    public string Uri => $"s3://{Bucket}/{Prefix}";

    public static async Task<S3Repository> StartAsync()
    {
        var server = new S3rver();
        await server.StartAsync();
        await server.CreateBucketAsync(Bucket);
        return new S3Repository(server, Directory.CreateTempSubdirectory("modelserving-cache-").FullName);
    }

    /// <summary>Uploads every file of a local repository (as <see cref="TestRepository"/> writes it).</summary>
    public async Task UploadAsync(string localRoot)
    {
        foreach (var file in Directory.EnumerateFiles(localRoot, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(localRoot, file).Replace(Path.DirectorySeparatorChar, '/');
            await Server.PutFileAsync(Bucket, $"{Prefix}/{key}", file);
        }
    }

    public Task PutFileAsync(string key, string file) => Server.PutFileAsync(Bucket, $"{Prefix}/{key}", file);

    public Task DeleteAsync(string key) => Server.DeleteAsync(Bucket, $"{Prefix}/{key}");

    /// <summary>The gateway's environment: the store's endpoint (or <paramref name="endpointPort"/>, e.g. a proxy's) and credentials.</summary>
    public Dictionary<string, string> Environment(string accessKey = S3rver.AccessKey, string secret = S3rver.AccessKey, int? endpointPort = null) => new()
    {
        ["AWS_ENDPOINT_URL"] = $"http://127.0.0.1:{(endpointPort ?? Server.Port).ToString(CultureInfo.InvariantCulture)}",
        ["AWS_ACCESS_KEY_ID"] = accessKey,
        ["AWS_SECRET_ACCESS_KEY"] = secret,
        ["AWS_REGION"] = "us-east-1",
        ["MODEL_CACHE"] = Cache,
    };

    /// <summary>Every file below the cache directory, relative to it, outside the mirror's hidden staging and manifest.</summary>
    public IReadOnlyList<string> ServedFiles() =>
        [.. Directory.EnumerateFiles(Cache, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Cache, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(s => s.StartsWith('.')))];

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
