using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

/// <summary>Rows <c>[Start, Start + Count)</c> of a tensor along dimension 0.</summary>
internal readonly record struct RowRange(TensorData Tensor, long Start, long Count);
