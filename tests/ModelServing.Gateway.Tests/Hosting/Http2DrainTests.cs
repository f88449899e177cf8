using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Hosting;

/// <summary>SIGTERM to a gateway serving HTTP/2 (cleartext, prior knowledge) under load: GOAWAY during the drain, nothing lost.</summary>
[Collection(ProcessLoadCollection.Name)]
public sealed class Http2DrainTests
{
    private const string Predict = """{"instances":[{"income":50000,"credit_cards":2,"age":40}]}""";

    [Fact]
    public async Task SigtermUnderHttp2Load_DuringDrain_SendsGoawayAndLosesNoRequest()
    {
        using var repository = new TestRepository().WithLoans();
        var port = GatewayProcess.FreePort();
        await using var gateway = GatewayProcess.Start(
            port,
            new Dictionary<string, string> { ["MODELSERVING_DRAIN_DELAY_SECONDS"] = "2", ["MODELSERVING_SHUTDOWN_TIMEOUT_SECONDS"] = "10" },
            "--urls", "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--grpc-port", "0", "--model-repository", repository.Root,
            "--Kestrel:EndpointDefaults:Protocols", "Http2", "--Logging:LogLevel:Default", "Warning");
        var clock = Stopwatch.StartNew();
        var connectionsOpened = new ConcurrentQueue<TimeSpan>();
        using var handler = ConnectionCountingHandler.Create(() => connectionsOpened.Enqueue(clock.Elapsed));
        using var client = new HttpClient(handler)
        {
            BaseAddress = new Uri("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
        await WaitReadyAsync(client, gateway);

        var failures = new ConcurrentQueue<string>();
        var answered = 0;
        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    using var content = new StringContent(Predict, Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync("/v1/models/loans:predict", content);
                    if (response.StatusCode != HttpStatusCode.OK || response.Version != HttpVersion.Version20)
                    {
                        failures.Enqueue($"{(int)response.StatusCode} over HTTP/{response.Version}");
                    }

                    Interlocked.Increment(ref answered);
                }
                catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                {
                    return; // The listener has closed: this request was never sent.
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue(ex.Message);
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1));
        var sigterm = clock.Elapsed;
        gateway.Terminate();
        Assert.True(await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)), gateway.Output);
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(failures.IsEmpty, $"{failures.Count} of {answered + failures.Count} requests failed: {string.Join("; ", failures.Take(5))}");
        Assert.Equal(0, gateway.ExitCode);

        // One connection carries all streams until shutdown; during the drain each connection is told to go away, so the
        // client opens new ones.
        var duringDrain = connectionsOpened.Count(t => t > sigterm + TimeSpan.FromMilliseconds(500));
        Assert.True(duringDrain >= 2, $"{duringDrain} connections were opened during the drain (of {connectionsOpened.Count})");
    }

    private static async Task WaitReadyAsync(HttpClient client, GatewayProcess gateway)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !gateway.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("/readyz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail(gateway.Output);
    }
}
