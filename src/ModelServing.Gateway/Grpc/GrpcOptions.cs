namespace ModelServing.Gateway.Grpc;

/// <summary>The gRPC listener: TF Serving's port 8500 beside REST, in the same process and over the same repository.</summary>
internal sealed class GrpcOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grpc";

    /// <summary>TF Serving's default gRPC port.</summary>
    public const int DefaultPort = 8500;

    /// <summary>TCP port for gRPC (HTTP/2 without TLS unless Kestrel's endpoint configuration adds it); 0 turns gRPC off.
    /// <c>--grpc-port</c>, <c>GRPC_PORT</c>. <value>8500</value></summary>
    public int Port { get; set; } = DefaultPort;
}
