using Microsoft.Extensions.Options;

namespace ModelServing.Gateway.Hosting;

/// <summary>Holds the listener open for <see cref="ShutdownOptions.DrainDelaySeconds"/> after shutdown begins; readiness is already 503.</summary>
/// <remarks>The host runs every <see cref="IHostedLifecycleService.StoppingAsync"/> before it stops any service, Kestrel included.</remarks>
internal sealed partial class DrainDelay(IOptions<ShutdownOptions> options, ILogger<DrainDelay> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(options.Value.DrainDelaySeconds);
        Log.Draining(logger, delay.TotalSeconds, options.Value.TimeoutSeconds);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Shutting down: readiness is 503, draining for {DrainSeconds} s, then in-flight requests get {TimeoutSeconds} s")]
        public static partial void Draining(ILogger logger, double drainSeconds, double timeoutSeconds);
    }
}
