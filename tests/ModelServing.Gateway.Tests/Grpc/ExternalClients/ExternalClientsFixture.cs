using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Grpc.ExternalClients;

/// <summary>
/// A gateway with REST and gRPC over loans and the example image models, and the external clients' answers: each client
/// (node/client.js, python/client.py) runs once as a real process against the gRPC port and prints its cases as JSON.
/// </summary>
public sealed class ExternalClientsFixture : IAsyncLifetime
{
    private static readonly string s_sources = Path.Combine(ExampleModels.RepositoryRoot, "tests", "ModelServing.Gateway.Tests", "Grpc", "ExternalClients");
    private readonly TestRepository _repository = new TestRepository().WithLoans().WithExampleImageModels();
    private readonly ConcurrentDictionary<string, Lazy<Task<JsonObject>>> _answers = new(StringComparer.Ordinal);
    private string _jpeg = null!;

    internal GatewayHost Host { get; private set; } = null!;

    /// <summary>The JPEG of an upside-down text line the clients send to text-orientation.</summary>
    internal string JpegPath => _jpeg;

    private string Target => Host.Channel!.Target;

    public async Task InitializeAsync()
    {
        Host = await GatewayHost.StartWithGrpcAsync(_repository.Root);
        _jpeg = Path.Combine(_repository.Root, "text-line-180.jpg");
        await File.WriteAllBytesAsync(_jpeg, TextImages.Line("external client", rotated180: true));
    }

    /// <summary>What the client of <paramref name="toolchain"/> (<c>node</c> or <c>python</c>) printed: case name -> answer.</summary>
    internal Task<JsonObject> AnswersAsync(string toolchain) =>
        _answers.GetOrAdd(toolchain, t => new Lazy<Task<JsonObject>>(() => RunClientAsync(t))).Value;

    private async Task<JsonObject> RunClientAsync(string toolchain)
    {
        string[] args = [Target, Path.Combine(ExampleModels.RepositoryRoot, "protos"), Path.Combine(s_sources, "protos"), _jpeg];
        var start = toolchain switch
        {
            "node" => new ProcessStartInfo(Toolchain("node", "node"), [Path.Combine(s_sources, "node", "client.js"), .. args])
            {
                Environment = { ["NODE_PATH"] = Path.Combine(await NodeLibrariesAsync(), "node_modules") },
            },
            "python" => new ProcessStartInfo(Toolchain("python", "/usr/bin/python3"), [Path.Combine(s_sources, "python", "client.py"), .. args]),
            _ => throw new ArgumentOutOfRangeException(nameof(toolchain), toolchain, "node or python"),
        };
        var output = await RunAsync(start);
        return Assert.IsType<JsonObject>(JsonNode.Parse(output.Trim().Split('\n')[^1]));
    }

    /// <summary>The pinned @grpc/grpc-js and @grpc/proto-loader, installed by scripts/fetch-grpc-client.sh (setup.sh runs it).</summary>
    private static async Task<string> NodeLibrariesAsync()
    {
        var script = Path.Combine(ExampleModels.RepositoryRoot, "scripts", "fetch-grpc-client.sh");
        var output = await RunAsync(new ProcessStartInfo("bash", [script]));
        return output.Trim().Split('\n')[^1];
    }

    /// <summary>Fails with the setup command when the toolchain is missing.</summary>
    private static string Toolchain(string name, string command)
    {
        var found = Path.IsPathRooted(command)
            ? File.Exists(command)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, command)));
        Assert.True(found, $"The {name} gRPC client needs '{command}': run `bash scripts/setup.sh` (it installs Debian's python3-grpcio, python3-protobuf and python3-grpc-tools, and the pinned Node gRPC libraries; Node.js itself: apt-get install nodejs npm).");
        return command;
    }

    private static async Task<string> RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} could not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var command = $"{start.FileName} {string.Join(' ', start.ArgumentList)}";
        var (output, errors) = (await stdout, await stderr);
        Assert.True(process.ExitCode == 0, string.Create(CultureInfo.InvariantCulture, $"{command} exited {process.ExitCode}: {errors}{output}. If a module is missing, run `bash scripts/setup.sh`."));
        return output;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _repository.Dispose();
    }
}
