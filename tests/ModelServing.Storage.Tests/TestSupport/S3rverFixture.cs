namespace ModelServing.Storage.Tests.TestSupport;

/// <summary>One s3rver for a test class, with the bucket <see cref="Bucket"/> created.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "models";

    public S3rver Server { get; } = new();

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        await Server.CreateBucketAsync(Bucket);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
