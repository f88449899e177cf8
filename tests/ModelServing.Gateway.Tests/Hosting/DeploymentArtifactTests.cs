using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Hosting;

/// <summary>The Dockerfile, deploy/ manifests, compose and CI files checked against the repository and the gateway's routes.</summary>
public sealed partial class DeploymentArtifactTests
{
    private static string Root => ExampleModels.RepositoryRoot;

    private static (int ExitCode, string Output) Run(string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public async Task Manifests_Lint_AndProbePathsAreGatewayRoutes()
    {
        var (code, output) = Run("python3", Path.Combine(Root, "scripts", "lint-deploy.py"), Path.Combine(Root, "deploy"));
        Assert.True(code == 0, output);
        var report = JsonNode.Parse(output)!;
        Assert.True(report["files"]!.GetValue<int>() >= 10, output);
        var probes = report["probePaths"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal(["/healthz", "/readyz"], probes);
        var imagePaths = report["imagePaths"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains("/app/batch/modelserving-batch.dll", imagePaths);
        Assert.Contains("/app/docker-entrypoint.sh", imagePaths);
        var grpcProbe = Assert.Single(report["grpcProbes"]!.AsArray())!;
        Assert.Equal("readinessProbe", grpcProbe["probe"]!.GetValue<string>());
        Assert.Equal(8500, grpcProbe["port"]!.GetValue<int>());

        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet(StringComparer.Ordinal);
        Assert.All(probes, p => Assert.Contains(p, routes));
        var health = await new global::Grpc.Health.V1.Health.HealthClient(host.Channel!)
            .CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest { Service = grpcProbe["service"]!.GetValue<string>() });
        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public void Linter_CatchesAGrpcProbeOnAPortTheGatewayDoesNotServe()
    {
        var copy = Directory.CreateTempSubdirectory("modelserving-deploy-").FullName;
        try
        {
            Run("cp", "-r", Path.Combine(Root, "deploy", "."), copy);
            var deployment = Path.Combine(copy, "kubernetes", "base", "deployment.yaml");
            var text = File.ReadAllText(deployment);
            File.WriteAllText(deployment, text.Replace("value: \"8500\"", "value: \"0\"", StringComparison.Ordinal)
                .Replace("            - name: grpc\n              containerPort: 8500\n", string.Empty, StringComparison.Ordinal));

            var (code, output) = Run("python3", Path.Combine(Root, "scripts", "lint-deploy.py"), copy);

            Assert.Equal(1, code);
            Assert.Contains("readinessProbe grpc port 8500 is not one of its containerPorts [8501]", output, StringComparison.Ordinal);
            Assert.Contains("readinessProbe grpc port 8500 is not the gateway's gRPC port 0 (GRPC_PORT)", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Linter_CatchesAGracePeriodTooShortAndAMissingOverlayFile()
    {
        var copy = Directory.CreateTempSubdirectory("modelserving-deploy-").FullName;
        try
        {
            Run("cp", "-r", Path.Combine(Root, "deploy", "."), copy);
            var deployment = Path.Combine(copy, "kubernetes", "base", "deployment.yaml");
            File.WriteAllText(deployment, File.ReadAllText(deployment).Replace("terminationGracePeriodSeconds: 60", "terminationGracePeriodSeconds: 35", StringComparison.Ordinal));
            File.Delete(Path.Combine(copy, "kubernetes", "overlays", "gpu", "gpu-resources.yaml"));

            var (code, output) = Run("python3", Path.Combine(Root, "scripts", "lint-deploy.py"), copy);

            Assert.Equal(1, code);
            Assert.Contains("terminationGracePeriodSeconds 35 is not greater than preStop + drain + shutdown timeout = 40", output, StringComparison.Ordinal);
            Assert.Contains("gpu-resources.yaml does not exist", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Linter_CatchesAManifestRunningAFileTheImageLacks()
    {
        var copy = Directory.CreateTempSubdirectory("modelserving-deploy-").FullName;
        try
        {
            var dockerfile = Path.Combine(copy, "Dockerfile");
            File.WriteAllLines(dockerfile, File.ReadAllLines(Path.Combine(Root, "Dockerfile")).Where(l => !l.Contains("src/ModelServing.BatchCli", StringComparison.Ordinal)));

            var (code, output) = Run("python3", Path.Combine(Root, "scripts", "lint-deploy.py"), Path.Combine(Root, "deploy"), "--dockerfile", dockerfile);

            Assert.Equal(1, code);
            var errors = JsonNode.Parse(output)!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
            Assert.Equal(2, errors.Count);
            Assert.EndsWith("indexed-job.yaml: container batch command runs /app/batch/modelserving-batch.dll, which the Dockerfile does not create in stage runtime-gpu", errors[0], StringComparison.Ordinal);
            Assert.EndsWith("indexed-job.yaml: container batch command runs /app/batch/modelserving-batch.dll, which the Dockerfile does not create in stage runtime", errors[1], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Dockerfile_BatchCliPublish_ProducesTheDllTheIndexedJobRuns()
    {
        var publish = File.ReadAllText(Path.Combine(Root, "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal)
            .Split("&&").Select(c => c.Trim())
            .Single(c => c.StartsWith("dotnet publish src/ModelServing.BatchCli ", StringComparison.Ordinal) && !c.Contains("OnnxRuntimeFlavor", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal("/app/batch", publish[publish.IndexOf("-o") + 1]);
        var job = File.ReadAllText(Path.Combine(Root, "deploy", "batch", "indexed-job.yaml"));
        Assert.Contains("""command: ["dotnet", "/app/batch/modelserving-batch.dll"]""", job, StringComparison.Ordinal);
        var output = Directory.CreateTempSubdirectory("modelserving-publish-").FullName;
        try
        {
            // The Dockerfile's command with only the output directory (and the configuration these tests were built in) changed;
            // --no-build holds because this project builds the CLI (a ProjectReference without its assembly).
            publish[publish.IndexOf("-o") + 1] = Path.Combine(output, "batch");
            publish[publish.IndexOf("-c") + 1] = Configuration;

            var (code, log) = Run(publish[0], [.. publish.Skip(1), "-nologo"]);

            Assert.True(code == 0, log);
            Assert.True(File.Exists(Path.Combine(output, "batch", "modelserving-batch.dll")), log);
            Assert.True(File.Exists(Path.Combine(output, "batch", "modelserving-batch.runtimeconfig.json")), log);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public void PrometheusConfig_PassesPromtool()
    {
        var (code, output) = Run("promtool", "check", "config", Path.Combine(Root, "deploy", "compose", "prometheus.yml"));
        Assert.True(code == 0, output);
    }

    [Fact]
    public void Dockerfile_RunStepsUseScriptsThatExist_CopySourcesExist_AndTargetsAreThere()
    {
        var text = File.ReadAllText(Path.Combine(Root, "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal))
            .Select(l => l.Split(" AS ", StringSplitOptions.TrimEntries).ElementAtOrDefault(1)).OfType<string>().ToList();
        Assert.Equal(["build", "build-cuda", "dotnet-runtime", "runtime-gpu", "runtime"], stages);
        Assert.Contains(lines, l => l.StartsWith("ARG CUDA_RUNTIME_IMAGE=nvidia/cuda:13.", StringComparison.Ordinal) && l.Contains("cudnn", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ARG DOTNET_RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal));

        var scripts = 0;
        foreach (var run in lines.Where(l => l.StartsWith("RUN ", StringComparison.Ordinal)))
        {
            foreach (Match match in ScriptReference().Matches(run))
            {
                scripts++;
                Assert.True(File.Exists(Path.Combine(Root, match.Value)), $"{match.Value} in '{run}'");
            }
        }

        Assert.True(scripts >= 3, "the build should run setup.sh and copy the entrypoint script");
        Assert.Contains(lines, l => l.StartsWith("RUN dotnet publish src/ModelServing.Gateway -c Release -p:OnnxRuntimeFlavor=GpuLinux", StringComparison.Ordinal));
        foreach (var copy in lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal)))
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
            Assert.All(parts.SkipLast(1), source => Assert.True(Path.Exists(Path.Combine(Root, source)), $"COPY source {source}"));
        }

        Assert.Contains(lines, l => l.Contains("libturbojpeg0", StringComparison.Ordinal) && l.Contains("libspng0", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l == "USER modelserving"));
        Assert.Equal(2, lines.Count(l => l == """ENTRYPOINT ["bash", "/app/docker-entrypoint.sh"]"""));
        Assert.True(File.Exists(Path.Combine(Root, ".dockerignore")));
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(Root, ".dockerignore")), l => l is "scripts" or "src" or "models");
    }

    [Fact]
    public void CiWorkflow_RunsTheReadmeTestCommand_AndVerifiesFormatting()
    {
        var ci = File.ReadAllText(Path.Combine(Root, ".github", "workflows", "ci.yml"));
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.Contains("bash scripts/test.sh", readme, StringComparison.Ordinal);
        Assert.Contains("run: bash scripts/test.sh", ci, StringComparison.Ordinal);
        Assert.Contains("dotnet format", ci, StringComparison.Ordinal);
        Assert.Contains("--verify-no-changes", ci, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"scripts/[A-Za-z0-9_.\-/]+\.(sh|py)")]
    private static partial Regex ScriptReference();
}
