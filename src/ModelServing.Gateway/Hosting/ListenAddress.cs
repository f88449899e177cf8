using System.Globalization;

namespace ModelServing.Gateway.Hosting;

/// <summary>Chooses where Kestrel listens: explicit URLs win, then <c>AIP_HTTP_PORT</c>, then TF Serving's REST port 8501.</summary>
internal static class ListenAddress
{
    /// <summary>TF Serving's default REST port.</summary>
    public const int DefaultPort = 8501;

    public static void Apply(WebApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            return;
        }

        var port = DefaultPort;
        var configured = builder.Configuration["Gateway:Port"] ?? Environment.GetEnvironmentVariable("AIP_HTTP_PORT");
        if (!string.IsNullOrEmpty(configured))
        {
            if (!int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                throw new InvalidOperationException($"The port '{configured}' (AIP_HTTP_PORT or --port) is not a TCP port number.");
            }
        }

        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://0.0.0.0:{port}"));
    }
}
