using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ModelServing.Storage.Tests.TestSupport;

/// <summary>
/// A real S3 emulator (s3rver 3.7.1 from npm, pinned in scripts/s3rver and installed by scripts/fetch-s3rver.sh) run with node on
/// a free loopback port over a temporary directory, with its default credentials (S3RVER / S3RVER).
/// </summary>
/// <remarks>Shared by the storage and gateway tests (linked source). <see cref="StopAsync"/> kills it; <see cref="StartAsync"/>
/// starts it again on the same port and directory, objects intact.</remarks>
public sealed class S3rver : IAsyncDisposable
{
    /// <summary>s3rver's built-in access key and secret.</summary>
    public const string AccessKey = "S3RVER";

    /// <summary>Credentials s3rver accepts.</summary>
    public static BasicAWSCredentials Credentials => new(AccessKey, AccessKey);

    private static readonly Lazy<string> s_install = new(Install);
    private Process? _process;

    public S3rver()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("modelserving-s3rver-").FullName;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>The emulator's data directory: objects are at <c>bucket/key._S3rver_object</c>.</summary>
    public string Directory { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>Starts (or restarts) the emulator and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var script = Path.Combine(s_install.Value, "node_modules", "s3rver", "bin", "s3rver.js");
        // s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
        var start = new ProcessStartInfo("node", ["--openssl-legacy-provider", script, "-d", Directory, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"s3rver exited with {_process.ExitCode}");
                }

                await Task.Delay(50);
            }
        }

        throw new TimeoutException("s3rver did not listen within 30 s");
    }

    /// <summary>Kills the emulator at once (connections in flight break).</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    /// <summary>A client with the emulator's credentials (path-style, no request checksums the emulator does not know; uploads
    /// must also say <c>UseChunkEncoding = false</c>, since s3rver stores aws-chunked framing as content).</summary>
    public AmazonS3Client CreateClient() =>
        new(Credentials, new AmazonS3Config
        {
            ServiceURL = Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    public async Task CreateBucketAsync(string bucket)
    {
        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
    }

    public async Task PutAsync(string bucket, string key, byte[] content)
    {
        using var client = CreateClient();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content), UseChunkEncoding = false });
    }

    public async Task PutFileAsync(string bucket, string key, string path)
    {
        using var client = CreateClient();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = path, UseChunkEncoding = false });
    }

    public async Task DeleteAsync(string bucket, string key)
    {
        using var client = CreateClient();
        await client.DeleteObjectAsync(bucket, key);
    }

    /// <summary>The file holding an object's bytes in the emulator's directory (to corrupt it behind the emulator's back).</summary>
    public string ObjectFile(string bucket, string key) => Path.Combine([Directory, bucket, .. key.Split('/')[..^1], key.Split('/')[^1] + "._S3rver_object"]);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Install()
    {
        var root = FindRepositoryRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "fetch-s3rver.sh")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"scripts/fetch-s3rver.sh failed (run scripts/setup.sh): {error}");
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ModelServing.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ModelServing.sln not found above the test directory.");
    }
}
