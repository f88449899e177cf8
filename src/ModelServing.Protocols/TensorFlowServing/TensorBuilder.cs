using System.Text;
using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>
/// Reads JSON values (scalars or nested lists) for one model input into a growing element buffer, discovering and
/// checking their shape on the way, in one forward pass without recursion.
/// </summary>
/// <remarks>
/// Shape rules are TF Serving's: the shape comes from the first element at every level (an empty list ends it), every
/// list at a level must have that level's length, and every scalar must sit at the deepest level. Buffers are pooled:
/// call <see cref="Release"/> when done, whether or not <see cref="Build"/> was called.
/// </remarks>
internal abstract class TensorBuilder
{
    private int[] _dims = new int[8];
    private int[] _counts = new int[8];
    private int _levels;
    private int _rank;
    private long[]? _firstShape;
    private int _firstSize;

    protected TensorBuilder(TensorSpec spec)
    {
        Spec = spec;
        NameUtf8 = Encoding.UTF8.GetBytes(spec.Name);
    }

    /// <summary>The input this builder fills.</summary>
    public TensorSpec Spec { get; }

    /// <summary>The input name in UTF-8, to match property names.</summary>
    public byte[] NameUtf8 { get; }

    /// <summary>The instance index last read (row format), or 0 once a columnar value is read; -1 before.</summary>
    public int LastElement { get; private set; } = -1;

    /// <summary>Shape of the first value read (one instance in row format, the whole tensor in columnar format).</summary>
    public long[] ValueShape => _firstShape ?? [];

    /// <summary>Number of elements read so far.</summary>
    public abstract int Count { get; }

    /// <summary>Creates the builder for the element type of <paramref name="spec"/>.</summary>
    public static TensorBuilder Create(TensorSpec spec) => spec.DataType switch
    {
        TensorDataType.Float => new FloatTensorBuilder(spec),
        TensorDataType.Double => new DoubleTensorBuilder(spec),
        TensorDataType.Float16 => new HalfTensorBuilder(spec),
        TensorDataType.BFloat16 => new BFloat16TensorBuilder(spec),
        TensorDataType.Int8 => new IntegerTensorBuilder<sbyte>(spec),
        TensorDataType.Int16 => new IntegerTensorBuilder<short>(spec),
        TensorDataType.Int32 => new IntegerTensorBuilder<int>(spec),
        TensorDataType.Int64 => new IntegerTensorBuilder<long>(spec),
        TensorDataType.UInt8 => new IntegerTensorBuilder<byte>(spec),
        TensorDataType.UInt16 => new IntegerTensorBuilder<ushort>(spec),
        TensorDataType.UInt32 => new IntegerTensorBuilder<uint>(spec),
        TensorDataType.UInt64 => new UInt64TensorBuilder(spec),
        TensorDataType.Bool => new BoolTensorBuilder(spec),
        TensorDataType.String => new StringTensorBuilder(spec),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.DataType, null),
    };

    /// <summary>Reads a whole columnar tensor; <paramref name="reader"/> is on its first token and ends on its last.</summary>
    public void ReadTensor(ref Utf8JsonReader reader, ParseContext context)
    {
        ReadValue(ref reader, context);
        _firstShape = CurrentShape();
        LastElement = 0;
    }

    /// <summary>Reads one instance's value, which must have the size and shape of the first instance's.</summary>
    public void ReadInstance(ref Utf8JsonReader reader, ParseContext context, int element)
    {
        var before = Count;
        ReadValue(ref reader, context);
        var size = Count - before;
        if (_firstShape is null)
        {
            _firstShape = CurrentShape();
            _firstSize = size;
        }
        else if (size != _firstSize)
        {
            throw context.Fail($"Expecting tensor size: {_firstSize} but got: {size}");
        }
        else if (!CurrentShapeEquals(_firstShape))
        {
            throw context.Fail($"Expecting shape {ParseContext.FormatShape(_firstShape)} but got: {ParseContext.FormatShape(CurrentShape())}");
        }

        LastElement = element;
    }

    /// <summary>The tensor of every element read, with the given shape (whose element count is <see cref="Count"/>).</summary>
    public abstract TensorData Build(long[] shape);

    /// <summary>Returns pooled buffers.</summary>
    public abstract void Release();

    /// <summary>Appends the scalar (or <c>{"b64": ...}</c> object) under <paramref name="reader"/>, leaving it on its last token.</summary>
    protected abstract void AppendLeaf(ref Utf8JsonReader reader, ParseContext context);

    /// <summary>
    /// Right after a leaf: appends the plain numbers that follow it in the same list in one tight loop, and leaves the reader
    /// on the first token that is not one (which the caller then handles as usual). Returns how many it appended.
    /// </summary>
    /// <remarks>The default takes none and does not move the reader (<paramref name="advanced"/> false).</remarks>
    protected virtual int AppendNumberRun(ref Utf8JsonReader reader, ParseContext context, out bool advanced)
    {
        advanced = false;
        return 0;
    }

    private void ReadValue(ref Utf8JsonReader reader, ParseContext context)
    {
        _levels = 0;
        _rank = -1;
        var depth = 0;
        var advanced = false;
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    context.CheckDepth(ref reader);
                    if (_rank >= 0 && depth >= _rank)
                    {
                        throw context.Fail($"Encountered list at unexpected level: {depth} expected < {_rank}");
                    }

                    if (depth > 0)
                    {
                        _counts[depth - 1]++;
                    }

                    if (depth == _levels)
                    {
                        EnsureLevel(depth);
                        _dims[depth] = -1;
                        _levels++;
                    }

                    _counts[depth] = 0;
                    depth++;
                    break;

                case JsonTokenType.EndArray:
                    depth--;
                    CloseList(depth, context);
                    break;

                default:
                    if (_rank < 0)
                    {
                        _rank = depth;
                    }

                    if (depth != _rank)
                    {
                        throw context.Fail(
                            $"JSON Value: {context.Quote(ref reader)} found at incorrect level: {depth + 1} in the JSON DOM. Expected at level: {_rank}");
                    }

                    if (depth > 0)
                    {
                        _counts[depth - 1]++;
                    }

                    AppendLeaf(ref reader, context);
                    if (depth > 0)
                    {
                        _counts[depth - 1] += AppendNumberRun(ref reader, context, out advanced);
                    }

                    break;
            }

            if (depth == 0)
            {
                return;
            }

            if (!advanced)
            {
                reader.Read();
            }

            advanced = false;
        }
    }

    private void CloseList(int level, ParseContext context)
    {
        var count = _counts[level];
        if (_dims[level] < 0)
        {
            // The first list closed at a level is the first-element path's: it fixes the level's length.
            _dims[level] = count;
            if (count == 0 && _rank < 0)
            {
                _rank = level + 1;
            }
        }
        else if (count != _dims[level])
        {
            throw context.Fail($"Encountered list at unexpected size: {count} at level: {level} expected size: {_dims[level]}");
        }
    }

    private void EnsureLevel(int level)
    {
        if (level >= _dims.Length)
        {
            Array.Resize(ref _dims, _dims.Length * 2);
            Array.Resize(ref _counts, _counts.Length * 2);
        }
    }

    private long[] CurrentShape()
    {
        var shape = new long[_rank];
        for (var i = 0; i < _rank; i++)
        {
            shape[i] = _dims[i];
        }

        return shape;
    }

    private bool CurrentShapeEquals(long[] shape)
    {
        if (shape.Length != _rank)
        {
            return false;
        }

        for (var i = 0; i < _rank; i++)
        {
            if (shape[i] != _dims[i])
            {
                return false;
            }
        }

        return true;
    }
}
