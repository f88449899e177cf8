namespace ModelServing.Core.Graph;

/// <summary>A value of the graph: <c>inputs.&lt;name&gt;</c> (a public input) or <c>&lt;step&gt;.&lt;output&gt;</c>.</summary>
/// <param name="Step">The step's name, or <see cref="InputsStep"/>.</param>
/// <param name="Value">The input's or output's name.</param>
public readonly record struct GraphReference(string Step, string Value)
{
    /// <summary>The pseudo-step whose values are the public inputs.</summary>
    public const string InputsStep = "inputs";

    /// <summary>Parses <c>step.value</c>; null when there is no dot or a side is empty.</summary>
    public static GraphReference? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot <= 0 || dot == text.Length - 1 ? null : new GraphReference(text[..dot], text[(dot + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Step}.{Value}";
}
