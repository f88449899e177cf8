using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>Debian's nginx as a reverse proxy on a loopback port, run as the current user from a temporary prefix (no service).</summary>
/// <remarks>The upstream keeps connections alive (<c>keepalive</c>, HTTP/1.1, no Connection header) and never marks a server
/// down (<c>max_fails=0</c>); <c>proxy_next_upstream</c> keeps nginx's default (<c>error timeout</c>): a POST that reached a
/// server is never sent again, so a connection closed under it is a 502.</remarks>
internal sealed class NginxProxy : IDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly DirectoryInfo _prefix;

    private NginxProxy(Process process, DirectoryInfo prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The error log (upstream failures are logged there).</summary>
    public string ErrorLog => File.Exists(ErrorLogPath) ? File.ReadAllText(ErrorLogPath) : string.Empty;

    private string ErrorLogPath => Path.Combine(_prefix.FullName, "error.log");

    /// <summary>Starts nginx in front of <paramref name="upstreamPorts"/> and waits until it accepts connections.</summary>
    public static async Task<NginxProxy> StartAsync(params int[] upstreamPorts)
    {
        Assert.True(File.Exists(Binary), "nginx is not installed: run scripts/setup.sh (it installs the Debian package).");
        var prefix = Directory.CreateTempSubdirectory("modelserving-nginx-");
        var port = GatewayProcess.FreePort();
        var dir = prefix.FullName;
        var servers = string.Concat(upstreamPorts.Select(p => string.Create(CultureInfo.InvariantCulture, $"    server 127.0.0.1:{p} max_fails=0;\n")));

        // Run by root, nginx would switch its workers to nobody; keep them as the current user.
        var user = Environment.UserName == "root" ? "user root;\n" : string.Empty;
        var config = string.Create(CultureInfo.InvariantCulture, $$"""
            {{user}}worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{dir}}/body;
              proxy_temp_path {{dir}}/proxy;
              fastcgi_temp_path {{dir}}/fastcgi;
              uwsgi_temp_path {{dir}}/uwsgi;
              scgi_temp_path {{dir}}/scgi;
              upstream gateways {
            {{servers}}    keepalive 32;
              }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://gateways;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                }
              }
            }
            """);
        var configPath = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config, Encoding.ASCII);
        var start = new ProcessStartInfo(Binary)
        {
            ArgumentList = { "-p", dir, "-c", configPath, "-e", Path.Combine(dir, "error.log"), "-g", "daemon off; master_process on;" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new NginxProxy(process, prefix, port);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var probe = await RawHttpConnection.ConnectAsync(port, CancellationToken.None);
                return proxy;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }

        var log = proxy.ErrorLog;
        proxy.Dispose();
        throw new InvalidOperationException("nginx did not start: " + log);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            _prefix.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
