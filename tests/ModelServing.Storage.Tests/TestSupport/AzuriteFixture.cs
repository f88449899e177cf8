using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;

namespace ModelServing.Storage.Tests.TestSupport;

/// <summary>
/// A real Azurite blob service (Microsoft's Azure Storage emulator, pinned in scripts/azurite and installed by
/// scripts/fetch-azurite.sh, which setup.sh runs) on a free loopback port with a temporary location, for the tests of
/// <see cref="AzuriteCollection"/>. Each test uses its own container.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's account; its key is the emulator's published development key, not a secret.</summary>
    public const string Account = "devstoreaccount1";

    /// <summary>The published development key of <see cref="Account"/>.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _location = Directory.CreateTempSubdirectory("azurite-").FullName;
    private Process? _process;
    private int _containers;

    /// <summary>The blob endpoint, <c>http://127.0.0.1:port/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint { get; private set; } = null!;

    /// <summary>The connection string an operator would put in AZURE_STORAGE_CONNECTION_STRING for this Azurite.</summary>
    public string ConnectionString => ConnectionStringWithKey(AccountKey);

    /// <summary>A connection string to this Azurite with another key (which Azurite refuses).</summary>
    public string ConnectionStringWithKey(string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={key};BlobEndpoint={BlobEndpoint};";

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(await InstallAsync(), "node_modules", ".bin", "azurite-blob"))
        {
            ArgumentList = { "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", _location, "--loose", "--skipApiVersionCheck", "--disableTelemetry", "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("azurite-blob did not start");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        _process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("successfully listens", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var exited = _process.WaitForExitAsync();
        var done = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(1)));
        Assert.True(done == listening.Task, $"azurite-blob did not start listening: {output}");
        BlobEndpoint = new Uri($"http://127.0.0.1:{port}/{Account}");
    }

    /// <summary>A new, empty container for one test, and a client to upload into it.</summary>
    public async Task<BlobContainerClient> NewContainerAsync(string purpose)
    {
        var name = $"{purpose}-{Interlocked.Increment(ref _containers)}".ToLowerInvariant();
        var container = new BlobServiceClient(ConnectionString).GetBlobContainerClient(name);
        await container.CreateAsync();
        return container;
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_location, recursive: true);
    }

    /// <summary>The pinned Azurite install directory; fails with the setup command when npm cannot provide it.</summary>
    private static async Task<string> InstallAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "fetch-azurite.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"scripts/fetch-azurite.sh failed ({await stderr}); run `bash scripts/setup.sh` (it needs Node.js and npm).");
        return (await stdout).Trim().Split('\n')[^1];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ModelServing.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ModelServing.sln not found above the test directory.");
    }
}

/// <summary>The tests that talk to Azurite, sharing one Azurite process.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Azurite";
}
