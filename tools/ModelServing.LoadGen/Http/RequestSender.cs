using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace ModelServing.LoadGen.Http;

/// <summary>Sends one POST over HTTP/1.1 keep-alive and reads the whole answer into a reused buffer.</summary>
/// <remarks>Thread-safe; the receive buffer is rented per request. <see cref="Invoker"/> may be shared.</remarks>
internal sealed class RequestSender(HttpMessageInvoker invoker, Uri url, byte[] body)
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    public HttpMessageInvoker Invoker { get; } = invoker;

    /// <summary>Creates a handler for loopback load: no proxy, cookies, redirects or decompression; idle connections kept.</summary>
    public static SocketsHttpHandler CreateHandler(int maxConnections) => new()
    {
        MaxConnectionsPerServer = maxConnections,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Sends the request; returns the status code, the bytes received and, for errors, the start of the body.</summary>
    /// <exception cref="HttpRequestException">Transport failure.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<(int Status, long Bytes, string? ErrorBody)> SendAsync(CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = s_json;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = content,
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await Invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var status = (int)response.StatusCode;
            string? errorBody = null;
            long total = 0;
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (total == 0 && status != 200)
                    {
                        errorBody = Encoding.UTF8.GetString(buffer, 0, Math.Min(read, 300));
                    }

                    total += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return (status, total, errorBody);
        }
    }

    /// <summary>A short name for a transport failure, used as the error kind.</summary>
    public static string Classify(Exception exception) => exception switch
    {
        HttpRequestException { InnerException: SocketException socket } => "socket_" + socket.SocketErrorCode.ToString().ToLowerInvariant(),
        HttpRequestException { HttpRequestError: var error } => "http_" + error.ToString().ToLowerInvariant(),
        OperationCanceledException => "timeout",
        _ => exception.GetType().Name,
    };
}
