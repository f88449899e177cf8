using System.Globalization;
using System.Net.Sockets;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Hosting;

/// <summary>A predict that reaches a freshly started gateway while its models still load waits for them instead of failing.</summary>
public sealed class InitialLoadGateTests
{
    // Warm-up keeps loans LOADING for several seconds after Kestrel listens: 48 batch sizes near 4096 rows, listed 30 times,
    // 100 runs each (listed once, a quiet machine finished the load before the first request reached it).
    private static readonly string s_slowLoadConfig =
        $$$"""{"warmup": {"batchSizes": [{{{string.Join(", ", Enumerable.Repeat(Enumerable.Range(4049, 48), 30).SelectMany(r => r))}}}], "iterations": 100}}""";

    [Fact]
    public async Task PostWhileFirstLoadRuns_WaitsForTheLoad_Answers200()
    {
        using var repository = new TestRepository().WithLoans().WithConfig("loans", s_slowLoadConfig);
        var port = GatewayProcess.FreePort();
        await using var gateway = GatewayProcess.Start(
            port,
            new Dictionary<string, string>(),
            "--urls", "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--grpc-port", "0", "--model-repository", repository.Root,
            "--Logging:LogLevel:Default", "Warning", "--Startup:HoldRequestsSeconds", "300");

        using var connection = await ConnectAsync(port);
        var readiness = await connection.SendAsync(Get("/readyz"), CancellationToken.None);
        var predict = await connection.SendAsync(
            RawHttpConnection.Post("/v1/models/loans:predict", """{"instances":[{"income":50000,"credit_cards":2,"age":40}]}"""), CancellationToken.None);

        Assert.True(readiness.Status == 503 && readiness.Body.Contains("still loading", StringComparison.Ordinal), $"the load was over before the predict: {readiness}");
        Assert.True(predict.Status == 200, predict.ToString());
        Assert.Contains("predictions", predict.Body, StringComparison.Ordinal);
    }

    private static async Task<RawHttpConnection> ConnectAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await RawHttpConnection.ConnectAsync(port, CancellationToken.None);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }
        }
    }

    private static byte[] Get(string path) => System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}
