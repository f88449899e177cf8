using System.Security.Cryptography;
using System.Text;
using ModelServing.Gateway.Http;

namespace ModelServing.Gateway.Security;

/// <summary>Checks the API key a request presents (<c>Authorization: Bearer KEY</c> or <c>x-api-key: KEY</c>) against one configured key.</summary>
/// <remarks>
/// Thread-safe and immutable. Keys are compared as SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// so neither the content nor the length of the configured key leaks through timing. A rejected request gets 401 with
/// TF Serving's <c>{"error": ...}</c> body and a <c>WWW-Authenticate: Bearer</c> header.
/// </remarks>
public sealed class ApiKeyCheck
{
    /// <summary>The header carrying a bare key.</summary>
    public const string ApiKeyHeader = "x-api-key";

    private readonly byte[] _expectedDigest;

    /// <summary>Creates a check accepting exactly <paramref name="key"/>.</summary>
    public ApiKeyCheck(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _expectedDigest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>The configured key: <paramref name="key"/> if set, else the first line of <paramref name="keyFile"/> (trimmed); null when neither gives one.</summary>
    /// <exception cref="InvalidOperationException">The key file is named but cannot be read.</exception>
    public static string? ResolveKey(string? key, string? keyFile)
    {
        if (!string.IsNullOrWhiteSpace(key))
        {
            return key.Trim();
        }

        if (string.IsNullOrWhiteSpace(keyFile))
        {
            return null;
        }

        try
        {
            var text = File.ReadAllText(keyFile).Trim();
            return text.Length == 0 ? null : text.Split('\n', 2)[0].Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The API key file '{keyFile}' cannot be read.", ex);
        }
    }

    /// <summary>The key the request presents, or null.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = request.Headers[ApiKeyHeader].ToString();
        return header.Length == 0 ? null : header.Trim();
    }

    /// <summary>True when the request presents the configured key.</summary>
    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var presented = PresentedKey(request);
        if (presented is null)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _expectedDigest);
    }

    /// <summary>Writes 401 <c>{"error": ...}</c> with <c>WWW-Authenticate: Bearer</c>.</summary>
    public static Task WriteUnauthorizedAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        var message = PresentedKey(context.Request) is null
            ? "Missing API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'."
            : "Invalid API key.";
        return JsonOutput.WriteAsync(context, StatusCodes.Status401Unauthorized, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        });
    }

    /// <summary>An endpoint filter that lets a request through only with the key; use with <c>AddEndpointFilter</c>.</summary>
    public async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsAuthorized(context.HttpContext.Request))
        {
            await WriteUnauthorizedAsync(context.HttpContext);
            return Results.Empty;
        }

        return await next(context);
    }
}
