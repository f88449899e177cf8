using Grpc.Core;
using Grpc.Net.Client;

namespace ModelServing.LoadGen.Grpc;

/// <summary>Sends one pre-serialized unary call over its own HTTP/2 channel and counts the answer's bytes, unparsed.</summary>
/// <remarks>
/// Request and response pass through as byte arrays (no message parsing on the hot path), so the generator measures the
/// server's protobuf work, not its own. Thread-safe; each closed-loop worker owns one, as each REST worker owns a connection.
/// </remarks>
internal sealed class GrpcSender : IDisposable
{
    private static readonly Marshaller<byte[]> s_bytes = Marshallers.Create(static b => b, static b => b);
    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;
    private readonly Method<byte[], byte[]> _method;
    private readonly byte[] _request;

    public GrpcSender(Uri target, string methodPath, byte[] request)
    {
        ArgumentNullException.ThrowIfNull(methodPath);
        var slash = methodPath.LastIndexOf('/');
        _method = new Method<byte[], byte[]>(MethodType.Unary, methodPath[1..slash], methodPath[(slash + 1)..], s_bytes, s_bytes);
        _channel = GrpcChannel.ForAddress(target, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) },
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
        _invoker = _channel.CreateCallInvoker();
        _request = request;
    }

    /// <summary>Makes the call; returns the size of the response message.</summary>
    /// <exception cref="RpcException">The call ended with a status other than OK (deadline and cancellation included).</exception>
    public async Task<long> CallAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var options = new CallOptions(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken);
        using var call = _invoker.AsyncUnaryCall(_method, null, options, _request);
        var response = await call.ResponseAsync.ConfigureAwait(false);
        return response.Length;
    }

    public void Dispose() => _channel.Dispose();
}
