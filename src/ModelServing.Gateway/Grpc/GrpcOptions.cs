namespace ModelServing.Gateway.Grpc;

/// <summary>The gRPC listener: TF Serving's port 8500 beside REST, in the same process and over the same repository.</summary>
/// <remarks>
/// The message limits are gRPC's own (Grpc.AspNetCore's <c>MaxReceiveMessageSize</c> and <c>MaxSendMessageSize</c>): a
/// larger message fails the call with <c>RESOURCE_EXHAUSTED</c> before it is parsed. TF Serving's server accepts messages
/// up to <c>INT32_MAX</c> both ways; the receive default here is the REST body limit's default instead, because a gRPC
/// message is what a REST body is (held in memory whole, then parsed), and the data plane's
/// <c>Limits:MaxTensorBytesPerRequest</c> (256 MiB) bounds the tensors behind either.
/// </remarks>
internal sealed class GrpcOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grpc";

    /// <summary>TF Serving's default gRPC port.</summary>
    public const int DefaultPort = 8500;

    /// <summary>The default largest request message: 32 MiB, the REST body limit's default.</summary>
    public const int DefaultMaxReceiveMessageBytes = 32 * 1024 * 1024;

    /// <summary>TCP port for gRPC (HTTP/2 without TLS unless Kestrel's endpoint configuration adds it); 0 turns gRPC off.
    /// <c>--grpc-port</c>, <c>GRPC_PORT</c>. <value>8500</value></summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Largest request message in bytes (<c>Grpc:MaxReceiveMessageBytes</c>); a larger one gets <c>RESOURCE_EXHAUSTED</c>.
    /// <value>33554432 (32 MiB): as much as a REST body may carry by default; a float32 <c>tensor_content</c> of 8M values.</value></summary>
    public int MaxReceiveMessageBytes { get; set; } = DefaultMaxReceiveMessageBytes;

    /// <summary>Largest response message in bytes (<c>Grpc:MaxSendMessageBytes</c>); a larger one fails the call with <c>RESOURCE_EXHAUSTED</c>.
    /// <value>2147483647 (<c>INT32_MAX</c>, TF Serving's value and protobuf's own ceiling: no limit in practice).</value></summary>
    public int MaxSendMessageBytes { get; set; } = int.MaxValue;

    /// <summary>Most <c>grpc.health.v1.Health/Watch</c> streams open at once (the health service takes no API key); one more
    /// fails with <c>RESOURCE_EXHAUSTED</c>. <value>1000</value></summary>
    public int MaxHealthWatches { get; set; } = 1000;
}
