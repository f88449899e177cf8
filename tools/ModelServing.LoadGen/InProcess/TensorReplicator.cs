using ModelServing.Core.Tensors;

namespace ModelServing.LoadGen.InProcess;

/// <summary>Builds batches of any size from the first instance of a request.</summary>
internal static class TensorReplicator
{
    /// <summary>Returns tensors holding <paramref name="copies"/> copies of row 0 of every input.</summary>
    /// <exception cref="InvalidOperationException">An input has no batch dimension.</exception>
    public static Dictionary<string, TensorData> Replicate(IReadOnlyDictionary<string, TensorData> inputs, int copies)
    {
        var result = new Dictionary<string, TensorData>(inputs.Count, StringComparer.Ordinal);
        foreach (var (name, tensor) in inputs)
        {
            if (tensor.Shape.Count == 0 || tensor.Shape[0] < 1)
            {
                throw new InvalidOperationException($"Input '{name}' ({tensor}) has no instance to copy.");
            }

            var perRow = (int)(tensor.ElementCount / tensor.Shape[0]);
            var data = Array.CreateInstance(tensor.Data.GetType().GetElementType()!, (long)perRow * copies);
            for (var i = 0; i < copies; i++)
            {
                Array.Copy(tensor.Data, 0, data, (long)i * perRow, perRow);
            }

            long[] shape = [copies, .. tensor.Shape.Skip(1)];
            result[name] = TensorData.Create(tensor.DataType, data, shape);
        }

        return result;
    }

    /// <summary>Bytes of the model inputs (strings count their byte lengths).</summary>
    public static long SizeInBytes(IReadOnlyDictionary<string, TensorData> inputs) =>
        inputs.Values.Sum(t => t.Data is byte[][] strings ? strings.Sum(s => (long)s.Length) : t.ElementCount * ElementSize(t.Data));

    private static int ElementSize(Array data) =>
        data.GetType().GetElementType() is { IsPrimitive: true } type ? System.Runtime.InteropServices.Marshal.SizeOf(type) : 8;
}
