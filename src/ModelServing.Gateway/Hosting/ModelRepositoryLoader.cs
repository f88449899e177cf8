using ModelServing.Core.Repository;

namespace ModelServing.Gateway.Hosting;

/// <summary>Loads the model repository in the background once the host starts, and unloads it at shutdown.</summary>
/// <remarks>Kestrel answers <c>/healthz</c> at once; <c>/readyz</c> turns 200 when the models are AVAILABLE.</remarks>
internal sealed partial class ModelRepositoryLoader(ModelManager manager, ILogger<ModelRepositoryLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await manager.ReconcileAsync(stoppingToken);
            var snapshot = manager.Snapshot;
            Log.RepositoryLoaded(logger, snapshot.Models.Count, snapshot.Models.Values.Count(m => m.LatestAvailable() is not null));
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
    }
}
