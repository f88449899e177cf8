using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace ModelServing.Gateway.Hosting;

/// <summary>The TCP sockets Kestrel listens on, kept so that shutdown can stop new connections before the listener closes.</summary>
/// <remarks>
/// Closing a listening socket resets the connections the kernel has already accepted for it but Kestrel has not: their
/// clients have sent a request and get a reset (a proxy answers 502). <see cref="QuiesceAsync"/> first makes the kernel
/// ignore new connection attempts (a socket filter that drops every packet reaching the listening socket, Linux only; a
/// client's connect then retries and is refused once the socket is closed, so nothing it sent is lost), then waits until
/// Kestrel has accepted every queued connection. Accepted connections keep their own sockets, which the filter does not
/// touch. Thread-safe.
/// </remarks>
internal sealed partial class ListenSockets(TimeProvider timeProvider, ILogger<ListenSockets> logger)
{
    private const int SolSocket = 1;
    private const int SoAttachFilter = 26;
    private const int IpProtoTcp = 6;
    private const int TcpInfo = 11;
    private const int TcpInfoUnackedOffset = 24;

    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(5);
    private readonly List<Socket> _sockets = [];

    /// <summary>Creates and binds a listening socket the way Kestrel does, and remembers it.</summary>
    public Socket Create(EndPoint endpoint)
    {
        var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        if (endpoint is IPEndPoint)
        {
            lock (_sockets)
            {
                _sockets.Add(socket);
            }
        }

        return socket;
    }

    /// <summary>Stops new connections from completing and waits (at most <paramref name="maxWait"/>) until Kestrel has accepted the queued ones.</summary>
    public async Task QuiesceAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Socket[] sockets;
        lock (_sockets)
        {
            // Kestrel disposes the sockets of endpoints it unbinds (a reload of its endpoint configuration).
            _sockets.RemoveAll(s => s.SafeHandle.IsClosed);
            sockets = [.. _sockets];
        }

        var quiesced = sockets.Where(DropNewConnections).ToArray();
        var started = timeProvider.GetTimestamp();
        while (quiesced.Any(s => QueuedConnections(s) > 0) && timeProvider.GetElapsedTime(started) < maxWait)
        {
            await Task.Delay(s_pollInterval, timeProvider, cancellationToken);
        }

        Log.Quiesced(logger, quiesced.Length, sockets.Length, timeProvider.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Attaches a classic BPF program that keeps no byte of any packet: SYNs and handshake ACKs are dropped.</summary>
    private static bool DropNewConnections(Socket socket)
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8 || !BitConverter.IsLittleEndian)
        {
            return false;
        }

        // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }: BPF_RET | BPF_K (0x06) with k = 0.
        var instruction = Marshal.AllocHGlobal(8);
        try
        {
            Marshal.WriteInt64(instruction, 0x06);

            // struct sock_fprog { u16 len; (6 bytes padding) struct sock_filter *filter; }; the kernel copies the program.
            Span<byte> program = stackalloc byte[16];
            program.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(program, 1);
            BinaryPrimitives.WriteInt64LittleEndian(program[8..], instruction.ToInt64());
            socket.SetRawSocketOption(SolSocket, SoAttachFilter, program);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            Marshal.FreeHGlobal(instruction);
        }
    }

    /// <summary>Connections the kernel has accepted but Kestrel has not (<c>tcpi_unacked</c> of a listening socket).</summary>
    private static int QueuedConnections(Socket socket)
    {
        Span<byte> info = stackalloc byte[104];
        try
        {
            var length = socket.GetRawSocketOption(IpProtoTcp, TcpInfo, info);
            return length >= TcpInfoUnackedOffset + 4 ? (int)BinaryPrimitives.ReadUInt32LittleEndian(info[TcpInfoUnackedOffset..]) : 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return 0;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Draining ended: {Quiesced} of {Listeners} listeners take no new connections, queued ones accepted after {ElapsedMs} ms")]
        public static partial void Quiesced(ILogger logger, int quiesced, int listeners, double elapsedMs);
    }
}
