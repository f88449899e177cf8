using System.Globalization;

namespace ModelServing.BatchCli.Profiling;

/// <summary>What the profile optimizes: the most throughput whose p99 latency stays within a budget, or the most throughput.</summary>
/// <param name="P99">The p99 latency budget; null for maximum throughput.</param>
internal sealed record ProfileTarget(TimeSpan? P99)
{
    /// <summary>The target of <c>--target max-throughput</c>.</summary>
    public static ProfileTarget MaxThroughput { get; } = new((TimeSpan?)null);

    /// <summary>Whether a point meets the target (answers, no errors and, with a budget, p99 within it).</summary>
    public bool IsMet(TrialPoint point) => point.Requests > 0 && point.Errors == 0 && (P99 is not { } budget || point.P99Milliseconds <= budget.TotalMilliseconds);

    /// <summary>Parses a duration such as <c>50ms</c>, <c>1.5s</c>, <c>800us</c> (a bare number is milliseconds).</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 1.0),
            _ when text.EndsWith("us", StringComparison.OrdinalIgnoreCase) || text.EndsWith("µs", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith("min", StringComparison.OrdinalIgnoreCase) => (text[..^3], 60_000.0),
            _ when text.EndsWith('m') => (text[..^1], 60_000.0),
            _ when text.EndsWith('s') => (text[..^1], 1000.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || amount * scale > TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(amount * scale);
        return true;
    }

    /// <summary>The target as shown in reports.</summary>
    public override string ToString() =>
        P99 is { } budget ? string.Create(CultureInfo.InvariantCulture, $"p99 <= {budget.TotalMilliseconds:0.###} ms") : "max throughput";
}
