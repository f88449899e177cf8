namespace ModelServing.Batch.Engine;

/// <summary>A chunk's output lines and counts, predicted and waiting to be committed.</summary>
/// <param name="Number">The chunk.</param>
/// <param name="Results">Its results lines.</param>
/// <param name="Errors">Its errors lines.</param>
/// <param name="Succeeded">Its predicted instances.</param>
/// <param name="Failed">Its failed instances.</param>
internal sealed record PredictedChunk(long Number, ReadOnlyMemory<byte> Results, ReadOnlyMemory<byte> Errors, long Succeeded, long Failed);
