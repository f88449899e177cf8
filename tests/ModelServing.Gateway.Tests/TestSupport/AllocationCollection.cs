namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>Tests that count every byte the process allocates: they run alone, with no other test beside them.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;
