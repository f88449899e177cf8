namespace ModelServing.ModelGen.Onnx;

/// <summary>One dimension of a declared shape: a fixed size or a symbolic name (<c>TensorShapeProto.Dimension</c>).</summary>
/// <param name="Value">The size, when fixed.</param>
/// <param name="Param">The symbolic name (<c>batch</c>), when dynamic.</param>
public readonly record struct OnnxDimension(long? Value, string? Param)
{
    /// <summary>The dynamic batch dimension used by every generated model.</summary>
    public static OnnxDimension Batch { get; } = Symbolic("batch");

    /// <summary>A fixed dimension.</summary>
    public static OnnxDimension Fixed(long value) => new(value, null);

    /// <summary>A symbolic (dynamic) dimension.</summary>
    public static OnnxDimension Symbolic(string name) => new(null, name);

    /// <summary>A fixed dimension.</summary>
    public static implicit operator OnnxDimension(long value) => Fixed(value);
}
