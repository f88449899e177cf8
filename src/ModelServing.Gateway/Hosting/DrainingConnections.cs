using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace ModelServing.Gateway.Hosting;

/// <summary>Kestrel connection middleware that gives every connection a <see cref="DrainingConnection"/>.</summary>
internal static class DrainingConnections
{
    /// <summary>Wraps <paramref name="next"/> (Kestrel's HTTP layer) so it sees the connection's draining feature instead of Kestrel's.</summary>
    public static ConnectionDelegate Wrap(ConnectionDelegate next, TimeProvider timeProvider) => async connection =>
    {
        if (connection.Features.Get<IConnectionLifetimeNotificationFeature>() is not { } kestrel)
        {
            await next(connection);
            return;
        }

        using var draining = new DrainingConnection(kestrel, timeProvider);
        connection.Features.Set<IConnectionLifetimeNotificationFeature>(draining);
        connection.Features.Set(draining);
        await next(connection);
    };
}
