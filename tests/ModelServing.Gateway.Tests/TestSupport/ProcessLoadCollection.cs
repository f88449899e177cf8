namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>Tests that load gateway processes (and a proxy) with many connections: run alone, after the parallel tests, so
/// that on a small machine they do not starve the others or each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessLoadCollection
{
    public const string Name = "Gateway processes under load";
}
