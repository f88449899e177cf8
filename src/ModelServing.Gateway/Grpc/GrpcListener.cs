using Microsoft.AspNetCore.Connections;

namespace ModelServing.Gateway.Grpc;

/// <summary>
/// Marks the connections of the Kestrel endpoint named <see cref="EndpointName"/> (the gateway's own gRPC endpoint, or one
/// the user configured under that name), so that routing can tell the gRPC listener from the REST ones.
/// </summary>
/// <remarks>The mark is a connection feature; Kestrel's request features fall back to the connection's, so requests see it.</remarks>
internal sealed class GrpcListener
{
    /// <summary>The Kestrel endpoint name of the gRPC listener (<c>Kestrel:Endpoints:Grpc</c>).</summary>
    public const string EndpointName = "Grpc";

    private static readonly GrpcListener s_mark = new();

    private GrpcListener()
    {
    }

    /// <summary>Kestrel connection middleware that marks every connection of the endpoint it is added to.</summary>
    public static ConnectionDelegate Mark(ConnectionDelegate next) => connection =>
    {
        connection.Features.Set(s_mark);
        return next(connection);
    };

    /// <summary>Whether the request arrived on the gRPC listener.</summary>
    public static bool IsOn(HttpContext context) => context.Features.Get<GrpcListener>() is not null;
}
