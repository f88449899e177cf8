namespace ModelServing.Batch.Instances;

/// <summary>An input record made ready to send, or the reason it cannot be.</summary>
/// <param name="Sent">The instance JSON sent in the prediction request; null when the record failed.</param>
/// <param name="Echo">The JSON written back as <c>"instance"</c> (or as <c>"key"</c> when <paramref name="IsKey"/>).</param>
/// <param name="IsKey">True when <paramref name="Echo"/> is the <c>keyField</c> value.</param>
/// <param name="ErrorCode">The error's HTTP-style code when the record failed.</param>
/// <param name="Error">Why the record failed.</param>
internal sealed record PreparedInstance(byte[]? Sent, byte[] Echo, bool IsKey, int ErrorCode = 0, string? Error = null)
{
    /// <summary>A failed record.</summary>
    public static PreparedInstance Failed(byte[] echo, int code, string message) => new(null, echo, false, code, message);
}
