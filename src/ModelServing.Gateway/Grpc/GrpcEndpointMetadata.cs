using Grpc.AspNetCore.Server;

namespace ModelServing.Gateway.Grpc;

/// <summary>Marks the endpoints <see cref="GrpcSetup.MapGatewayGrpc"/> maps, including Grpc.AspNetCore's UNIMPLEMENTED catch-alls.</summary>
internal sealed class GrpcEndpointMetadata
{
    /// <summary>The one instance.</summary>
    public static readonly GrpcEndpointMetadata Instance = new();

    private GrpcEndpointMetadata()
    {
    }

    /// <summary>Whether <paramref name="endpoint"/> serves gRPC: one of ours, or any gRPC method mapped elsewhere.</summary>
    public static bool IsGrpc(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<GrpcEndpointMetadata>() is not null || endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;
}
