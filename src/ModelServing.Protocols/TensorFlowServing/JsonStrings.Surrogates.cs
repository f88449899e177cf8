namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Finding unpaired surrogate escapes, which RapidJSON refuses anywhere in a document.</summary>
internal static partial class JsonStrings
{
    /// <summary>
    /// The offset of the first <c>\u</c> escape in <paramref name="json"/> that is a surrogate without its pair (a high one
    /// not followed by a <c>\u</c> low one, or a low one alone), or -1. RapidJSON refuses such a document as malformed.
    /// </summary>
    /// <remarks>
    /// A vectorized search for <c>\u</c>; an escape counts when an odd run of backslashes ends at it (<c>\\u</c> is an
    /// escaped backslash followed by <c>u</c>). Escapes with bad hex digits are left to the reader, which refuses them.
    /// </remarks>
    public static int FindUnpairedSurrogate(ReadOnlySpan<byte> json)
    {
        var i = 0;
        while (true)
        {
            var next = json[i..].IndexOf("\\u"u8);
            if (next < 0)
            {
                return -1;
            }

            var escape = i + next;
            i = escape + 2;
            var backslashes = 1;
            while (escape - backslashes >= 0 && json[escape - backslashes] == (byte)'\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 0 || !TryParseHex4(json[i..], out var unit) || !char.IsSurrogate((char)unit))
            {
                continue;
            }

            if (char.IsLowSurrogate((char)unit)
                || json.Length < i + 10
                || json[i + 4] != (byte)'\\'
                || json[i + 5] != (byte)'u'
                || !TryParseHex4(json[(i + 6)..], out var low)
                || !char.IsLowSurrogate((char)low))
            {
                return escape;
            }

            i += 10;
        }
    }

    private static bool TryParseHex4(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.Length < 4)
        {
            return false;
        }

        foreach (var digit in text[..4])
        {
            if (!char.IsAsciiHexDigit((char)digit))
            {
                return false;
            }
        }

        value = ParseHex4(text[..4]);
        return true;
    }
}
