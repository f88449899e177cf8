using Amazon.Runtime;

namespace ModelServing.Storage.S3;

/// <summary>How the S3 client is set up: the endpoint and region the AWS SDKs read from the environment.</summary>
/// <param name="ServiceUrl">An S3-compatible endpoint (<c>AWS_ENDPOINT_URL_S3</c>, else <c>AWS_ENDPOINT_URL</c>), or null for AWS.</param>
/// <param name="Region">The region (<c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile, the instance metadata), or null
/// for the SDK's own chain, falling back to <c>us-east-1</c>.</param>
/// <param name="Credentials">Explicit credentials (tests), or null for the SDK's default chain (environment, profile, web
/// identity, container and instance roles).</param>
/// <param name="PageSize">Keys per ListObjectsV2 page; S3 gives at most 1000.</param>
public sealed record S3StoreSettings(Uri? ServiceUrl, string? Region, AWSCredentials? Credentials = null, int PageSize = 1000)
{
    /// <summary>Reads the endpoint and region variables the AWS SDKs define.</summary>
    /// <param name="environment">Reads one environment variable.</param>
    public static S3StoreSettings FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var endpoint = NonEmpty(environment("AWS_ENDPOINT_URL_S3")) ?? NonEmpty(environment("AWS_ENDPOINT_URL"));
        if (string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = null;
        }

        Uri? serviceUrl = null;
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out serviceUrl) || serviceUrl.Scheme is not ("http" or "https")))
        {
            throw new FormatException("AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_S3) must be an http:// or https:// URL.");
        }

        return new(serviceUrl, NonEmpty(environment("AWS_REGION")) ?? NonEmpty(environment("AWS_DEFAULT_REGION")));
    }

    /// <summary>Whether requests name the bucket in the path rather than the host: always for an IP address or localhost
    /// endpoint, where bucket subdomains cannot resolve.</summary>
    public bool PathStyle => ServiceUrl is { } url
        && (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || url.IsLoopback
            || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
