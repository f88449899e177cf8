namespace ModelServing.Batch;

/// <summary>How instances are shaped before they are sent (Vertex AI <c>instanceConfig</c>).</summary>
public sealed record InstanceConfig
{
    /// <summary><c>object</c> or <c>array</c>; null keeps each format's natural shape (csv rows as arrays, jsonl as is).</summary>
    public string? InstanceType { get; init; }

    /// <summary>Only these fields are sent, in this order (also the order of array instances).</summary>
    public IReadOnlyList<string> IncludedFields { get; init; } = [];

    /// <summary>These fields are not sent.</summary>
    public IReadOnlyList<string> ExcludedFields { get; init; } = [];

    /// <summary>A field whose value identifies the instance: the output line carries <c>"key"</c> instead of <c>"instance"</c>, and the field is not sent.</summary>
    public string? KeyField { get; init; }

    /// <summary>True when nothing is configured: instances go as read.</summary>
    public bool IsPassThrough =>
        InstanceType is null && IncludedFields.Count == 0 && ExcludedFields.Count == 0 && KeyField is null;

    /// <summary>The configuration's problems, empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (InstanceType is not null and not "object" and not "array")
        {
            yield return $"instanceType must be \"object\" or \"array\", not \"{InstanceType}\"";
        }

        if (IncludedFields.Count > 0 && ExcludedFields.Count > 0)
        {
            yield return "includedFields and excludedFields cannot both be set";
        }

        if (KeyField is not null && IncludedFields.Contains(KeyField, StringComparer.Ordinal))
        {
            yield return $"keyField \"{KeyField}\" cannot also be an included field";
        }
    }
}
