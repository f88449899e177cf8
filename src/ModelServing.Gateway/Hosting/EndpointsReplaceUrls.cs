using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ModelServing.Gateway.Hosting;

/// <summary>
/// Empties the server's address list before Kestrel starts, when <see cref="ListenAddress"/> turned the listen URLs into
/// Kestrel endpoints.
/// </summary>
/// <remarks>
/// Hosting fills that list from <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) or <c>HTTP_PORTS</c>, reading the host
/// settings captured when the builder was created, so clearing the setting afterwards does not stop it. Kestrel given both
/// binds its endpoints and warns that it overrides the addresses; the URLs are already among the endpoints, so the list is
/// emptied here, after hosting filled it and before the server binds (startup filters run in between).
/// </remarks>
internal sealed class EndpointsReplaceUrls : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (app.ServerFeatures.Get<IServerAddressesFeature>()?.Addresses is { IsReadOnly: false } addresses)
        {
            addresses.Clear();
        }

        next(app);
    };
}
