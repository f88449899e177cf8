using Microsoft.ML.OnnxRuntime;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.Onnx.Tensors;

namespace ModelServing.Onnx.Signatures;

/// <summary>Builds a <see cref="ModelSignature"/> from the input and output metadata of an ONNX Runtime session.</summary>
internal static class OnnxSignatureReader
{
    /// <summary>The signature of <paramref name="session"/>, inputs and outputs in the model's declared order.</summary>
    /// <exception cref="ModelLoadException">An input or output is not a tensor of a servable element type.</exception>
    public static ModelSignature Read(InferenceSession session) =>
        new(
            [.. session.InputNames.Select(name => ToSpec("input", name, session.InputMetadata[name]))],
            [.. session.OutputNames.Select(name => ToSpec("output", name, session.OutputMetadata[name]))]);

    private static TensorSpec ToSpec(string role, string name, NodeMetadata metadata)
    {
        if (metadata.OnnxValueType != OnnxValueType.ONNX_TYPE_TENSOR)
        {
            throw new ModelLoadException(
                $"Failed to load model: {role} '{name}' is a {ValueKindName(metadata.OnnxValueType)}, which cannot be served");
        }

        var dataType = OnnxElementTypes.ToDataType(metadata.ElementDataType)
            ?? throw new ModelLoadException(
                $"Failed to load model: {role} '{name}' has element type {metadata.ElementDataType}, which cannot be served");

        var dims = metadata.Dimensions;
        var symbols = metadata.SymbolicDimensions;
        var shape = new long[dims.Length];
        var names = new string[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            // ONNX Runtime reports symbolic (dim_param) and unknown dimensions as -1; only those carry a name.
            var dynamic = dims[i] < 0;
            shape[i] = dynamic ? -1 : dims[i];
            names[i] = dynamic && i < symbols.Length ? symbols[i] ?? string.Empty : string.Empty;
        }

        return new TensorSpec(name, dataType, shape, names);
    }

    private static string ValueKindName(OnnxValueType valueType) => valueType switch
    {
        OnnxValueType.ONNX_TYPE_SEQUENCE => "sequence",
        OnnxValueType.ONNX_TYPE_MAP => "map",
        OnnxValueType.ONNX_TYPE_OPTIONAL => "optional value",
        OnnxValueType.ONNX_TYPE_SPARSETENSOR => "sparse tensor",
        OnnxValueType.ONNX_TYPE_OPAQUE => "opaque value",
        _ => "value of unknown kind",
    };
}
