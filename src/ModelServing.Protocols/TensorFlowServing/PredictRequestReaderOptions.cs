namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Limits and switches for <see cref="PredictRequestReader"/>.</summary>
public sealed record PredictRequestReaderOptions
{
    /// <summary>Deepest JSON nesting accepted (objects and arrays, the top-level object included).</summary>
    /// <value>Default 64. Deeper documents are rejected as invalid input before any recursion can exhaust the stack.</value>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Whether a top-level <c>parameters</c> key (Vertex AI) is returned in <see cref="PredictRequest.Parameters"/>.</summary>
    /// <value>Default true. When false the key is ignored like any other unknown top-level key, as TF Serving does.</value>
    public bool AllowParameters { get; init; } = true;
}
