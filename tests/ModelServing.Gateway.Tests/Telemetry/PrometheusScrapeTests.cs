using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Telemetry;

/// <summary>A real Prometheus server (Debian package <c>prometheus</c>) scrapes the gateway; the counter is read back through its query API.</summary>
public sealed class PrometheusScrapeTests
{
    private const string PrometheusBinary = "/usr/bin/prometheus";

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/monitoring/prometheus/metrics")]
    public async Task Prometheus_ScrapesGateway_QueryReturnsRequestCounter(string metricsPath)
    {
        Assert.True(File.Exists(PrometheusBinary), "prometheus is not installed: run scripts/setup.sh (it installs the Debian package).");
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root);
        for (var i = 0; i < 4; i++)
        {
            var (status, _) = await host.PostJsonAsync("/v1/models/loans:predict", """{"instances":[{"income":1,"credit_cards":1,"age":1}]}""");
            Assert.Equal(200, status);
        }

        var work = Directory.CreateTempSubdirectory("modelserving-prometheus-");
        var port = FreePort();
        var config = Path.Combine(work.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: gateway
                scrape_interval: 1s
                scrape_timeout: 1s
                metrics_path: {metricsPath}
                static_configs:
                  - targets: ['{host.Client.BaseAddress!.Authority}']
            """);
        using var prometheus = Process.Start(new ProcessStartInfo(PrometheusBinary)
        {
            ArgumentList =
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(work.FullName, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        prometheus.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        prometheus.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            const string query = """sum(modelserving_requests_total{job="gateway",model="loans",code="200",route="/v1/models/{name}:predict"})""";
            var deadline = DateTime.UtcNow.AddSeconds(45);
            double value = -1;
            while (DateTime.UtcNow < deadline && value < 4)
            {
                Assert.False(prometheus.HasExited, "prometheus exited early");
                await Task.Delay(500);
                value = await QueryAsync(client, query) ?? -1;
            }

            if (value < 4)
            {
                var targets = await client.GetStringAsync("/api/v1/targets");
                Assert.Fail($"Prometheus read {value} loans predicts, expected at least 4. Targets: {targets}\nLog: {string.Join('\n', log.TakeLast(20))}");
            }
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            work.Delete(recursive: true);
        }
    }

    private static async Task<double?> QueryAsync(HttpClient client, string query)
    {
        try
        {
            using var response = await client.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var result = body["data"]!["result"]!.AsArray();
            return result.Count == 0 ? null : double.Parse(result[0]!["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
