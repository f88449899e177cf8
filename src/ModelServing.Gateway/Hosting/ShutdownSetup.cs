namespace ModelServing.Gateway.Hosting;

/// <summary>Wires graceful shutdown: the host's shutdown timeout covers the drain delay plus the in-flight timeout.</summary>
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

        builder.Services.AddOptions<ShutdownOptions>().Bind(section);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.DrainDelaySeconds + shutdown.TimeoutSeconds));
        builder.Services.AddHostedService<DrainDelay>();
    }
}
