namespace ModelServing.Core.Pipeline;

/// <summary>The serving-function stages known by name: the built-in ones and those users register.</summary>
/// <remarks>Immutable after construction; thread-safe. A later factory with the same name replaces an earlier one.</remarks>
public sealed class ServingStageRegistry
{
    private readonly Dictionary<string, IServingStageFactory> _factories = new(StringComparer.Ordinal);

    /// <summary>Creates the registry from the registered factories.</summary>
    public ServingStageRegistry(IEnumerable<IServingStageFactory> factories)
    {
        foreach (var factory in factories)
        {
            _factories[factory.Name] = factory;
        }
    }

    /// <summary>The factory named <paramref name="name"/>, or null.</summary>
    public IServingStageFactory? Find(string name) => _factories.GetValueOrDefault(name);

    /// <summary>Names of the stages of one kind, sorted (for error messages).</summary>
    public IReadOnlyList<string> Names(ServingStageKind kind) =>
        [.. _factories.Values.Where(f => f.Kind == kind).Select(f => f.Name).Order(StringComparer.Ordinal)];
}
