namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>How a TF Serving predict request laid out its tensors, which also decides the response layout.</summary>
public enum PredictRequestFormat
{
    /// <summary><c>{"instances": [...]}</c>: one entry per batch item; answered with <c>{"predictions": ...}</c>.</summary>
    Row,

    /// <summary><c>{"inputs": ...}</c>: whole named tensors; answered with <c>{"outputs": ...}</c>.</summary>
    Columnar,
}
