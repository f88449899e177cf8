using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline;

/// <summary>Turns one model output (or an earlier stage's output) into what clients receive.</summary>
/// <remarks>Thread-safe: one instance serves every request of a model version.</remarks>
public interface IOutputStage
{
    /// <summary>What the stage produces (its public name, type and shape).</summary>
    TensorSpec Output { get; }

    /// <summary>Converts the source tensor for the whole request.</summary>
    /// <param name="source">The tensor named by the stage's <c>tensor</c>.</param>
    /// <param name="context">Per-request state written by input stages.</param>
    TensorData Process(TensorData source, ServingContext context);
}
