namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>
/// Reads float values (a number or nested lists of numbers) straight from the JSON bytes into a <see cref="FloatTensorBuilder"/>,
/// without tokens: the fast path of <see cref="PredictRequestReader"/> for plain float tensors.
/// </summary>
/// <remarks>
/// Accepts only what the general path accepts with the same result: well-formed JSON numbers within the float range
/// (each rounded to the nearest float) in non-empty rectangular lists, every value of the shape of the first, at most
/// <see cref="MaxRank"/> levels. Anything else (an empty list, a ragged one, a string, NaN, a malformed token) returns
/// false and leaves the verdict and its message to the general path.
/// </remarks>
internal ref struct FloatTensorScanner
{
    /// <summary>Deepest list nesting the scanner reads.</summary>
    public const int MaxRank = 16;

    private readonly ReadOnlySpan<byte> _json;
    private readonly FloatTensorBuilder _builder;
    private readonly Span<int> _dims;
    private readonly Span<int> _counts;
    private readonly int _maxRank;
    private int _rank;

    /// <summary>Creates a scanner of values whose nesting may not exceed <paramref name="maxRank"/> (at most <see cref="MaxRank"/>).</summary>
    /// <param name="json">The document.</param>
    /// <param name="builder">Where the floats go.</param>
    /// <param name="scratch">At least 2 x <see cref="MaxRank"/> ints, for the dimensions and the counts of open lists.</param>
    /// <param name="maxRank">The deepest nesting allowed, so that the document stays within the reader's depth limit.</param>
    public FloatTensorScanner(ReadOnlySpan<byte> json, FloatTensorBuilder builder, Span<int> scratch, int maxRank)
    {
        _json = json;
        _builder = builder;
        _dims = scratch[..MaxRank];
        _counts = scratch.Slice(MaxRank, MaxRank);
        _maxRank = Math.Min(maxRank, MaxRank);
        _rank = -1;
    }

    /// <summary>The shape of every value read (fixed by the first).</summary>
    public readonly ReadOnlySpan<int> Shape => _rank < 0 ? [] : _dims[.._rank];

    /// <summary>Position of the first byte that is not whitespace at or after <paramref name="position"/>.</summary>
    public static int SkipWhitespace(ReadOnlySpan<byte> json, int position)
    {
        while ((uint)position < (uint)json.Length && json[position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            position++;
        }

        return position;
    }

    /// <summary>
    /// Reads the value starting at <paramref name="position"/> (whitespace first allowed) and moves it past the value
    /// and the whitespace after it. False when the general path must read the document.
    /// </summary>
    public bool TryReadValue(ref int position)
    {
        var json = _json;
        var pos = SkipWhitespace(json, position);
        if (_rank < 0 && !TryFixRank(pos))
        {
            return false;
        }

        var level = 0;
        while (true)
        {
            // A value starts at pos, inside the open list at depth level - 1.
            if ((uint)pos < (uint)json.Length && json[pos] == (byte)'[')
            {
                if (level == _rank)
                {
                    return false;
                }

                _counts[level] = 0;
                level++;
                pos = SkipWhitespace(json, pos + 1);
                continue;
            }

            if (level != _rank)
            {
                return false;
            }

            if (!TryReadNumber(json, ref pos))
            {
                return false;
            }

            if (level == 0)
            {
                position = SkipWhitespace(json, pos);
                return true;
            }

            // The innermost list: a run of numbers up to its ']'.
            var count = 1;
            while (true)
            {
                if ((uint)pos >= (uint)json.Length)
                {
                    return false;
                }

                var next = json[pos];
                if (next == (byte)',')
                {
                    pos = SkipWhitespace(json, pos + 1);
                    if (!TryReadNumber(json, ref pos))
                    {
                        return false;
                    }

                    count++;
                }
                else if (next == (byte)']')
                {
                    break;
                }
                else if (next is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
                {
                    pos = SkipWhitespace(json, pos);
                }
                else
                {
                    return false;
                }
            }

            // json[pos] is the ']' of the list at depth level - 1, which holds count elements.
            while (true)
            {
                level--;
                if (_dims[level] < 0)
                {
                    _dims[level] = count;
                }
                else if (_dims[level] != count)
                {
                    return false;
                }

                pos = SkipWhitespace(json, pos + 1);
                if (level == 0)
                {
                    position = pos;
                    return true;
                }

                count = ++_counts[level - 1];
                if ((uint)pos >= (uint)json.Length)
                {
                    return false;
                }

                if (json[pos] == (byte)',')
                {
                    pos = SkipWhitespace(json, pos + 1);
                    break;
                }

                if (json[pos] != (byte)']')
                {
                    return false;
                }
            }
        }
    }

    // The first value's rank is the number of '[' before its first number; its dimensions are set as its lists close.
    private bool TryFixRank(int pos)
    {
        var rank = 0;
        while ((uint)pos < (uint)_json.Length && _json[pos] == (byte)'[')
        {
            rank++;
            pos = SkipWhitespace(_json, pos + 1);
        }

        if (rank > _maxRank)
        {
            return false;
        }

        _rank = rank;
        _dims[..rank].Fill(-1);
        return true;
    }

    private readonly bool TryReadNumber(ReadOnlySpan<byte> json, ref int pos)
    {
        if ((uint)pos > (uint)json.Length)
        {
            return false;
        }

        // 0 also for a number past the float range: the token path decides between an infinity and an error.
        var length = FastFloatParser.ParseNumber(json[pos..], out var value, out _);
        if (length == 0)
        {
            return false;
        }

        _builder.Add(value);
        pos += length;
        return true;
    }
}
