using System.Buffers;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>
/// The bare <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> literals of a request (TF Serving parses them with
/// RapidJSON's <c>kParseNanAndInfFlag</c>; System.Text.Json rejects them), found by a scan that skips strings.
/// </summary>
/// <remarks>
/// <see cref="Rewrite"/> replaces each literal in a copy of the document by a same-length placeholder, a <c>0</c>
/// followed by spaces, so that every offset (and every line and byte position in an error message) stays that of the
/// original. The reader then asks <see cref="TryGet"/> whether a <c>0</c> number token stands at a recorded offset.
/// Accepted spellings, as RapidJSON's: <c>NaN</c>, <c>Inf</c>, <c>Infinity</c>, each optionally preceded by <c>-</c>.
/// A literal is only rewritten where a value may start and end, so that no malformed document becomes well formed.
/// </remarks>
internal sealed class NonFiniteLiterals
{
    private static readonly SearchValues<byte> _outsideString = SearchValues.Create("\"NI"u8);
    private static readonly SearchValues<byte> _insideString = SearchValues.Create("\"\\"u8);

    private readonly int[] _positions;
    private readonly int[] _lengths;
    private readonly double[] _values;

    private NonFiniteLiterals(int[] positions, int[] lengths, double[] values)
    {
        _positions = positions;
        _lengths = lengths;
        _values = values;
    }

    /// <summary>Returns a rewritten copy of <paramref name="json"/> and the literals found, or null when there are none.</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> json, out NonFiniteLiterals? literals)
    {
        literals = null;
        List<(int Position, int Length, double Value)>? found = null;
        var i = 0;
        while (i < json.Length)
        {
            var next = json[i..].IndexOfAny(_outsideString);
            if (next < 0)
            {
                break;
            }

            i += next;
            if (json[i] == (byte)'"')
            {
                i = SkipString(json, i + 1);
                continue;
            }

            var length = MatchLiteral(json[i..], out var value);
            if (length > 0)
            {
                var negative = i > 0 && json[i - 1] == (byte)'-';
                var start = negative ? i - 1 : i;
                if (CanStartValue(json, start) && CanEndValue(json, i + length))
                {
                    found ??= [];
                    found.Add((start, i + length - start, negative ? -value : value));
                }
            }

            i += Math.Max(length, 1);
        }

        if (found is null)
        {
            return null;
        }

        var copy = json.ToArray();
        var positions = new int[found.Count];
        var lengths = new int[found.Count];
        var values = new double[found.Count];
        for (var k = 0; k < found.Count; k++)
        {
            var (position, length, value) = found[k];
            copy[position] = (byte)'0';
            copy.AsSpan(position + 1, length - 1).Fill((byte)' ');
            positions[k] = position;
            lengths[k] = length;
            values[k] = value;
        }

        literals = new NonFiniteLiterals(positions, lengths, values);
        return copy;
    }

    /// <summary>The value of the literal whose placeholder starts at <paramref name="position"/>, if there is one.</summary>
    public bool TryGet(int position, out double value, out int length)
    {
        var index = Array.BinarySearch(_positions, position);
        if (index < 0)
        {
            value = 0;
            length = 0;
            return false;
        }

        value = _values[index];
        length = _lengths[index];
        return true;
    }

    /// <summary>Whether any literal starts in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public bool AnyWithin(int start, int end)
    {
        var index = Array.BinarySearch(_positions, start);
        if (index < 0)
        {
            index = ~index;
        }

        return index < _positions.Length && _positions[index] < end;
    }

    /// <summary>Literals starting in [<paramref name="start"/>, <paramref name="end"/>), as (position, length) pairs.</summary>
    public IEnumerable<(int Position, int Length)> Within(int start, int end)
    {
        for (var k = 0; k < _positions.Length; k++)
        {
            if (_positions[k] >= start && _positions[k] < end)
            {
                yield return (_positions[k], _lengths[k]);
            }
        }
    }

    private static int SkipString(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length)
        {
            var next = json[i..].IndexOfAny(_insideString);
            if (next < 0)
            {
                return json.Length;
            }

            i += next;
            if (json[i] == (byte)'"')
            {
                return i + 1;
            }

            // A backslash escapes the next byte, which may be a quote.
            i += 2;
        }

        return json.Length;
    }

    private static int MatchLiteral(ReadOnlySpan<byte> text, out double value)
    {
        if (text.StartsWith("NaN"u8))
        {
            value = double.NaN;
            return 3;
        }

        value = double.PositiveInfinity;
        if (text.StartsWith("Infinity"u8))
        {
            return 8;
        }

        return text.StartsWith("Inf"u8) ? 3 : 0;
    }

    private static bool CanStartValue(ReadOnlySpan<byte> json, int start) =>
        start == 0 || json[start - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'[' or (byte)',' or (byte)':';

    private static bool CanEndValue(ReadOnlySpan<byte> json, int end) =>
        end == json.Length || json[end] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)']' or (byte)',' or (byte)'}';
}
