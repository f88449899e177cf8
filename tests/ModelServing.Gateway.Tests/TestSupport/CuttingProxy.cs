using System.Net;
using System.Net.Sockets;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>A loopback TCP proxy that, while <see cref="CutAfterBytes"/> is set, breaks any connection once that many bytes have
/// come back from the server on it: a store that dies in the middle of a large download, every time.</summary>
internal sealed class CuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public CuttingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Bytes from the server after which a connection is reset; null passes everything.</summary>
    public long? CutAfterBytes { get; set; }

    /// <summary>Connections cut so far.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    private int _cuts;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var upstream = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
                var downstream = CopyCuttingAsync(server.GetStream(), client);
                await Task.WhenAny(upstream, downstream);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private async Task CopyCuttingAsync(NetworkStream from, TcpClient to)
    {
        var buffer = new byte[16 * 1024];
        long sent = 0;
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (CutAfterBytes is { } limit && sent + read > limit)
            {
                await to.GetStream().WriteAsync(buffer.AsMemory(0, (int)Math.Max(0, limit - sent)), _stop.Token);
                Interlocked.Increment(ref _cuts);
                to.Client.LingerState = new LingerOption(true, 0);
                to.Client.Close();
                return;
            }

            await to.GetStream().WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            sent += read;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
