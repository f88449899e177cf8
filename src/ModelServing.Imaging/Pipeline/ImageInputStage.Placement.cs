using System.Runtime.InteropServices;
using ModelServing.Core.Tensors;

namespace ModelServing.Imaging.Pipeline;

internal sealed partial class ImageInputStage
{
    /// <summary>Copies a smaller image tensor into the top-left of a larger one and fills the rest with the pad value.</summary>
    private void Place(ReadOnlySpan<byte> source, ImageGeometry geometry, Span<byte> destination, int height, int width, int elementSize)
    {
        FillPad(destination);
        var channels = _spec.Channels;
        var rowBytes = geometry.TensorWidth * elementSize;
        if (_spec.Layout == TensorLayout.Nchw)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var y = 0; y < geometry.TensorHeight; y++)
                {
                    source.Slice(((c * geometry.TensorHeight) + y) * rowBytes, rowBytes)
                        .CopyTo(destination.Slice((((c * height) + y) * width) * elementSize));
                }
            }
        }
        else
        {
            var pixelRow = rowBytes * channels;
            for (var y = 0; y < geometry.TensorHeight; y++)
            {
                source.Slice(y * pixelRow, pixelRow).CopyTo(destination.Slice(y * width * channels * elementSize));
            }
        }
    }

    private void FillPad(Span<byte> destination)
    {
        switch (_elementType)
        {
            case TensorDataType.Float:
                MemoryMarshal.Cast<byte, float>(destination).Fill(_spec.PadValue);
                break;
            case TensorDataType.Float16:
                MemoryMarshal.Cast<byte, Half>(destination).Fill((Half)_spec.PadValue);
                break;
            default:
                destination.Fill((byte)Math.Clamp(_spec.PadValue, 0, 255));
                break;
        }
    }

    private static Span<byte> AsBytes(Array data) => data switch
    {
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
        Half[] h => MemoryMarshal.AsBytes(h.AsSpan()),
        byte[] b => b,
        _ => throw new InvalidOperationException("unsupported image tensor type"),
    };
}
