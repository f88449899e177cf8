using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ModelServing.Gateway.Hosting;

/// <summary>Wires graceful startup and shutdown: held requests until the first load, <c>Connection: close</c> while draining,
/// a clean listener stop, and a host shutdown timeout that covers the drain delay plus the in-flight timeout.</summary>
internal static class ShutdownSetup
{
    public static void AddGracefulShutdown(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ShutdownOptions.SectionName);
        var shutdown = section.Get<ShutdownOptions>() ?? new ShutdownOptions();
        if (shutdown.TimeoutSeconds < 0 || shutdown.DrainDelaySeconds < 0)
        {
            throw new InvalidOperationException("Shutdown:TimeoutSeconds and Shutdown:DrainDelaySeconds must not be negative.");
        }

        var services = builder.Services;
        services.AddOptions<ShutdownOptions>().Bind(section);
        services.AddOptions<StartupOptions>()
            .Bind(builder.Configuration.GetSection(StartupOptions.SectionName))
            .Validate(o => o.HoldRequestsSeconds is >= 0 and <= 3600, "Startup:HoldRequestsSeconds must be between 0 and 3600.")
            .ValidateOnStart();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.DrainDelaySeconds + shutdown.TimeoutSeconds));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InitialLoad>();
        services.TryAddSingleton<ListenSockets>();
        services.AddOptions<SocketTransportOptions>().Configure<ListenSockets>((o, sockets) => o.CreateBoundListenSocket = sockets.Create);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            var timeProvider = listen.ApplicationServices.GetService<TimeProvider>() ?? TimeProvider.System;
            listen.Use(next => DrainingConnections.Wrap(next, timeProvider));
        }));
        services.AddHostedService<DrainDelay>();
    }

    /// <summary>First in the pipeline: <c>Connection: close</c> (or GOAWAY) on every response once shutdown has begun.</summary>
    public static void UseDrainingResponses(this WebApplication app) => app.UseMiddleware<DrainingResponsesMiddleware>();

    /// <summary>After the API key check: POSTs wait for the first repository load.</summary>
    public static void UseInitialLoadGate(this WebApplication app) => app.UseMiddleware<InitialLoadGate>();
}
