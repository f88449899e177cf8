namespace ModelServing.Onnx.ExternalData;

/// <summary>A tensor of an ONNX model whose data lives in another file (<c>data_location = EXTERNAL</c>).</summary>
/// <param name="TensorName">The tensor's name (may be empty).</param>
/// <param name="Location">Its <c>external_data</c> <c>location</c> entry as written in the model, or null when it has none.</param>
internal readonly record struct ExternalTensor(string TensorName, string? Location);
