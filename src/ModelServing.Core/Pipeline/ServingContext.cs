namespace ModelServing.Core.Pipeline;

/// <summary>State of one request shared between its stages (input stages write, output stages read).</summary>
/// <remarks>
/// Not thread-safe; belongs to one request. Image geometry travels typed (<see cref="SetImageRegions"/>); the string-keyed
/// items are for custom stages.
/// </remarks>
public sealed partial class ServingContext
{
    private Dictionary<string, object>? _items;

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>.</summary>
    public void Set<T>(string key, T value)
        where T : notnull => (_items ??= new(StringComparer.Ordinal))[key] = value;

    /// <summary>Reads the value stored under <paramref name="key"/>.</summary>
    public bool TryGet<T>(string key, out T value)
    {
        if (_items is not null && _items.TryGetValue(key, out var stored) && stored is T typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }
}
