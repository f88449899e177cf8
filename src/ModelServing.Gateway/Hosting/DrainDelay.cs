using Microsoft.Extensions.Options;

namespace ModelServing.Gateway.Hosting;

/// <summary>Holds the listener open for <see cref="ShutdownOptions.DrainDelaySeconds"/> after shutdown begins (readiness is
/// already 503 and every response carries <c>Connection: close</c>), then stops new connections cleanly before Kestrel stops.</summary>
/// <remarks>The host runs every <see cref="IHostedLifecycleService.StoppingAsync"/> before it stops any service, Kestrel included.</remarks>
internal sealed partial class DrainDelay(IOptions<ShutdownOptions> options, ListenSockets listeners, TimeProvider timeProvider, ILogger<DrainDelay> logger)
    : IHostedLifecycleService
{
    /// <summary>The longest wait for Kestrel to accept the connections the kernel queued before new ones were stopped.</summary>
    private static readonly TimeSpan s_maxQuiesce = TimeSpan.FromSeconds(1);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(options.Value.DrainDelaySeconds);
        Log.Draining(logger, delay.TotalSeconds, options.Value.TimeoutSeconds);
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, timeProvider, cancellationToken);
            }

            await listeners.QuiesceAsync(s_maxQuiesce, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Shutting down: readiness is 503, responses carry Connection: close, draining for {DrainSeconds} s, then in-flight requests get {TimeoutSeconds} s")]
        public static partial void Draining(ILogger logger, double drainSeconds, double timeoutSeconds);
    }
}
