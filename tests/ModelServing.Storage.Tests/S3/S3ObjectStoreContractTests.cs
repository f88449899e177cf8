using Amazon.Runtime;
using ModelServing.Storage.S3;
using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Storage.Tests.S3;

/// <summary>The store contract against a real s3rver.</summary>
public sealed class S3ObjectStoreContractTests(S3rverFixture fixture) : ObjectStoreContractTests, IClassFixture<S3rverFixture>
{
    protected override string WrongSecret => "not-the-secret-0123456789";

    protected override Task PutAsync(string key, byte[] content) => fixture.Server.PutAsync(S3rverFixture.Bucket, $"{Prefix}/{key}", content);

    protected override IObjectStore OpenStore(int pageSize = 1000) => Open($"s3://{S3rverFixture.Bucket}/{Prefix}", S3rver.Credentials, pageSize);

    protected override IObjectStore OpenMissingBucketStore() => Open("s3://no-such-bucket/models", S3rver.Credentials, 1000);

    // s3rver checks the access key of a V4 signature, not the signature itself: an unknown key stands for wrong credentials.
    protected override IObjectStore OpenStoreWithWrongCredentials() =>
        Open($"s3://{S3rverFixture.Bucket}/{Prefix}", new BasicAWSCredentials("UNKNOWNKEY", WrongSecret), 1000);

    private S3ObjectStore Open(string uri, AWSCredentials credentials, int pageSize) =>
        S3ObjectStore.Create(StorageLocation.Parse(uri), new S3StoreSettings(fixture.Server.Endpoint, "us-east-1", credentials, pageSize));
}
