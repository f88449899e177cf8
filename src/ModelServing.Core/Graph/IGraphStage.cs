using ModelServing.Core.Pipeline;

namespace ModelServing.Core.Graph;

/// <summary>A step of a composed model that transforms values without a model: crop regions, rotate, gather.</summary>
/// <remarks>Thread-safe: one instance serves every request of the composed model's version.</remarks>
public interface IGraphStage
{
    /// <summary>What the stage produces, by output name.</summary>
    IReadOnlyDictionary<string, GraphValueSpec> Outputs { get; }

    /// <summary>Runs the stage on one request's values.</summary>
    /// <param name="inputs">The stage's inputs by name, as its definition declared them.</param>
    /// <param name="context">Per-request state (size limits).</param>
    /// <returns>One value per entry of <see cref="Outputs"/>.</returns>
    /// <exception cref="Errors.ServingException">An instance cannot be processed; the message names it.</exception>
    IReadOnlyDictionary<string, GraphValue> Run(IReadOnlyDictionary<string, GraphValue> inputs, ServingContext context);
}
