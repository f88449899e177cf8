using System.Text.Json;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>TF Serving's precision rule for integer literals given to floating-point inputs.</summary>
internal static class JsonNumbers
{
    /// <summary>Largest integer a float holds exactly (2^24 - 1), as TF Serving's <c>IsLosslessDecimal&lt;float&gt;</c>.</summary>
    public const long MaxExactSingle = (1L << 24) - 1;

    /// <summary>Largest integer a double holds exactly (2^53 - 1).</summary>
    public const long MaxExactDouble = (1L << 53) - 1;

    /// <summary>
    /// False when the number token is an integer literal (no fraction, no exponent) whose magnitude exceeds
    /// <paramref name="maxExact"/>; a literal with a fraction or exponent is never refused here.
    /// </summary>
    public static bool IsExactInteger(ref Utf8JsonReader reader, long maxExact)
    {
        var text = reader.ValueSpan;

        // Literals shorter than the limit's digit count cannot exceed it; checking them costs nothing.
        if (text.Length < 8 || text.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0)
        {
            return true;
        }

        return reader.TryGetInt64(out var value) && value >= -maxExact && value <= maxExact;
    }
}
