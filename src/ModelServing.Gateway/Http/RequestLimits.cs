using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Gateway.Http;

/// <summary>Bounds on what a request may carry.</summary>
public sealed class RequestLimits
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Limits";

    /// <summary>The default body limit: 32 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 32L * 1024 * 1024;

    /// <summary>The body limit under Vertex AI (its online prediction request limit, 1.5 MiB).</summary>
    public const long VertexMaxRequestBodyBytes = 1572864;

    /// <summary>Largest request body in bytes, after gzip decompression (<c>Limits:MaxRequestBodyBytes</c> or <c>MODELSERVING_MAX_BODY_BYTES</c>).</summary>
    /// <value>Default null: 32 MiB, or 1.5 MiB when the Vertex AI <c>AIP_*</c> variables are set.</value>
    public long? MaxRequestBodyBytes { get; set; }

    private PredictRequestReaderOptions? _readerOptions;

    /// <summary>Deepest JSON nesting a request body may have (<c>Limits:MaxJsonDepth</c>).</summary>
    /// <value>Default 64.</value>
    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>The predict reader's options under these limits.</summary>
    public PredictRequestReaderOptions ReaderOptions => _readerOptions is { } cached && cached.MaxDepth == MaxJsonDepth
        ? cached
        : _readerOptions = new PredictRequestReaderOptions { MaxDepth = MaxJsonDepth };

    /// <summary>The body limit in force: the configured one, else the Vertex profile when <paramref name="underVertex"/>, else 32 MiB.</summary>
    public long EffectiveMaxRequestBodyBytes(bool underVertex) =>
        MaxRequestBodyBytes ?? (underVertex ? VertexMaxRequestBodyBytes : DefaultMaxRequestBodyBytes);

    /// <summary>Whether the process runs under the Vertex AI custom-container contract (any <c>AIP_HTTP_PORT</c>, <c>AIP_PREDICT_ROUTE</c> or <c>AIP_HEALTH_ROUTE</c>).</summary>
    public static bool RunningUnderVertex() =>
        s_vertexVariables.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));

    private static readonly string[] s_vertexVariables = ["AIP_HTTP_PORT", "AIP_PREDICT_ROUTE", "AIP_HEALTH_ROUTE"];
}
