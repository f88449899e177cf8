using Microsoft.Extensions.Options;
using ModelServing.Core.Repository;

namespace ModelServing.Gateway.Hosting;

/// <summary>Loads the model repository once the host starts, then watches it, and unloads everything at shutdown.</summary>
/// <remarks>
/// Kestrel answers <c>/healthz</c> at once; <c>/readyz</c> turns 200 when the models are AVAILABLE. Every
/// <see cref="ModelRepositoryOptions.PollInterval"/> the repository is scanned again: new versions load (and only then
/// replace the ones they supersede), removed ones unload, changed configs and files reload. <see cref="InitialLoad"/>
/// completes when the first scan has finished.
/// </remarks>
internal sealed partial class ModelRepositoryLoader(
    ModelManager manager, InitialLoad initialLoad, IOptions<ModelRepositoryOptions> options, ILogger<ModelRepositoryLoader> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            try
            {
                await manager.ReconcileAsync(stoppingToken);
            }
            finally
            {
                initialLoad.Complete();
            }

            var snapshot = manager.Snapshot;
            Log.RepositoryLoaded(logger, snapshot.Models.Count, snapshot.Models.Values.Count(m => m.LatestAvailable() is not null));
            var interval = options.Value.PollInterval;
            if (interval <= TimeSpan.Zero)
            {
                return;
            }

            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await manager.ReconcileAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ScanFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await manager.DisposeAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Model repository loaded: {Available} of {Models} models AVAILABLE")]
        public static partial void RepositoryLoaded(ILogger logger, int models, int available);

        [LoggerMessage(2, LogLevel.Error, "Scanning the model repository failed; the next scan tries again")]
        public static partial void ScanFailed(ILogger logger, Exception exception);
    }
}
