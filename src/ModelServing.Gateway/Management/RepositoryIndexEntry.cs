using System.Text.Json.Serialization;

namespace ModelServing.Gateway.Management;

/// <summary>One row of the repository index: a model version and its state (Triton's repository index shape).</summary>
/// <param name="Name">The model name.</param>
/// <param name="Version">The version number, or null for a model with no version loaded (e.g. unloaded).</param>
/// <param name="State">START, LOADING, AVAILABLE, UNLOADING, END, or UNAVAILABLE for an unloaded model.</param>
/// <param name="Reason">Why the version is not AVAILABLE (its load error, "unloaded"), or empty.</param>
public sealed record RepositoryIndexEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("reason")] string Reason);
