namespace ModelServing.Core.Tensors;

/// <summary>
/// How much one inference request may make the gateway hold: rows, images, padded image pixels and tensor bytes. Each is
/// checked before the memory it bounds is allocated, and a request past one gets 400 naming the input and the limit.
/// </summary>
/// <remarks>
/// Bound from the <c>Limits</c> section (<c>Limits:MaxRowsPerRequest</c>...), the same section as the gateway's body limits.
/// The defaults leave room for every example model's real clients (a page of text lines in one request, tens of thousands of
/// tabular rows) while keeping one request's input tensors under 256 MiB. Read-only once the host has started.
/// </remarks>
public sealed class RequestSizeLimits
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Limits";

    /// <summary>The default of <see cref="MaxRowsPerRequest"/>.</summary>
    public const long DefaultMaxRowsPerRequest = 65_536;

    /// <summary>The default of <see cref="MaxImagesPerRequest"/>.</summary>
    public const long DefaultMaxImagesPerRequest = 1_024;

    /// <summary>The default of <see cref="MaxImagePixelsPerRequest"/>: 16 MP (2^24).</summary>
    public const long DefaultMaxImagePixelsPerRequest = 16_777_216;

    /// <summary>The default of <see cref="MaxTensorBytesPerRequest"/>: 256 MiB.</summary>
    public const long DefaultMaxTensorBytesPerRequest = 256L * 1024 * 1024;

    /// <summary>The limits with every default, for pipelines run without a host (warm-up, tools, tests).</summary>
    internal static RequestSizeLimits Defaults { get; } = new();

    /// <summary>Most rows (the 0th dimension of an input whose batch dimension is dynamic) in one request.</summary>
    /// <value>Default 65536: far beyond an online client's batch (Vertex AI sends 64 per request), while one request can no
    /// longer queue minutes of work ahead of everyone else's.</value>
    public long MaxRowsPerRequest { get; set; } = DefaultMaxRowsPerRequest;

    /// <summary>Most images one request sends to an <c>image</c> stage, checked before any is decoded.</summary>
    /// <value>Default 1024: every text line of a dense page for <c>text-orientation</c> (PaddleOCR classifies 6 at a time).</value>
    public long MaxImagesPerRequest { get; set; } = DefaultMaxImagesPerRequest;

    /// <summary>
    /// Most pixels of one request's image tensor after padding: images x padded height x padded width, where images of
    /// different planned sizes are padded to the largest. Known from the image headers, checked before the tensor exists.
    /// </summary>
    /// <value>Default 16777216 (16 MP, 192 MiB of float32 RGB): 1024 text lines of 48x192, or 18 pages of 960x960.</value>
    /// <remarks>A model's <c>image</c> stage may set a lower <c>maxPixelsPerRequest</c> of its own.</remarks>
    public long MaxImagePixelsPerRequest { get; set; } = DefaultMaxImagePixelsPerRequest;

    /// <summary>
    /// Most bytes of the tensors a request hands to the model: its input tensors (numbers at their element size, strings by
    /// length) and any tensor a serving-function stage builds for it (checked before that tensor is allocated).
    /// </summary>
    /// <value>Default 268435456 (256 MiB); at most 2147483591 (a tensor is one .NET array).</value>
    public long MaxTensorBytesPerRequest { get; set; } = DefaultMaxTensorBytesPerRequest;

    /// <summary>Every problem with these settings, as (field, message); empty when valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string Field, string Message)>();
        Positive(errors, nameof(MaxRowsPerRequest), MaxRowsPerRequest);
        Positive(errors, nameof(MaxImagesPerRequest), MaxImagesPerRequest);
        Positive(errors, nameof(MaxImagePixelsPerRequest), MaxImagePixelsPerRequest);
        Positive(errors, nameof(MaxTensorBytesPerRequest), MaxTensorBytesPerRequest);
        if (MaxTensorBytesPerRequest > Array.MaxLength)
        {
            errors.Add((nameof(MaxTensorBytesPerRequest), $"must be at most {Array.MaxLength} (a tensor is one array)"));
        }

        return errors;
    }

    private static void Positive(List<(string Field, string Message)> errors, string field, long value)
    {
        if (value < 1)
        {
            errors.Add((field, "must be at least 1"));
        }
    }
}
