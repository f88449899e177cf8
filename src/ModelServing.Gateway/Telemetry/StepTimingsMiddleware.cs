using ModelServing.Core.Graph;

namespace ModelServing.Gateway.Telemetry;

/// <summary>
/// When a call carries <c>X-Step-Timings: true</c> (an HTTP header, or gRPC metadata <c>x-step-timings: true</c>), collects the
/// time of each step of the composed models it runs and answers them in a <c>Server-Timing</c> response header (gRPC:
/// response header metadata <c>server-timing</c>), e.g. <c>detect;dur=41.2, crops;dur=3.1</c>. Off by default; the body of the
/// answer never changes.
/// </summary>
/// <remarks>One middleware for every protocol: the timings flow with the call (<see cref="StepTimings.Current"/>), not through the adapters.</remarks>
internal sealed class StepTimingsMiddleware(RequestDelegate next)
{
    /// <summary>The request header that asks for step timings.</summary>
    public const string RequestHeader = "X-Step-Timings";

    /// <summary>The response header that carries them.</summary>
    public const string ResponseHeader = "Server-Timing";

    public Task InvokeAsync(HttpContext context)
    {
        if (!string.Equals(context.Request.Headers[RequestHeader], "true", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var timings = new StepTimings();
        StepTimings.Current = timings;
        context.Response.OnStarting(() =>
        {
            if (timings.Entries.Count > 0)
            {
                context.Response.Headers[ResponseHeader] = timings.ToServerTiming();
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
