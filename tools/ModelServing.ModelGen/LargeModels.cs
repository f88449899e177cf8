using System.Runtime.InteropServices;
using ModelServing.ModelGen.Onnx;

namespace ModelServing.ModelGen;

/// <summary>Models whose size is the point: for measuring downloads and loads of large artifacts.</summary>
public static class LargeModels
{
    /// <summary>The external data file's name, beside the model.</summary>
    public const string DataFileName = "weights.bin";

    /// <summary>
    /// Input <c>x</c> float [batch,3]; output <c>y</c> = x + [1, 2, 3], the addends gathered from a float initializer of
    /// <paramref name="megabytes"/> MiB kept as external data in <see cref="DataFileName"/> beside the model (written in
    /// pieces, never whole in memory; the bytes after the first three floats are a fixed pattern).
    /// </summary>
    public static void WriteLargeExternal(string path, int megabytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(megabytes, 1);
        var bytes = (long)megabytes * 1024 * 1024;
        var dataPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, DataFileName);
        using (var data = new FileStream(dataPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var chunk = new byte[1 << 20];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (byte)(i % 251);
            }

            float[] addends = [1f, 2f, 3f];
            addends.CopyTo(MemoryMarshal.Cast<byte, float>(chunk.AsSpan(0, 12)));
            for (long written = 0; written < bytes; written += chunk.Length)
            {
                data.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - written));
            }
        }

        var table = new OnnxTensor("table", OnnxDataType.Float, [bytes / sizeof(float)], ReadOnlyMemory<byte>.Empty)
        {
            ExternalLocation = DataFileName,
            ExternalLength = bytes,
        };
        new OnnxModel(new OnnxGraph(
            "large_external",
            [new("Gather", ["table", "indices"], ["addend"], [OnnxAttribute.Int("axis", 0)]), new("Add", ["x", "addend"], ["y"])],
            [table, OnnxTensor.Int64s("indices", [3], 0, 1, 2)],
            [OnnxValueInfo.Tensor("x", OnnxDataType.Float, OnnxDimension.Batch, 3)],
            [OnnxValueInfo.Tensor("y", OnnxDataType.Float, OnnxDimension.Batch, 3)])).Save(path);
    }
}
