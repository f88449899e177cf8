namespace ModelServing.Batch.Tests.TestSupport;

/// <summary>The tests that share one <see cref="ServingFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ServingCollection : ICollectionFixture<ServingFixture>
{
    public const string Name = "serving";
}
