namespace ModelServing.Onnx;

/// <summary>What an ONNX Runtime run error says: whether the caller's input values caused it, and text a caller may see.</summary>
/// <param name="CausedByInput">
/// True when the runtime refused the values or shapes it was given (its <c>InvalidArgument</c> code, or a kernel's shape or
/// value check), which says nothing about the runtime's health; false for failures of the runtime itself.
/// </param>
/// <param name="Detail">The runtime's reason without graph node and operator names, source locations or paths; null when none is safe.</param>
internal readonly record struct OrtRunFailure(bool CausedByInput, string? Detail);
