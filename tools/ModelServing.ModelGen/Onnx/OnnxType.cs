using Google.Protobuf;

namespace ModelServing.ModelGen.Onnx;

/// <summary>The type of a graph input or output (<c>TypeProto</c>): a tensor or a sequence of them.</summary>
public abstract record OnnxType
{
    private protected OnnxType()
    {
    }

    /// <summary>A tensor of <paramref name="elementType"/> with the given dimensions.</summary>
    public static OnnxType Tensor(OnnxDataType elementType, params OnnxDimension[] shape) => new TensorType(elementType, shape);

    /// <summary>A sequence whose elements have type <paramref name="elementType"/>.</summary>
    public static OnnxType Sequence(OnnxType elementType) => new SequenceType(elementType);

    internal abstract void WriteTo(CodedOutputStream output);

    /// <summary>A tensor type (<c>TypeProto.tensor_type</c> = 1).</summary>
    /// <param name="ElementType">Element type.</param>
    /// <param name="Shape">Dimensions.</param>
    public sealed record TensorType(OnnxDataType ElementType, IReadOnlyList<OnnxDimension> Shape) : OnnxType
    {
        internal override void WriteTo(CodedOutputStream output) =>
            ProtoWriter.WriteMessage(output, 1, tensor =>
            {
                // TypeProto.Tensor: elem_type = 1, shape = 2.
                ProtoWriter.WriteInt32(tensor, 1, (int)ElementType);
                ProtoWriter.WriteMessage(tensor, 2, shape =>
                {
                    foreach (var dim in Shape)
                    {
                        // TensorShapeProto.dim = 1; Dimension: dim_value = 1, dim_param = 2.
                        ProtoWriter.WriteMessage(shape, 1, d =>
                        {
                            if (dim.Param is { } param)
                            {
                                ProtoWriter.WriteString(d, 2, param);
                            }
                            else
                            {
                                ProtoWriter.WriteInt64(d, 1, dim.Value ?? 0);
                            }
                        });
                    }
                });
            });
    }

    /// <summary>A sequence type (<c>TypeProto.sequence_type</c> = 4).</summary>
    /// <param name="ElementType">The type of every element.</param>
    public sealed record SequenceType(OnnxType ElementType) : OnnxType
    {
        // TypeProto.Sequence: elem_type = 1 (a TypeProto).
        internal override void WriteTo(CodedOutputStream output) =>
            ProtoWriter.WriteMessage(output, 4, sequence => ProtoWriter.WriteMessage(sequence, 1, ElementType.WriteTo));
    }
}
