using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelServing.Core;
using ModelServing.Core.Repository;
using ModelServing.Gateway.BatchJobs;
using ModelServing.Gateway.Grpc;
using ModelServing.Gateway.Health;
using ModelServing.Gateway.Http;
using ModelServing.Gateway.Management;
using ModelServing.Gateway.OpenApi;
using ModelServing.Gateway.OpenInference;
using ModelServing.Gateway.Scoring;
using ModelServing.Gateway.Security;
using ModelServing.Gateway.Telemetry;
using ModelServing.Gateway.TensorFlowServing;
using ModelServing.Gateway.Vertex;
using ModelServing.Imaging;
using ModelServing.Onnx;
using ModelServing.Protocols;

namespace ModelServing.Gateway.Hosting;

/// <summary>Builds the gateway: configuration, services and routes. Used by <c>Program</c> and by the tests.</summary>
public static class GatewayApplication
{
    /// <summary>Creates the web application from command-line arguments and the environment.</summary>
    /// <param name="args">Command-line arguments (<c>--model-repository PATH</c>, <c>--urls</c>, any <c>--Section:Key value</c>).</param>
    /// <param name="configure">Optional last word on the builder (tests use it to set the repository and port).</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = CommandLineArguments.Normalize(args),
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        ShippedSettings.Add(builder.Configuration, builder.Environment, AppContext.BaseDirectory);
        builder.Configuration.AddInMemoryCollection(EnvironmentSettings.Read(builder.Configuration));
        builder.Configuration.AddInMemoryCollection(SettingAliases.Read(builder.Configuration));
        ListenAddress.Apply(builder);
        ConfigureServices(builder);
        builder.AddGatewaySecurity();
        builder.AddGracefulShutdown();
        configure?.Invoke(builder);

        var app = builder.Build();
        MapRoutes(app);
        return app;
    }

    private static void ConfigureServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ModelRepositoryOptions>()
            .Bind(builder.Configuration.GetSection(ModelRepositoryOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Root), "ModelRepository:Root must name a directory.")
            .ValidateOnStart();
        builder.AddRemoteRepository();
        services.AddOptions<ManagementOptions>()
            .Bind(builder.Configuration.GetSection(ManagementOptions.SectionName))
            .Validate(
                o => !o.Enabled || ApiKeyCheck.ResolveKey(o.ApiKey, o.ApiKeyFile) is not null,
                "Management:Enabled requires Management:ApiKey (or Management__ApiKey) or Management:ApiKeyFile.")
            .ValidateOnStart();
        services.AddOptions<VertexOptions>()
            .Bind(builder.Configuration.GetSection(VertexOptions.SectionName))
            .ValidateOnStart();
        services.AddOptions<AccessLogOptions>()
            .Bind(builder.Configuration.GetSection(AccessLogOptions.SectionName))
            .ValidateOnStart();
        services.TryAddSingleton<AccessLog>();

        services.AddModelServing().AddOnnxRuntime().AddImageServingStages().AddPredictWarmupRequests();
        services.TryAddSingleton<ReadinessProbe>();
        services.AddHostedService<ModelRepositoryLoader>();

        services.AddRequestDecompression();
        services.AddProblemDetails();
        services.AddExceptionHandler<GatewayErrorHandler>();
        services.AddGatewaySwagger();
        services.AddBatchJobs(builder.Configuration);
        builder.AddGatewayGrpc();
        builder.AddGatewayTelemetry();
    }

    private static void MapRoutes(WebApplication app)
    {
        app.UseDrainingResponses();
        app.UseGatewayTelemetry();
        app.UseExceptionHandler();
        app.UseGatewaySecurity();
        app.UseInitialLoadGate();
        app.UseRequestDecompression();
        app.UseGatewaySwagger();
        app.MapHealthEndpoints();
        app.MapTensorFlowServingEndpoints();
        app.MapVertexEndpoints();
        app.MapManagementEndpoints();
        app.MapBatchJobEndpoints();
        app.MapMetricsEndpoints();
        app.MapOpenInferenceEndpoints();
        app.MapScoreEndpoints();
        app.MapGatewayGrpc();
    }
}
