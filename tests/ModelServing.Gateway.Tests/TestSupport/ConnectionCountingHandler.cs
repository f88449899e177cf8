using System.Net;
using System.Net.Sockets;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>An HTTP handler that opens loopback TCP connections itself and reports each new one (drain tests count them).</summary>
internal static class ConnectionCountingHandler
{
    /// <summary>A handler that calls <paramref name="connected"/> after each new connection is established.</summary>
    public static SocketsHttpHandler Create(Action connected) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            connected();
            return new NetworkStream(socket, ownsSocket: true);
        },
    };
}
