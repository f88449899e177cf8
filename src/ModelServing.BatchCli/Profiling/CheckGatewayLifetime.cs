using Microsoft.Extensions.Hosting;

namespace ModelServing.BatchCli.Profiling;

/// <summary>A host lifetime that neither waits for nor handles Ctrl+C and SIGTERM: the profile's own cancellation stops a check gateway.</summary>
internal sealed class CheckGatewayLifetime : IHostLifetime
{
    /// <inheritdoc />
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
