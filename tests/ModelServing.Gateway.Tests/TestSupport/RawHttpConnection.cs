using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>One HTTP/1.1 keep-alive connection over a plain socket, without retries: a request the server drops shows as an error.</summary>
/// <remarks>
/// HttpClient silently sends again a request whose reused connection was closed under it; a reverse proxy such as nginx does
/// not send a POST again and answers 502. Tests that count lost requests need this raw view. Not thread-safe: one request at a time.
/// </remarks>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawHttpConnection(Socket socket) => _socket = socket;

    /// <summary>Connects to <paramref name="port"/> on 127.0.0.1.</summary>
    /// <exception cref="SocketException">Nothing listens there (connection refused).</exception>
    public static async Task<RawHttpConnection> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new RawHttpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of a POST of <paramref name="json"/> to <paramref name="path"/>.</summary>
    public static byte[] Post(string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Sends <paramref name="request"/> and reads the whole response.</summary>
    /// <exception cref="EndOfStreamException">The server closed the connection before the response was complete.</exception>
    /// <exception cref="SocketException">The connection was reset.</exception>
    public async Task<RawHttpResponse> SendAsync(byte[] request, CancellationToken cancellationToken)
    {
        await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
        var statusLine = await ReadLineAsync(cancellationToken);
        var status = int.Parse(statusLine.AsSpan(9, 3), CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var line = await ReadLineAsync(cancellationToken); line.Length > 0; line = await ReadLineAsync(cancellationToken))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = new StringBuilder();
        if (headers.TryGetValue("Content-Length", out var length))
        {
            body.Append(await ReadExactAsync(int.Parse(length, CultureInfo.InvariantCulture), cancellationToken));
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            for (var size = await ReadChunkSizeAsync(cancellationToken); size > 0; size = await ReadChunkSizeAsync(cancellationToken))
            {
                body.Append(await ReadExactAsync(size, cancellationToken));
                await ReadLineAsync(cancellationToken);
            }

            await ReadLineAsync(cancellationToken);
        }

        var close = headers.TryGetValue("Connection", out var connection) && connection.Contains("close", StringComparison.OrdinalIgnoreCase);
        return new RawHttpResponse(status, close, body.ToString());
    }

    public void Dispose() => _socket.Dispose();

    private async Task<int> ReadChunkSizeAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        var end = line.IndexOf(';', StringComparison.Ordinal);
        return int.Parse(end < 0 ? line : line[..end], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (index >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, index);
                _start += index + 2;
                return line;
            }

            await FillAsync(cancellationToken);
        }
    }

    private async Task<string> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var take = Math.Min(count - copied, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(copied));
            _start += take;
            copied += take;
        }

        return Encoding.UTF8.GetString(result);
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidDataException("A response line is longer than the receive buffer.");
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            throw new EndOfStreamException("The server closed the connection before the response was complete (EOF).");
        }

        _end += read;
    }
}

/// <summary>A response read by <see cref="RawHttpConnection"/>.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Close">Whether it carried <c>Connection: close</c>.</param>
/// <param name="Body">The body (chunked encoding removed).</param>
internal sealed record RawHttpResponse(int Status, bool Close, string Body);
