namespace ModelServing.Gateway.Security;

/// <summary>The general API keys: any one of them lets a request through. Empty when no key is configured (no check).</summary>
/// <remarks>Every key is compared on every request, each in constant time, so timing tells neither which key matched nor how many exist.</remarks>
public sealed class ApiKeySet
{
    private readonly ApiKeyCheck[] _checks;

    /// <summary>Creates the set from configured keys; blank entries are skipped.</summary>
    public ApiKeySet(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _checks = [.. keys.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).Select(k => new ApiKeyCheck(k))];
    }

    /// <summary>Whether any key is configured.</summary>
    public bool Enabled => _checks.Length > 0;

    /// <summary>How many distinct keys are configured.</summary>
    public int Count => _checks.Length;

    /// <summary>Reads the keys from <see cref="SecurityOptions.ApiKeys"/> and every line of <see cref="SecurityOptions.ApiKeyFile"/>.</summary>
    /// <exception cref="InvalidOperationException">The key file is named but cannot be read.</exception>
    public static ApiKeySet From(SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ApiKeys))
        {
            keys.AddRange(options.ApiKeys.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        if (!string.IsNullOrWhiteSpace(options.ApiKeyFile))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(options.ApiKeyFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"The API key file '{options.ApiKeyFile}' cannot be read.", ex);
            }

            keys.AddRange(lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }

        return new ApiKeySet(keys);
    }

    /// <summary>True when the request presents one of the keys (always true when none is configured).</summary>
    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_checks.Length == 0)
        {
            return true;
        }

        var authorized = false;
        foreach (var check in _checks)
        {
            authorized |= check.IsAuthorized(request);
        }

        return authorized;
    }
}
