using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

/// <summary>Which inputs and outputs of a model carry the batch dimension, and which requests may share a batch.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class BatchLayout
{
    private readonly FrozenSet<string> _batchInputs;
    private readonly FrozenSet<string> _unbatchedOutputs;
    private readonly bool _pad;

    public BatchLayout(ModelSignature signature, bool padVariableLength)
    {
        _batchInputs = signature.Inputs.Where(s => s.HasBatchDimension).Select(s => s.Name).ToFrozenSet(StringComparer.Ordinal);
        _unbatchedOutputs = signature.Outputs.Where(s => !s.HasBatchDimension).Select(s => s.Name).ToFrozenSet(StringComparer.Ordinal);
        _pad = padVariableLength;
    }

    /// <summary>True when at least one input has a batch dimension, so the model can be batched at all.</summary>
    public bool HasBatchInputs => _batchInputs.Count > 0;

    public bool IsBatchInput(string name) => _batchInputs.Contains(name);

    /// <summary>True unless the signature declares the output without a batch dimension (unknown outputs are batched).</summary>
    public bool OutputHasBatch(string name) => !_unbatchedOutputs.Contains(name);

    /// <summary>
    /// The request's rows (dimension 0 shared by its batch inputs), or -1 when it has no batch input or its batch inputs
    /// differ in dimension 0 (TF Serving's columnar format allows it): such a request is not batched, it runs alone.
    /// </summary>
    /// <param name="inputs">The request's inputs.</param>
    /// <param name="groupHash">Hash of everything that must be equal for two requests to share a batch.</param>
    /// <exception cref="ServingException">A batch input is a scalar.</exception>
    public long Describe(IReadOnlyDictionary<string, TensorData> inputs, out int groupHash)
    {
        long rows = -1;
        var batchInputs = 0;
        var ragged = false;
        var hash = 0;
        foreach (var (name, tensor) in inputs)
        {
            var item = new HashCode();
            item.Add(name, StringComparer.Ordinal);
            item.Add(tensor.DataType);
            item.Add(tensor.Shape.Count);
            if (IsBatchInput(name))
            {
                if (tensor.Shape.Count == 0)
                {
                    throw ServingException.Invalid($"Input {name} needs a batch dimension but is a scalar.");
                }

                // Rows cannot be joined or cut apart when the inputs disagree on them.
                ragged |= batchInputs > 0 && tensor.Shape[0] != rows;

                rows = tensor.Shape[0];
                batchInputs++;
                AddDimensions(ref item, tensor, from: _pad ? tensor.Shape.Count : 1);
            }
            else
            {
                AddDimensions(ref item, tensor, from: 0);
                AddContents(ref item, tensor);
            }

            // Order-independent: the dictionaries of two compatible requests may enumerate differently.
            hash = unchecked(hash + item.ToHashCode());
        }

        groupHash = hash;
        return ragged ? -1 : rows;
    }

    /// <summary>True when two requests may share a batch: same inputs, types and ranks, equal non-batch dimensions of
    /// batch inputs (unless padding), and equal values of inputs without a batch dimension.</summary>
    public bool Compatible(IReadOnlyDictionary<string, TensorData> a, IReadOnlyDictionary<string, TensorData> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (name, x) in a)
        {
            if (!b.TryGetValue(name, out var y) || x.DataType != y.DataType || x.Shape.Count != y.Shape.Count)
            {
                return false;
            }

            var batch = IsBatchInput(name);
            if (!(batch && _pad) && !SameDimensions(x, y, from: batch ? 1 : 0))
            {
                return false;
            }

            if (!batch && !SameContents(x, y))
            {
                return false;
            }
        }

        return true;
    }

    private static void AddDimensions(ref HashCode hash, TensorData tensor, int from)
    {
        for (var d = from; d < tensor.Shape.Count; d++)
        {
            hash.Add(tensor.Shape[d]);
        }
    }

    private static void AddContents(ref HashCode hash, TensorData tensor)
    {
        switch (tensor.Data)
        {
            case byte[][] strings:
                foreach (var s in strings)
                {
                    hash.Add(s.Length);
                    hash.AddBytes(s);
                }

                break;
            case JsonNode?[]:
                break;
            default:
                hash.AddBytes(RawBytes(tensor));
                break;
        }
    }

    private static bool SameDimensions(TensorData x, TensorData y, int from)
    {
        for (var d = from; d < x.Shape.Count; d++)
        {
            if (x.Shape[d] != y.Shape[d])
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameContents(TensorData x, TensorData y)
    {
        switch (x.Data)
        {
            case byte[][] xs:
                var ys = (byte[][])y.Data;
                for (var i = 0; i < xs.Length; i++)
                {
                    if (!xs[i].AsSpan().SequenceEqual(ys[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonNode?[] xj:
                var yj = (JsonNode?[])y.Data;
                for (var i = 0; i < xj.Length; i++)
                {
                    if (!JsonNode.DeepEquals(xj[i], yj[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                // Bitwise: NaN equals the same NaN, and 0 and -0 do not batch together, which is only ever conservative.
                return RawBytes(x).SequenceEqual(RawBytes(y));
        }
    }

    private static ReadOnlySpan<byte> RawBytes(TensorData tensor) =>
        MemoryMarshal.CreateReadOnlySpan(
            ref MemoryMarshal.GetArrayDataReference(tensor.Data),
            checked((int)(tensor.ElementCount * TensorDataTypes.ElementSize(tensor.DataType))));
}
