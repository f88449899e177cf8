using System.Diagnostics;
using System.Globalization;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Hosting;

/// <summary>Debian's nginx in front of two gateway processes; each is stopped with SIGTERM and started again under load.</summary>
[Collection(ProcessLoadCollection.Name)]
public sealed class ReverseProxyRestartTests
{
    private const string Predict = """{"instances":[{"income":50000,"credit_cards":2,"age":40}]}""";

    private static readonly Dictionary<string, string> s_environment = new()
    {
        ["MODELSERVING_DRAIN_DELAY_SECONDS"] = "3",
        ["MODELSERVING_SHUTDOWN_TIMEOUT_SECONDS"] = "10",
    };

    [Fact]
    public async Task RollingSigtermAndRestart_BehindNginxUnderLoad_NoRequestFails()
    {
        using var repository = new TestRepository().WithLoans();
        int[] ports = [GatewayProcess.FreePort(), GatewayProcess.FreePort()];
        var gateways = new GatewayProcess?[2];
        try
        {
            for (var i = 0; i < 2; i++)
            {
                gateways[i] = await StartAsync(ports[i], repository.Root);
            }

            using var nginx = await NginxProxy.StartAsync(ports);
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(50));
            var (load, running) = RawLoad.Start(nginx.Port, RawHttpConnection.Post("/v1/models/loans:predict", Predict), 16, clock, stopWhenRefused: false, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(1));
            for (var i = 0; i < 2; i++)
            {
                var stopping = gateways[i]!;
                stopping.Terminate();
                Assert.True(await stopping.WaitForExitAsync(TimeSpan.FromSeconds(20)), stopping.Output);
                Assert.Equal(0, stopping.ExitCode);
                gateways[i] = null;
                await stopping.DisposeAsync();
                gateways[i] = await StartAsync(ports[i], repository.Root);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            await stop.CancelAsync();
            await running;

            var outcomes = load.Outcomes;
            var failed = outcomes.Where(o => !o.Succeeded).ToList();
            Assert.True(
                failed.Count == 0,
                $"{failed.Count} of {outcomes.Count} requests failed: {string.Join("; ", failed.Take(10))}\nnginx: {Tail(nginx.ErrorLog)}");
            Assert.True(outcomes.Count > 1000, $"only {outcomes.Count} requests in the run");
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                if (gateway is not null)
                {
                    await gateway.DisposeAsync();
                }
            }
        }
    }

    private static async Task<GatewayProcess> StartAsync(int port, string repositoryRoot)
    {
        var gateway = GatewayProcess.Start(
            port,
            s_environment,
            "--urls", "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--grpc-port", "0", "--model-repository", repositoryRoot,
            "--Logging:LogLevel:Default", "Warning");
        if (!await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)))
        {
            var output = gateway.Output;
            await gateway.DisposeAsync();
            Assert.Fail(output);
        }

        return gateway;
    }

    private static string Tail(string log) => log.Length <= 2000 ? log : log[^2000..];
}
