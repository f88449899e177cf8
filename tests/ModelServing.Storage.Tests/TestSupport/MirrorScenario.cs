using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Storage.Mirror;
using ModelServing.Storage.S3;

namespace ModelServing.Storage.Tests.TestSupport;

/// <summary>A remote repository at a fresh prefix of an s3rver bucket, and mirrors of it in a temporary cache directory.</summary>
public sealed class MirrorScenario : IDisposable
{
    private readonly List<IDisposable> _mirrors = [];

    public MirrorScenario(S3rver server, string bucket)
    {
        Server = server;
        Bucket = bucket;
        Cache = Directory.CreateTempSubdirectory("modelserving-mirror-").FullName;
    }

    public S3rver Server { get; }

    public string Bucket { get; }

    public string Prefix { get; } = "repo-" + Guid.NewGuid().ToString("N")[..12];

    public string Cache { get; }

    public string Uri => $"s3://{Bucket}/{Prefix}";

    public string MirrorDirectory => Path.Combine(Cache, "mirror");

    /// <summary>The example repository's loans model (a real ONNX file) and its config.</summary>
    public static string ExampleModel(string relative) => Path.Combine(RepositoryRoot(), "models", "loans", relative);

    public Task PutAsync(string key, byte[] content) => Server.PutAsync(Bucket, $"{Prefix}/{key}", content);

    public Task PutFileAsync(string key, string path) => Server.PutFileAsync(Bucket, $"{Prefix}/{key}", path);

    public Task DeleteAsync(string key) => Server.DeleteAsync(Bucket, $"{Prefix}/{key}");

    /// <summary>Overwrites the stored bytes of <paramref name="key"/> behind the emulator's back (same length, ETag unchanged).</summary>
    public void Corrupt(string key)
    {
        var file = Server.ObjectFile(Bucket, $"{Prefix}/{key}");
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
    }

    /// <summary>A new mirror (as after a restart) of the repository into <see cref="MirrorDirectory"/>.</summary>
    public RepositoryMirror Mirror(string? accessKey = null, string? modelName = null, string fallbackName = "model")
    {
        var credentials = accessKey is null ? S3rver.Credentials : new Amazon.Runtime.BasicAWSCredentials(accessKey, "wrong-secret-value");
        var store = S3ObjectStore.Create(StorageLocation.Parse(Uri), new S3StoreSettings(Server.Endpoint, "us-east-1", credentials));
        var options = new RepositoryMirrorOptions { SyncRetries = 1, SyncRetryDelay = TimeSpan.FromMilliseconds(10), SyncRetryMaxDelay = TimeSpan.FromMilliseconds(10) };
        var mirror = new RepositoryMirror(store, MirrorDirectory, modelName, fallbackName, options, NullLogger.Instance, TimeProvider.System);
        _mirrors.Add(mirror);
        return mirror;
    }

    public string Local(string path) => Path.Combine(MirrorDirectory, path);

    public void Dispose()
    {
        foreach (var mirror in _mirrors)
        {
            mirror.Dispose();
        }

        try
        {
            Directory.Delete(Cache, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ModelServing.sln")))
        {
            directory = directory.Parent;
        }

        return directory!.FullName;
    }
}
