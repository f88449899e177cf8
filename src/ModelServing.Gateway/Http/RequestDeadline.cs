using System.Globalization;
using ModelServing.Core.Errors;

namespace ModelServing.Gateway.Http;

/// <summary>A request's own timeout: the <c>X-Request-Timeout-Ms</c> header (milliseconds), overriding the model's default.</summary>
internal static class RequestDeadline
{
    public const string HeaderName = "X-Request-Timeout-Ms";

    /// <summary>The timeout the header sets, or null when absent (the model's configured timeout applies).</summary>
    /// <exception cref="ServingException">The header is not a whole number of milliseconds between 1 and 3600000.</exception>
    public static TimeSpan? Timeout(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0)
        {
            return null;
        }

        return long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds is > 0 and <= 3_600_000
            ? TimeSpan.FromMilliseconds(milliseconds)
            : throw ServingException.Invalid($"{HeaderName} must be a whole number of milliseconds between 1 and 3600000");
    }
}
