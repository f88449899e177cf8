using System.Collections.Concurrent;
using System.Globalization;

namespace ModelServing.Core.Graph;

/// <summary>
/// The time each step of a composed model took for one call, collected only when the caller asked for it (a host sets
/// <see cref="Current"/> for the call, for example from the <c>X-Step-Timings: true</c> header, and writes them out).
/// </summary>
/// <remarks>Thread-safe. A step that runs more than once in a call (a composed model called by another) adds up.</remarks>
public sealed class StepTimings
{
    private static readonly AsyncLocal<StepTimings?> s_current = new();
    private readonly ConcurrentDictionary<string, double> _milliseconds = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>The collector of the current call, or null when the caller did not ask.</summary>
    public static StepTimings? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    /// <summary>Steps in the order they first finished, with their milliseconds.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Entries => [.. _order.Select(name => new KeyValuePair<string, double>(name, _milliseconds[name]))];

    /// <summary>Adds <paramref name="milliseconds"/> to the step <paramref name="name"/>.</summary>
    public void Add(string name, double milliseconds)
    {
        if (_milliseconds.TryAdd(name, milliseconds))
        {
            _order.Enqueue(name);
        }
        else
        {
            _milliseconds.AddOrUpdate(name, milliseconds, (_, sum) => sum + milliseconds);
        }
    }

    /// <summary>The timings as a <c>Server-Timing</c> header value: <c>detect;dur=41.2, crops;dur=3.0</c>.</summary>
    public string ToServerTiming() =>
        string.Join(", ", Entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key};dur={e.Value:0.###}")));
}
