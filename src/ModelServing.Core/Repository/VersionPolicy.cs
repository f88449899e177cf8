namespace ModelServing.Core.Repository;

/// <summary>Which version directories of a model are served, as in TF Serving's <c>model_version_policy</c>.</summary>
public abstract record VersionPolicy
{
    private VersionPolicy()
    {
    }

    /// <summary>Serve the <paramref name="count"/> highest versions.</summary>
    public static VersionPolicy Latest(int count) => new LatestPolicy(count);

    /// <summary>Serve every version.</summary>
    public static VersionPolicy All { get; } = new AllPolicy();

    /// <summary>Serve exactly the listed versions (those that exist).</summary>
    public static VersionPolicy Specific(IEnumerable<long> versions) => new SpecificPolicy([.. versions.Order()]);

    /// <summary>Picks the versions to serve from those present on disk.</summary>
    /// <param name="available">Version numbers found on disk.</param>
    /// <returns>The versions to serve, ascending.</returns>
    public abstract IReadOnlyList<long> Select(IEnumerable<long> available);

    /// <summary>The <c>latest N</c> policy.</summary>
    /// <param name="Count">How many of the highest versions to serve.</param>
    internal sealed record LatestPolicy(int Count) : VersionPolicy
    {
        /// <inheritdoc />
        public override IReadOnlyList<long> Select(IEnumerable<long> available) =>
            [.. available.Distinct().OrderDescending().Take(Count).Order()];

        /// <inheritdoc />
        public override string ToString() => $"latest {Count}";
    }

    /// <summary>The <c>all</c> policy.</summary>
    internal sealed record AllPolicy : VersionPolicy
    {
        /// <inheritdoc />
        public override IReadOnlyList<long> Select(IEnumerable<long> available) => [.. available.Distinct().Order()];

        /// <inheritdoc />
        public override string ToString() => "all";
    }

    /// <summary>The <c>specific</c> policy.</summary>
    /// <param name="Versions">The versions to serve.</param>
    internal sealed record SpecificPolicy(IReadOnlyList<long> Versions) : VersionPolicy
    {
        /// <inheritdoc />
        public override IReadOnlyList<long> Select(IEnumerable<long> available) =>
            [.. available.Distinct().Where(Versions.Contains).Order()];

        /// <inheritdoc />
        public override string ToString() => $"specific {string.Join(',', Versions)}";

        /// <inheritdoc />
        public bool Equals(SpecificPolicy? other) => other is not null && Versions.SequenceEqual(other.Versions);

        /// <inheritdoc />
        public override int GetHashCode() => Versions.Aggregate(17, (h, v) => (h * 31) + v.GetHashCode());
    }
}
