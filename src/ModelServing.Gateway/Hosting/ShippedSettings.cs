using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace ModelServing.Gateway.Hosting;

/// <summary>Reads the <c>appsettings.json</c> files shipped beside the gateway's assembly (the logging defaults).</summary>
/// <remarks>
/// The host reads <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> from the content root, which the gateway
/// sets to the current directory (so relative paths such as <c>models</c> resolve where it is started); the files built and
/// published with the gateway are in <see cref="AppContext.BaseDirectory"/>. They go in just below the content root's
/// files, so the order from weakest to strongest is: shipped <c>appsettings.json</c>, shipped
/// <c>appsettings.{Environment}.json</c>, the content root's two files, environment variables, command line. They are read
/// once at start (no file watcher on the install directory).
/// </remarks>
internal static class ShippedSettings
{
    /// <summary>Inserts the shipped files of <paramref name="directory"/> unless it is the content root (already read).</summary>
    public static void Add(IConfigurationBuilder configuration, IHostEnvironment environment, string directory)
    {
        if (SameDirectory(directory, environment.ContentRootPath))
        {
            return;
        }

        var sources = configuration.Sources;
        var index = InsertionIndex(sources);
        foreach (var name in new[] { "appsettings.json", $"appsettings.{environment.EnvironmentName}.json" })
        {
            var source = new JsonConfigurationSource { Path = Path.Combine(directory, name), Optional = true, ReloadOnChange = false };
            source.ResolveFileProvider();
            sources.Insert(index++, source);
        }
    }

    /// <summary>Before the host's first JSON file, else before the unprefixed environment variables, else first.</summary>
    private static int InsertionIndex(IList<IConfigurationSource> sources)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource)
            {
                return i;
            }
        }

        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                return i;
            }
        }

        return 0;
    }

    private static bool SameDirectory(string a, string b) =>
        string.Equals(
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)),
            StringComparison.Ordinal);
}
