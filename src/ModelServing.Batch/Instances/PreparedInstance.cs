using ModelServing.Batch.Input;

namespace ModelServing.Batch.Instances;

/// <summary>An input record made ready to send, or the reason it cannot be.</summary>
/// <param name="Sent">The instance JSON sent in the prediction request; null when the record failed or is <see cref="Binary"/>.</param>
/// <param name="Echo">The JSON written back as <c>"instance"</c> (or as <c>"key"</c> when <paramref name="IsKey"/>).</param>
/// <param name="IsKey">True when <paramref name="Echo"/> is the <c>keyField</c> value.</param>
/// <param name="ErrorCode">The error's HTTP-style code when the record failed.</param>
/// <param name="Error">Why the record failed.</param>
internal sealed record PreparedInstance(byte[]? Sent, byte[] Echo, bool IsKey, int ErrorCode = 0, string? Error = null)
{
    /// <summary>
    /// The instance's bytes when it is <c>{"b64": Binary}</c> as it stands (file-list files, TFRecord records without field
    /// selection): sent to a model whose one input is a batch of byte strings as they are, with no base64 round trip.
    /// </summary>
    public byte[]? Binary { get; init; }

    /// <summary>
    /// The CSV cells <see cref="Sent"/> was written from, after field selection, with their field names: what the model
    /// inputs are built from without reading <see cref="Sent"/> back. Null for other instances.
    /// </summary>
    public IReadOnlyList<(string Name, CsvCell Cell)>? Cells { get; init; }

    /// <summary>True when <see cref="Sent"/> is an object keyed by the <see cref="Cells"/>' names, false when it is an array.</summary>
    public bool CellsAreNamed { get; init; }

    /// <summary>True when the record cannot be sent (<see cref="Error"/> says why).</summary>
    public bool IsFailed => Error is not null;

    /// <summary>A failed record.</summary>
    public static PreparedInstance Failed(byte[] echo, int code, string message) => new(null, echo, false, code, message);

    /// <summary>An instance that is <c>{"b64": bytes}</c>.</summary>
    public static PreparedInstance FromBinary(byte[] bytes, byte[] echo) => new(null, echo, false) { Binary = bytes };
}
