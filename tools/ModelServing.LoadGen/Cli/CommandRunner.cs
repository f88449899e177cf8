using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Runtime;

namespace ModelServing.LoadGen.Cli;

/// <summary>Runs a command body, turning the expected failures into one line on stderr and exit code 2.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or InvalidDataException or JsonException
            or UnauthorizedAccessException or ModelLoadException or ServingException or HttpRequestException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"loadgen: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
    }
}
