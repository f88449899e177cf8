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
            .ValidateOnStart();
        builder.Services.AddGrpc();
    }

    /// <summary>Maps every gRPC service.</summary>
    public static void MapGatewayGrpc(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<TensorFlowServing.PredictionServiceImpl>();
        app.MapGrpcService<TensorFlowServing.ModelServiceImpl>();
        app.MapGrpcService<OpenInference.OpenInferenceGrpcService>();
    }
}
