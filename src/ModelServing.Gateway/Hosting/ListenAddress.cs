using System.Globalization;
using ModelServing.Gateway.Grpc;

namespace ModelServing.Gateway.Hosting;

/// <summary>
/// Chooses where Kestrel listens. REST: explicit URLs win, then <c>AIP_HTTP_PORT</c> / <c>--port</c>, then TF Serving's
/// 8501. gRPC: <c>--grpc-port</c> / <c>GRPC_PORT</c> (default 8500, 0 off), HTTP/2 only, on the REST URLs' first host.
/// </summary>
/// <remarks>
/// Both become Kestrel configuration endpoints (<c>Kestrel:Endpoints:Rest…</c>, <c>Kestrel:Endpoints:Grpc</c>) unless the
/// user configured Kestrel's endpoints already, so TLS and certificates work through Kestrel's usual configuration. A
/// cleartext HTTP/1.1-and-2 endpoint does not speak HTTP/2 without TLS, hence the separate HTTP/2 endpoint for gRPC.
/// </remarks>
internal static class ListenAddress
{
    /// <summary>TF Serving's default REST port.</summary>
    public const int DefaultPort = 8501;

    public static void Apply(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var urls = configuration["urls"] is { Length: > 0 } explicitUrls
            ? explicitUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [string.Create(CultureInfo.InvariantCulture, $"http://0.0.0.0:{RestPort(configuration)}")];
        var grpcPort = GrpcPort(configuration);
        if (configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            return;
        }

        if (grpcPort == 0)
        {
            builder.WebHost.UseUrls(urls);
            return;
        }

        var endpoints = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < urls.Length; i++)
        {
            endpoints[string.Create(CultureInfo.InvariantCulture, $"Kestrel:Endpoints:Rest{i}:Url")] = urls[i];
        }

        endpoints["Kestrel:Endpoints:Grpc:Url"] = string.Create(CultureInfo.InvariantCulture, $"http://{Host(urls[0])}:{grpcPort}");
        endpoints["Kestrel:Endpoints:Grpc:Protocols"] = "Http2";
        // The endpoints replace the URLs; an empty "urls" keeps Kestrel from warning that it overrides them.
        endpoints["urls"] = string.Empty;
        configuration.AddInMemoryCollection(endpoints);
        builder.WebHost.UseUrls();
    }

    private static int RestPort(ConfigurationManager configuration)
    {
        var configured = configuration["Gateway:Port"] ?? Environment.GetEnvironmentVariable("AIP_HTTP_PORT");
        if (string.IsNullOrEmpty(configured))
        {
            return DefaultPort;
        }

        if (!int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"The port '{configured}' (AIP_HTTP_PORT or --port) is not a TCP port number.");
        }

        return port;
    }

    private static int GrpcPort(ConfigurationManager configuration)
    {
        var configured = configuration[$"{GrpcOptions.SectionName}:Port"];
        if (string.IsNullOrEmpty(configured))
        {
            return GrpcOptions.DefaultPort;
        }

        if (!int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new InvalidOperationException($"The gRPC port '{configured}' (GRPC_PORT or --grpc-port) is not a TCP port number (0 turns gRPC off).");
        }

        return port;
    }

    /// <summary>The host part of a URL such as <c>http://127.0.0.1:0</c> or <c>http://[::]:8501</c>.</summary>
    private static string Host(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var end = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOf(':', StringComparison.Ordinal);
        return end > 0 ? rest[..end] : rest.TrimEnd('/');
    }
}
