using Microsoft.Extensions.Options;

namespace ModelServing.Gateway.Hosting;

/// <summary>Holds POST requests that arrive before the first repository load has finished until it has, at most
/// <see cref="StartupOptions.HoldRequestsSeconds"/>.</summary>
/// <remarks>
/// Kestrel listens as soon as the host starts, so that liveness probes answer while models load. A predict that arrives in
/// that moment (a reverse proxy without health checks sends one as soon as the port accepts connections) would otherwise get
/// 404 or 503 for a model that is about to be served. GETs (probes, status, metadata, metrics) are never held: they describe
/// the state as it is, and neither are endpoints marked <see cref="NotHeldAtStartupAttribute"/> (gRPC health and reflection).
/// </remarks>
internal sealed class InitialLoadGate(RequestDelegate next, InitialLoad initialLoad, IOptions<StartupOptions> options, TimeProvider timeProvider)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (initialLoad.Completed.IsCompleted || !HttpMethods.IsPost(context.Request.Method) || options.Value.HoldRequestsSeconds <= 0
            || context.GetEndpoint()?.Metadata.GetMetadata<NotHeldAtStartupAttribute>() is not null)
        {
            return next(context);
        }

        return HoldAsync(context);
    }

    private async Task HoldAsync(HttpContext context)
    {
        try
        {
            await initialLoad.Completed.WaitAsync(TimeSpan.FromSeconds(options.Value.HoldRequestsSeconds), timeProvider, context.RequestAborted);
        }
        catch (TimeoutException)
        {
            // Still loading: the request goes on and gets the data plane's answer (not ready).
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        await next(context);
    }
}
