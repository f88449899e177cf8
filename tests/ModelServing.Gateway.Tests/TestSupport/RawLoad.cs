using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>Closed-loop load over <see cref="RawHttpConnection"/>s: each worker sends its next request when the previous one is
/// answered, on a keep-alive connection it replaces only after a <c>Connection: close</c> response or an error.</summary>
/// <remarks>Every request sent is recorded with its outcome; nothing is resent. A worker stops between requests, never in the
/// middle of one, so every request sent has an outcome.</remarks>
internal sealed class RawLoad
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<RawOutcome> _outcomes = new();
    private readonly Stopwatch _clock;
    private int _refused;

    private RawLoad(Stopwatch clock) => _clock = clock;

    /// <summary>Every request sent so far, with what came back.</summary>
    public IReadOnlyCollection<RawOutcome> Outcomes => _outcomes;

    /// <summary>Connection attempts refused (nothing listening): no request was sent on them.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Starts <paramref name="workers"/> workers sending <paramref name="request"/> to 127.0.0.1:<paramref name="port"/>
    /// until <paramref name="stop"/> is cancelled (or, with <paramref name="stopWhenRefused"/>, a connection is refused). After
    /// each answer a worker pauses between 0 and <paramref name="thinkMilliseconds"/> ms, as clients do: its connection is then
    /// idle for a while, not only for the instant between a response and the next request.</summary>
    public static (RawLoad Load, Task Running) Start(
        int port, byte[] request, int workers, Stopwatch clock, bool stopWhenRefused, CancellationToken stop, int thinkMilliseconds = 0)
    {
        var load = new RawLoad(clock);
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(() => load.WorkerAsync(port, request, stopWhenRefused, thinkMilliseconds, stop), CancellationToken.None));
        return (load, Task.WhenAll(tasks));
    }

    private async Task WorkerAsync(int port, byte[] request, bool stopWhenRefused, int thinkMilliseconds, CancellationToken stop)
    {
        RawHttpConnection? connection = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (connection is null)
                {
                    try
                    {
                        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                        connectTimeout.CancelAfter(s_requestTimeout);
                        connection = await RawHttpConnection.ConnectAsync(port, connectTimeout.Token);
                    }
                    catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
                    {
                        Interlocked.Increment(ref _refused);
                        if (stopWhenRefused)
                        {
                            return;
                        }

                        await Task.Delay(10, CancellationToken.None);
                        continue;
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                var sentAt = _clock.Elapsed;
                try
                {
                    using var timeout = new CancellationTokenSource(s_requestTimeout);
                    var response = await connection.SendAsync(request, timeout.Token);
                    _outcomes.Enqueue(new RawOutcome(sentAt, _clock.Elapsed, response.Status, response.Close, null));
                    if (response.Close)
                    {
                        connection.Dispose();
                        connection = null;
                    }

                    if (thinkMilliseconds > 0)
                    {
                        await Task.Delay(Random.Shared.Next(thinkMilliseconds + 1), CancellationToken.None);
                    }
                }
                catch (Exception ex) when (ex is EndOfStreamException or SocketException or IOException or OperationCanceledException)
                {
                    var kind = ex is SocketException socket ? socket.SocketErrorCode.ToString() : ex.GetType().Name;
                    _outcomes.Enqueue(new RawOutcome(sentAt, _clock.Elapsed, 0, false, kind));
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }
}

/// <summary>One request of a <see cref="RawLoad"/>.</summary>
/// <param name="SentAt">When it was sent, on the load's clock.</param>
/// <param name="AnsweredAt">When its answer (or error) came.</param>
/// <param name="Status">The status code; 0 when the connection failed.</param>
/// <param name="Close">Whether the response carried <c>Connection: close</c>.</param>
/// <param name="Error">How the connection failed (<c>EndOfStreamException</c>, <c>ConnectionReset</c>, ...), or null.</param>
internal sealed record RawOutcome(TimeSpan SentAt, TimeSpan AnsweredAt, int Status, bool Close, string? Error)
{
    /// <summary>A 200 answer.</summary>
    public bool Succeeded => Status == 200;

    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"sent {SentAt.TotalMilliseconds:F0} ms, answered {AnsweredAt.TotalMilliseconds:F0} ms: {Error ?? Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(Close ? " (close)" : string.Empty)}");
}
