using System.Runtime.Intrinsics;

namespace ModelServing.Imaging.Tensors;

/// <summary>Normalizes resized rows and writes them into one image's slice of the tensor in the spec's layout and type.</summary>
/// <remarks>
/// value = pixel * A[c] + B[c] with A = Scale / Std[c] and B = -Mean[c] / Std[c], c the tensor channel; the source channel
/// is picked by the channel order, replicated for gray sources, or BT.601 luma for a gray tensor from colour pixels.
/// </remarks>
internal unsafe struct TensorWriter
{
    private const float LumaR = 0.299f;
    private const float LumaG = 0.587f;
    private const float LumaB = 0.114f;

    private readonly byte* _destination;
    private readonly ImageElementType _type;
    private readonly bool _planar;
    private readonly int _width;
    private readonly int _height;
    private readonly int _channels;
    private readonly bool _luma;
    private fixed float _scale[3];
    private fixed float _offset[3];
    private fixed int _sourceChannel[3];

    public TensorWriter(byte* destination, ImagePreprocessSpec spec, int width, int height, int sourceChannels)
    {
        _destination = destination;
        _type = spec.ElementType;
        _planar = spec.Layout == TensorLayout.Nchw;
        _width = width;
        _height = height;
        _channels = spec.Channels;
        _luma = _channels == 1 && sourceChannels == 3;
        for (var c = 0; c < _channels; c++)
        {
            var std = spec.Std[Math.Min(c, spec.Std.Length - 1)];
            var mean = spec.Mean[Math.Min(c, spec.Mean.Length - 1)];
            _scale[c] = spec.Scale / std;
            _offset[c] = -mean / std;
            _sourceChannel[c] = sourceChannels == 1 || _luma ? 0 : spec.ChannelOrder == ChannelOrder.Bgr ? 2 - c : c;
        }
    }

    /// <summary>Writes <paramref name="value"/> (already a tensor value) into every element.</summary>
    public readonly void Fill(float value)
    {
        var count = (long)_width * _height * _channels;
        switch (_type)
        {
            case ImageElementType.UInt8:
                new Span<byte>(_destination, (int)count).Fill(ToByte(value));
                break;
            case ImageElementType.Float16:
                new Span<Half>(_destination, (int)count).Fill((Half)value);
                break;
            default:
                new Span<float>(_destination, (int)count).Fill(value);
                break;
        }
    }

    /// <summary>Writes <paramref name="count"/> resized pixels of tensor row <paramref name="y"/> from column <paramref name="x"/>.</summary>
    /// <param name="y">Tensor row.</param>
    /// <param name="x">Tensor column of the first pixel.</param>
    /// <param name="row">Source-channel planes of count floats on the 0..255 scale; plane 0 is overwritten with luma if needed.</param>
    /// <param name="count">Pixels.</param>
    public readonly void WriteRow(int y, int x, float* row, int count)
    {
        if (_luma)
        {
            for (var i = 0; i < count; i++)
            {
                row[i] = (LumaR * row[i]) + (LumaG * row[count + i]) + (LumaB * row[(2 * count) + i]);
            }
        }

        for (var c = 0; c < _channels; c++)
        {
            long index, step;
            if (_planar)
            {
                index = (((long)c * _height) + y) * _width + x;
                step = 1;
            }
            else
            {
                index = ((((long)y * _width) + x) * _channels) + c;
                step = _channels;
            }

            var source = row + ((long)_sourceChannel[c] * count);
            switch (_type)
            {
                case ImageElementType.Float32:
                    Write((float*)_destination + index, step, source, count, _scale[c], _offset[c]);
                    break;
                case ImageElementType.Float16:
                    WriteHalf((Half*)_destination + index, step, source, count, _scale[c], _offset[c]);
                    break;
                default:
                    WriteByte(_destination + index, step, source, count, _scale[c], _offset[c]);
                    break;
            }
        }
    }

    private static void Write(float* destination, long step, float* source, int count, float a, float b)
    {
        if (step == 1)
        {
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var va = Vector256.Create(a);
                var vb = Vector256.Create(b);
                for (; i <= count - 8; i += 8)
                {
                    Vector256.Store((Vector256.Load(source + i) * va) + vb, destination + i);
                }
            }

            for (; i < count; i++)
            {
                destination[i] = (source[i] * a) + b;
            }

            return;
        }

        for (var i = 0; i < count; i++, destination += step)
        {
            *destination = (source[i] * a) + b;
        }
    }

    private static void WriteHalf(Half* destination, long step, float* source, int count, float a, float b)
    {
        for (var i = 0; i < count; i++, destination += step)
        {
            *destination = (Half)((source[i] * a) + b);
        }
    }

    private static void WriteByte(byte* destination, long step, float* source, int count, float a, float b)
    {
        for (var i = 0; i < count; i++, destination += step)
        {
            *destination = ToByte((source[i] * a) + b);
        }
    }

    private static byte ToByte(float value) => (byte)(Math.Clamp(value, 0f, 255f) + 0.5f);
}
