using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline;

/// <summary>Turns one public input (what clients send) into one model input, for a whole request at once.</summary>
/// <remarks>Thread-safe: one instance serves every request of a model version.</remarks>
public interface IInputStage
{
    /// <summary>The input clients send (name, type and shape with the batch dimension first).</summary>
    TensorSpec PublicInput { get; }

    /// <summary>
    /// What <see cref="Process"/> produces: the model input's name, element type and shape (-1 where it varies per request).
    /// </summary>
    /// <remarks>
    /// Checked once against the model input when the pipeline is built; requests are not checked again, so every tensor
    /// <see cref="Process"/> returns must fit it (the runner still refuses a tensor native code could not read safely).
    /// </remarks>
    TensorSpec ModelInput { get; }

    /// <summary>Converts the request's public tensor into the model input tensor.</summary>
    /// <param name="input">The public input, already checked against <see cref="PublicInput"/>.</param>
    /// <returns>A tensor that fits <see cref="ModelInput"/>.</returns>
    /// <param name="context">Per-request state shared with output stages (image geometry, for example).</param>
    /// <exception cref="Errors.ServingException">An instance cannot be converted; the message names the instance.</exception>
    TensorData Process(TensorData input, ServingContext context);
}
