using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;

namespace ModelServing.Storage.Tests.TestSupport;

/// <summary>
/// A real Azurite blob service (Microsoft's Azure Storage emulator 3.37.0 from npm, pinned in scripts/azurite and installed by
/// scripts/fetch-azurite.sh, which setup.sh runs) on a free loopback port over a temporary directory, reached as an operator
/// would: a connection string with the emulator's published development account and key.
/// </summary>
/// <remarks>Shared by the storage and gateway tests (linked source). <see cref="StopAsync"/> stops it; <see cref="StartAsync"/>
/// starts it again on the same port and directory, blobs intact.</remarks>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's account.</summary>
    public const string Account = "devstoreaccount1";

    /// <summary>The published development key of <see cref="Account"/> (documented by Microsoft; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<string> s_install = new(Install);
    private Process? _process;

    public Azurite()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("modelserving-azurite-").FullName;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>The emulator's data directory.</summary>
    public string Directory { get; }

    /// <summary>The blob endpoint, <c>http://127.0.0.1:port/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{Account}");

    /// <summary>What an operator puts in AZURE_STORAGE_CONNECTION_STRING for this Azurite.</summary>
    public string ConnectionString => ConnectionStringWithKey(AccountKey);

    /// <summary>A connection string to this Azurite signing with <paramref name="key"/> (base64).</summary>
    public string ConnectionStringWithKey(string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={key};BlobEndpoint={BlobEndpoint};";

    /// <summary>Starts (or restarts) the emulator and waits until it listens.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(s_install.Value, "node_modules", ".bin", "azurite-blob"))
        {
            // --skipApiVersionCheck: the SDK may speak a newer service version than the emulator knows.
            ArgumentList =
            {
                "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(CultureInfo.InvariantCulture), "--location", Directory,
                "--loose", "--skipApiVersionCheck", "--disableTelemetry", "--silent",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("azurite-blob did not start");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        void Collect(string? line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }

            if (line?.Contains("successfully listens", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        }

        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var done = await Task.WhenAny(listening.Task, _process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(1)));
        if (done != listening.Task)
        {
            throw new InvalidOperationException($"azurite-blob did not start listening on port {Port}: {output}");
        }
    }

    /// <summary>Stops the emulator with SIGTERM, so that it writes its metadata out (blobs stay in <see cref="Directory"/>);
    /// kills it if it has not exited within 10 seconds.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Creates <paramref name="name"/> if it does not exist and gives a client to upload into it.</summary>
    public async Task<BlobContainerClient> ContainerAsync(string name)
    {
        var container = new BlobServiceClient(ConnectionString).GetBlobContainerClient(name);
        await container.CreateIfNotExistsAsync();
        return container;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static string Install()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ModelServing.sln")))
        {
            root = root.Parent;
        }

        var script = Path.Combine(root?.FullName ?? throw new InvalidOperationException("ModelServing.sln not found"), "scripts", "fetch-azurite.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Trim().Split('\n')[^1]
            : throw new InvalidOperationException($"scripts/fetch-azurite.sh failed ({stderr.Result}); run `bash scripts/setup.sh` (it needs Node.js and npm).");
    }
}
