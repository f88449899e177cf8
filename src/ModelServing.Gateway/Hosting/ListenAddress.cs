using System.Globalization;
using ModelServing.Gateway.Grpc;

namespace ModelServing.Gateway.Hosting;

/// <summary>
/// Chooses where Kestrel listens. REST: explicit URLs win, then <c>AIP_HTTP_PORT</c> / <c>--port</c>, then TF Serving's
/// 8501. gRPC: <c>--grpc-port</c> / <c>GRPC_PORT</c> (default 8500, 0 off), HTTP/2 only, on the REST URLs' first host.
/// </summary>
/// <remarks>
/// With gRPC on, both become Kestrel configuration endpoints named <c>Rest0</c>, <c>Rest1</c>... (one per REST URL) and
/// <c>Grpc</c>, so that Kestrel's usual configuration applies to them: a key the user sets under
/// <c>Kestrel:Endpoints:Grpc</c> or <c>Kestrel:Endpoints:RestN</c> wins over the gateway's (a <c>Certificate</c> section
/// there turns the endpoint's default URL to <c>https</c>). An endpoint of any other name means the user configured Kestrel's
/// endpoints themselves: then the gateway adds none. A cleartext HTTP/1.1-and-2 endpoint does not speak HTTP/2 without TLS,
/// hence the separate HTTP/2 endpoint for gRPC.
/// </remarks>
internal static class ListenAddress
{
    /// <summary>TF Serving's default REST port.</summary>
    public const int DefaultPort = 8501;

    /// <summary>Kestrel's endpoint configuration section.</summary>
    public const string EndpointsSection = "Kestrel:Endpoints";

    public static void Apply(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var urls = configuration["urls"] is { Length: > 0 } explicitUrls
            ? explicitUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [string.Create(CultureInfo.InvariantCulture, $"http://0.0.0.0:{RestPort(configuration)}")];
        var grpcPort = GrpcPort(configuration);
        var configured = configuration.GetSection(EndpointsSection).GetChildren().Select(e => e.Key).ToList();
        if (configured.Any(name => !IsGatewayEndpoint(name)))
        {
            return;
        }

        if (grpcPort != 0 && urls.Any(url => BindingAddress.Parse(url).Port == grpcPort))
        {
            throw new InvalidOperationException(
                $"The gRPC port {grpcPort} is also a REST port: set GRPC_PORT (or --grpc-port) to another port, or to 0 to turn gRPC off.");
        }

        if (grpcPort == 0 && configured.Count == 0)
        {
            builder.WebHost.UseUrls(urls);
            return;
        }

        var endpoints = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < urls.Length; i++)
        {
            Default(endpoints, configuration, string.Create(CultureInfo.InvariantCulture, $"Rest{i}:Url"), urls[i]);
        }

        if (grpcPort != 0)
        {
            var scheme = configuration.GetSection($"{EndpointsSection}:{GrpcListener.EndpointName}:Certificate").Exists() ? "https" : "http";
            Default(endpoints, configuration, $"{GrpcListener.EndpointName}:Url", string.Create(CultureInfo.InvariantCulture, $"{scheme}://{Host(urls[0])}:{grpcPort}"));
            Default(endpoints, configuration, $"{GrpcListener.EndpointName}:Protocols", "Http2");
        }

        configuration.AddInMemoryCollection(endpoints);
        builder.Services.AddTransient<IStartupFilter, EndpointsReplaceUrls>();
    }

    /// <summary>Whether <paramref name="name"/> is one of the endpoints the gateway adds (<c>Grpc</c>, <c>Rest0</c>, <c>Rest1</c>...).</summary>
    private static bool IsGatewayEndpoint(string name) =>
        string.Equals(name, GrpcListener.EndpointName, StringComparison.OrdinalIgnoreCase)
        || (name.StartsWith("Rest", StringComparison.OrdinalIgnoreCase) && name.Length > 4 && name.AsSpan(4).IndexOfAnyExceptInRange('0', '9') < 0);

    private static void Default(Dictionary<string, string?> endpoints, ConfigurationManager configuration, string key, string value)
    {
        if (string.IsNullOrEmpty(configuration[$"{EndpointsSection}:{key}"]))
        {
            endpoints[$"{EndpointsSection}:{key}"] = value;
        }
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
