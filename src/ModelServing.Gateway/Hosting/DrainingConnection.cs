using Microsoft.AspNetCore.Connections.Features;

namespace ModelServing.Gateway.Hosting;

/// <summary>Stands between Kestrel's graceful close of one connection and its HTTP layer, so that closing does not drop a
/// request the client is sending at that moment.</summary>
/// <remarks>
/// When the listener stops, Kestrel asks every connection to close, and an HTTP/1.1 connection that is between requests
/// closes at once. Its client may be sending the next request right then (a busy keep-alive connection is idle only for the
/// moment between a response and the next request, a new one until its first request arrives): that request is lost, and a
/// reverse proxy answers 502 "upstream prematurely closed connection". This feature replaces Kestrel's
/// <see cref="IConnectionLifetimeNotificationFeature"/> on the connection and passes Kestrel's close request on to the HTTP
/// layer at once when a request is in flight (its response then carries <c>Connection: close</c>; HTTP/2 sends GOAWAY);
/// otherwise when the next request starts (it is answered with <c>Connection: close</c>), or once the connection has been idle
/// for <see cref="IdleGrace"/>. Thread-safe; disposed by the connection middleware when the connection ends.
/// </remarks>
internal sealed class DrainingConnection : IConnectionLifetimeNotificationFeature, IDisposable
{
    /// <summary>How long an idle connection (since its last response, or since it was accepted) stays open once the server
    /// stops, for a request its client may be sending.</summary>
    public static readonly TimeSpan IdleGrace = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _close = new();
    private readonly CancellationTokenRegistration _serverClosing;
    private readonly TimeProvider _timeProvider;
    private ITimer? _grace;
    private long _lastActivity;
    private int _inFlight;
    private int _serverAsked;

    /// <summary>Wraps Kestrel's feature of one connection.</summary>
    public DrainingConnection(IConnectionLifetimeNotificationFeature kestrel, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _lastActivity = timeProvider.GetTimestamp();
        _serverClosing = kestrel.ConnectionClosedRequested.UnsafeRegister(static s => ((DrainingConnection)s!).OnServerClosing(), this);
    }

    /// <summary>Cancelled when the HTTP layer should stop taking requests on this connection.</summary>
    public CancellationToken ConnectionClosedRequested
    {
        get => _close.Token;
        set => throw new NotSupportedException("A draining connection decides itself when its close is requested.");
    }

    /// <summary>Closes gracefully now: HTTP/1.1 after the response in flight, HTTP/2 with GOAWAY.</summary>
    public void RequestClose() => Close();

    /// <summary>Called when a request starts on this connection.</summary>
    public void OnRequestStarted()
    {
        // Full fences on both sides (here and in OnServerClosing): at least one of the two sees the other and closes.
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _serverAsked) == 1)
        {
            Close();
        }
    }

    /// <summary>Called when a request on this connection has been answered.</summary>
    public void OnRequestEnded()
    {
        Volatile.Write(ref _lastActivity, _timeProvider.GetTimestamp());
        Interlocked.Decrement(ref _inFlight);
    }

    public void Dispose()
    {
        _serverClosing.Dispose();
        Interlocked.Exchange(ref _grace, null)?.Dispose();
        _close.Dispose();
    }

    private void OnServerClosing()
    {
        Interlocked.Exchange(ref _serverAsked, 1);
        var wait = IdleGrace - _timeProvider.GetElapsedTime(Volatile.Read(ref _lastActivity));
        if (Volatile.Read(ref _inFlight) > 0 || wait <= TimeSpan.Zero)
        {
            Close();
            return;
        }

        var timer = _timeProvider.CreateTimer(static s => ((DrainingConnection)s!).Close(), this, wait, Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref _grace, timer)?.Dispose();
    }

    private void Close()
    {
        try
        {
            _close.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended meanwhile.
        }
    }
}
