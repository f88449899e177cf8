using System.Globalization;
using System.Text;
using ModelServing.Gateway.Hosting;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Telemetry;

/// <summary>
/// The logging defaults shipped as appsettings.json beside the gateway, seen in a real gateway process started from another
/// directory (as scripts/serve.sh and the container start it), and how configuration overrides them.
/// </summary>
public sealed class DefaultLoggingTests
{
    private const string RequestIdPrefix = "default-logging-";

    [Fact]
    public async Task DefaultSettings_Requests_LogStartupAndModelLoadsButNoLinePerRequest()
    {
        var output = await RunAsync(new Dictionary<string, string>());

        var listening = Assert.Single(Lines(output), l => l.Contains("Now listening on: http://127.0.0.1:", StringComparison.Ordinal));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: Microsoft\.Hosting\.Lifetime\[\d+\] Now listening on", listening);
        Assert.Contains("Application started", output, StringComparison.Ordinal);
        Assert.Contains("Model loans version 1 is AVAILABLE", output, StringComparison.Ordinal);
        Assert.Contains("Shutting down", output, StringComparison.Ordinal);
        Assert.DoesNotContain("info: Microsoft.AspNetCore", output, StringComparison.Ordinal);
        Assert.DoesNotContain("dbug:", output, StringComparison.Ordinal);
        Assert.DoesNotContain(RequestIdPrefix, output, StringComparison.Ordinal);
        Assert.DoesNotContain("ModelServing.AccessLog", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLineLogLevel_OverridesShippedSettings_RequestLinesReturn()
    {
        var output = await RunAsync(new Dictionary<string, string>(), "--Logging:LogLevel:Microsoft.AspNetCore", "Information");

        Assert.Contains("info: Microsoft.AspNetCore.Hosting.Diagnostics[1] Request starting", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvironmentVariableLogLevel_OverridesShippedSettings_RequestLinesReturn()
    {
        var output = await RunAsync(new Dictionary<string, string> { ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information" });

        Assert.Contains("info: Microsoft.AspNetCore.Hosting.Diagnostics[1] Request starting", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLineDefaultWarning_OverridesShippedSettings_NoInformationLines()
    {
        var output = await RunAsync(new Dictionary<string, string>(), "--Logging:LogLevel:Default", "Warning");

        Assert.DoesNotContain("Application started", output, StringComparison.Ordinal);
        Assert.DoesNotContain("info:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentEnvironment_ShippedDevelopmentSettings_DebugLinesButStillNoLinePerRequest()
    {
        var output = await RunAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

        Assert.Contains("dbug: ModelServing.", output, StringComparison.Ordinal);
        Assert.Contains(Lines(output), l => l.EndsWith("info: Microsoft.Hosting.Lifetime[0]", StringComparison.Ordinal));
        Assert.DoesNotContain("info: Microsoft.AspNetCore", output, StringComparison.Ordinal);
        Assert.DoesNotContain(RequestIdPrefix, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ShippedSettingsAndOverrides_EnvironmentFileThenCommandLineWin()
    {
        await using var shipped = GatewayApplication.Create([]);
        await using var development = GatewayApplication.Create(["--environment", "Development"]);
        await using var overridden = GatewayApplication.Create(["--Logging:LogLevel:Microsoft.AspNetCore", "Debug"]);

        Assert.Equal("Warning", shipped.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Equal("true", shipped.Configuration["Logging:Console:FormatterOptions:SingleLine"], ignoreCase: true);
        Assert.Null(shipped.Configuration["Logging:LogLevel:ModelServing"]);
        Assert.Equal("Debug", development.Configuration["Logging:LogLevel:ModelServing"]);
        Assert.Equal("false", development.Configuration["Logging:Console:FormatterOptions:SingleLine"], ignoreCase: true);
        Assert.Equal("Warning", development.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Equal("Debug", overridden.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
    }

    private static IEnumerable<string> Lines(string output) => output.Split('\n').Select(l => l.TrimEnd('\r'));

    /// <summary>Starts the gateway on loans, sends three predictions, stops it with SIGTERM and returns its console output.</summary>
    private static async Task<string> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var repository = new TestRepository().WithLoans();
        await using var gateway = await GatewayProcess.StartReadyAsync(repository.Root, environment, args);

        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/loans:predict")
            {
                Content = new StringContent("""{"instances":[{"income":2000,"credit_cards":2,"age":45}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-request-id", RequestIdPrefix + i.ToString(CultureInfo.InvariantCulture));
            using var response = await gateway.Client.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
        }

        return await gateway.StopAsync();
    }
}
