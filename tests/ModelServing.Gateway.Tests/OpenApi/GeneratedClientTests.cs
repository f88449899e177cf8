using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.OpenApi;

/// <summary>
/// Validates the gateway's swagger.json with @apidevtools/swagger-parser, generates a TypeScript client from it with
/// openapi-typescript (all pinned in scripts/ts-client), type-checks a caller with tsc and runs it with node against the gateway.
/// </summary>
public sealed class GeneratedClientTests
{
    private static readonly string s_clientSources = Path.Combine(ExampleModels.RepositoryRoot, "tests", "ModelServing.Gateway.Tests", "OpenApi", "TypeScriptClient");

    [Fact]
    public async Task TypeScriptClient_GeneratedFromSwagger_PredictsLoansAndTextOrientation()
    {
        var tools = (await RunAsync(ExampleModels.RepositoryRoot, "bash", Path.Combine(ExampleModels.RepositoryRoot, "scripts", "fetch-ts-client.sh"))).Trim().Split('\n')[^1];
        using var repository = new TestRepository().WithLoans().WithExampleImageModels();
        await using var host = await GatewayHost.StartAsync(repository.Root);
        var work = Directory.CreateTempSubdirectory("ms-ts-client-");
        try
        {
            File.WriteAllText(Path.Combine(work.FullName, "swagger.json"), await host.Client.GetStringAsync("/swagger.json"));
            File.WriteAllText(Path.Combine(work.FullName, "package.json"), """{"type":"module"}""");
            foreach (var file in new[] { "client.ts", "tsconfig.json", "validate.mjs" })
            {
                File.Copy(Path.Combine(s_clientSources, file), Path.Combine(work.FullName, file));
            }

            File.CreateSymbolicLink(Path.Combine(work.FullName, "node_modules"), Path.Combine(tools, "node_modules"));
            var validation = JsonNode.Parse(await RunAsync(work.FullName, "node", "validate.mjs"))!;
            Assert.StartsWith("3.", validation["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
            await RunAsync(work.FullName, "node", "node_modules/openapi-typescript/bin/cli.js", "swagger.json", "-o", "api.d.ts");
            await RunAsync(work.FullName, "node", "node_modules/typescript/bin/tsc", "-p", "tsconfig.json");
            var image = Convert.ToBase64String(TextImages.Line("generated client", rotated180: true));
            var output = await RunAsync(work.FullName, "node", "client.js", host.Client.BaseAddress!.ToString().TrimEnd('/'), image);

            var answer = JsonNode.Parse(output)!;
            var (_, reference) = await host.PostJsonAsync(
                "/v1/models/loans:predict", """{"instances":[{"income":2000,"credit_cards":2,"age":45},{"income":8000,"credit_cards":0,"age":30}]}""");
            Assert.Equal(
                reference!["predictions"]!.AsArray().Select(p => p!["approved"]!.GetValue<long>()),
                answer["approved"]!.AsArray().Select(a => a!.GetValue<long>()));
            Assert.Equal(
                reference["predictions"]!.AsArray().SelectMany(p => p!["probabilities"]!.AsArray()).Select(v => v!.GetValue<double>()),
                answer["probabilities"]!.AsArray().SelectMany(p => p!.AsArray()).Select(v => v!.GetValue<double>()));
            Assert.Equal("180", answer["label"]!.GetValue<string>());
            Assert.InRange(answer["score"]!.GetValue<double>(), 0.5, 1.0);
            Assert.Equal(400, answer["badStatus"]!.GetValue<int>());
            Assert.False(string.IsNullOrEmpty(answer["badError"]!["error"]!.GetValue<string>()));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<string> RunAsync(string directory, string command, params string[] args)
    {
        var start = new ProcessStartInfo(command, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} could not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
        return await stdout;
    }
}
