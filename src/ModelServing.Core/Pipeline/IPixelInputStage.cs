using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline;

/// <summary>An input stage that also takes images already decoded, so a composed model feeds it crops without encoding them.</summary>
/// <remarks>Thread-safe like every <see cref="IInputStage"/>.</remarks>
public interface IPixelInputStage : IInputStage
{
    /// <summary>Resizes and normalizes <paramref name="images"/> into the model input, one row per image, as <see cref="IInputStage.Process"/> would.</summary>
    /// <param name="images">The decoded images.</param>
    /// <param name="context">Per-request state shared with output stages.</param>
    /// <returns>A tensor that fits <see cref="IInputStage.ModelInput"/>.</returns>
    TensorData ProcessPixels(IReadOnlyList<PixelImage> images, ServingContext context);
}
