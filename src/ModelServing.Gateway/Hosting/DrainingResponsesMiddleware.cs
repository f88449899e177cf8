namespace ModelServing.Gateway.Hosting;

/// <summary>Once shutdown has begun, every response tells its client not to reuse the connection.</summary>
/// <remarks>
/// HTTP/1.x responses carry <c>Connection: close</c> and Kestrel closes the connection after them, so a client or reverse
/// proxy never sends another request on a connection that is about to close; HTTP/2 and HTTP/3 connections get GOAWAY through
/// Kestrel's graceful path (their open streams finish). Runs first in the pipeline, so every answer (401s, errors, probes) is
/// covered. Also tells the connection's <see cref="DrainingConnection"/> when a request starts and ends.
/// </remarks>
internal sealed class DrainingResponsesMiddleware(RequestDelegate next, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var connection = context.Features.Get<DrainingConnection>();
        connection?.OnRequestStarted();
        try
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                CloseAfterResponse(context, connection);
            }

            await next(context);
        }
        finally
        {
            connection?.OnRequestEnded();
        }
    }

    private static void CloseAfterResponse(HttpContext context, DrainingConnection? connection)
    {
        var protocol = context.Request.Protocol;
        if (HttpProtocol.IsHttp2(protocol) || HttpProtocol.IsHttp3(protocol))
        {
            // A Connection header is not allowed in HTTP/2; GOAWAY says the same for the whole connection.
            connection?.RequestClose();
        }
        else
        {
            context.Response.Headers.Connection = "close";
        }
    }
}
