using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using ModelServing.Core.Tensors;
using ModelServing.Gateway.Http;

namespace ModelServing.Gateway.Security;

/// <summary>Wires API keys, CORS and request limits into the gateway.</summary>
internal static class SecuritySetup
{
    private const string CorsPolicy = "Gateway";

    public static void AddGatewaySecurity(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName));
        builder.Services.AddOptions<RequestLimits>()
            .Bind(configuration.GetSection(RequestLimits.SectionName))
            .Validate(l => l.MaxRequestBodyBytes is null or > 0, "Limits:MaxRequestBodyBytes must be positive.")
            .Validate(l => l.MaxJsonDepth is >= 1 and <= 1024, "Limits:MaxJsonDepth must be between 1 and 1024.")
            .ValidateOnStart();

        // The data plane's request size limits share the section; AddModelServing registers their validator.
        builder.Services.AddOptions<RequestSizeLimits>().Bind(configuration.GetSection(RequestSizeLimits.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton(sp => ApiKeySet.From(sp.GetRequiredService<IOptions<SecurityOptions>>().Value));

        var underVertex = RequestLimits.RunningUnderVertex();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimits>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.EffectiveMaxRequestBodyBytes(underVertex));

        var origins = (configuration[$"{SecurityOptions.SectionName}:CorsOrigins"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
        {
            if (origins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(origins);
            }

            policy.WithMethods("POST", "GET").WithHeaders("Content-Type", "Authorization", ApiKeyCheck.ApiKeyHeader);
        }));
    }

    /// <summary>CORS first (preflights answer without a key), then the key check; both before the body is decompressed.</summary>
    public static void UseGatewaySecurity(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<ApiKeySet>();
        app.UseCors(CorsPolicy);
        app.UseMiddleware<ApiKeyMiddleware>();
    }
}
