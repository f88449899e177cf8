using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>The gateway as a real separate process, for what only a process shows: environment variables, ports, signals.</summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string GatewayDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        return Path.Combine(ExampleModels.RepositoryRoot, "src", "ModelServing.Gateway", "bin", configuration, "net10.0", "ModelServing.Gateway.dll");
    }

    /// <summary>Starts the gateway with exactly the given environment additions and arguments.</summary>
    public static GatewayProcess Start(int port, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartCommand("dotnet", port, environment, [GatewayDll(), .. args]);

    /// <summary>
    /// Starts the gateway on <paramref name="repositoryRoot"/> on a free loopback port with the environment additions and extra
    /// arguments, and waits until <c>/readyz</c> answers 200 (failing the test with the gateway's output if it never does).
    /// </summary>
    public static async Task<GatewayProcess> StartReadyAsync(string repositoryRoot, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var port = FreePort();
        var gateway = Start(
            port,
            environment,
            ["--urls", $"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "--grpc-port", "0", "--model-repository", repositoryRoot, .. args]);
        if (!await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)))
        {
            var output = gateway.Output;
            await gateway.DisposeAsync();
            Assert.Fail(output);
        }

        return gateway;
    }

    /// <summary>Starts <paramref name="fileName"/> (e.g. a script that exec's the gateway) with the environment additions.</summary>
    /// <remarks>gRPC is off (<c>GRPC_PORT=0</c>) unless the additions or the arguments set a port: parallel gateways would all take 8500.</remarks>
    public static GatewayProcess StartCommand(string fileName, int port, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        string[] inherited = ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "MODEL_REPOSITORY", "MODEL_BASE_PATH", "MODEL_NAME"];
        foreach (var name in inherited)
        {
            start.Environment.Remove(name);
        }

        start.Environment["GRPC_PORT"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new GatewayProcess(Process.Start(start)!, port);
    }

    /// <summary>Sends SIGTERM, as an orchestrator does to stop a container.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Sends SIGTERM, waits for the exit and returns everything the process wrote (the console log is flushed at exit).</summary>
    public async Task<string> StopAsync()
    {
        Terminate();
        Assert.True(await WaitForExitAsync(TimeSpan.FromSeconds(30)), Output);
        return Output;
    }

    /// <summary>Waits for the process to exit; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200 or the timeout passes.</summary>
    public async Task<bool> WaitForAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await Client.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        return false;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
