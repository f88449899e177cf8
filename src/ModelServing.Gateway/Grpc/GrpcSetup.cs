using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelServing.Gateway.Health;
using ModelServing.Gateway.Hosting;
using ModelServing.Gateway.Security;

namespace ModelServing.Gateway.Grpc;

/// <summary>Registers and maps the gateway's gRPC services (TF Serving's and Open Inference v2's) on the shared inference path.</summary>
internal static class GrpcSetup
{
    /// <summary>Adds gRPC hosting and its options.</summary>
    public static void AddGatewayGrpc(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GrpcOptions>()
            .Bind(builder.Configuration.GetSection(GrpcOptions.SectionName))
            .Validate(o => o.Port is >= 0 and <= 65535, "Grpc:Port must be a TCP port number, or 0 to turn gRPC off.")
            .Validate(o => o.MaxReceiveMessageBytes > 0, "Grpc:MaxReceiveMessageBytes must be positive.")
            .Validate(o => o.MaxSendMessageBytes > 0, "Grpc:MaxSendMessageBytes must be positive.")
            .Validate(o => o.MaxHealthWatches > 0, "Grpc:MaxHealthWatches must be positive.")
            .ValidateOnStart();
        builder.Services.AddGrpc();
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<GrpcOptions>>((grpc, options) =>
        {
            grpc.MaxReceiveMessageSize = options.Value.MaxReceiveMessageBytes;
            grpc.MaxSendMessageSize = options.Value.MaxSendMessageBytes;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.TryAddSingleton<GrpcHealthStatus>();
        builder.Services.TryAddSingleton<HealthWatchSlots>();

        // Routes split by listener only when there is a gRPC listener to split by (ours, or a user's endpoint named Grpc).
        var separated = builder.Configuration.GetSection($"{ListenAddress.EndpointsSection}:{GrpcListener.EndpointName}").Exists();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy>(new GrpcListenerPolicy(separated)));
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ConfigurationLoader?.Endpoint(GrpcListener.EndpointName, endpoint => endpoint.ListenOptions.Use(GrpcListener.Mark)));
    }

    /// <summary>Maps every gRPC service (nothing when gRPC is off): map yours on <c>services</c>, so that routing keeps them on the gRPC listener.</summary>
    public static void MapGatewayGrpc(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<GrpcOptions>>().Value.Port == 0)
        {
            return;
        }

        app.UseMiddleware<GrpcRequestLimits>();
        var services = app.MapGroup(string.Empty).WithMetadata(GrpcEndpointMetadata.Instance);
        // Open like /readyz, its methods only: the UNIMPLEMENTED catch-alls mapped with it stay behind the key.
        services.MapGrpcService<GrpcHealthService>().Add(endpoint =>
        {
            if (endpoint.Metadata.Any(m => m is GrpcMethodMetadata))
            {
                endpoint.Metadata.Add(OpenEndpointMetadata.Instance);
            }
        });
        services.MapGrpcService<TensorFlowServing.PredictionServiceImpl>();
        services.MapGrpcService<TensorFlowServing.ModelServiceImpl>();
        services.MapGrpcService<OpenInference.OpenInferenceGrpcService>();
        services.MapGrpcReflectionService().WithMetadata(new NotHeldAtStartupAttribute());
    }
}
