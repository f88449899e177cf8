namespace ModelServing.Storage.Tests;

public sealed class StorageLocationTests
{
    [Theory]
    [InlineData("gs://bucket/models/", StorageKind.Gcs, null, "bucket", "models")]
    [InlineData("s3://bucket", StorageKind.S3, null, "bucket", "")]
    [InlineData("s3://bucket/a/b", StorageKind.S3, null, "bucket", "a/b")]
    [InlineData("az://acct/container/models", StorageKind.AzureBlob, "acct", "container", "models")]
    [InlineData("https://acct.blob.core.windows.net/container", StorageKind.AzureBlob, "acct", "container", "")]
    public void Parse_SupportedForms_GivesStoreBucketAndPrefix(string uri, StorageKind kind, string? account, string bucket, string prefix)
    {
        var location = StorageLocation.Parse(uri);

        Assert.Equal(new StorageLocation(kind, account, bucket, prefix, uri), location);
    }

    [Theory]
    [InlineData("models")]
    [InlineData("/var/models")]
    [InlineData("file:///var/models")]
    [InlineData("https://example.com/models")]
    public void IsRemote_LocalOrOtherUri_False(string value) => Assert.False(StorageLocation.IsRemote(value));

    [Theory]
    [InlineData("az://acct")]
    [InlineData("https://acct.blob.core.windows.net/container?sv=2024&sig=secret")]
    [InlineData("s3://user:secret@bucket/models")]
    public void Parse_NoContainerOrCredentialsInUri_FormatExceptionWithoutSecret(string uri)
    {
        var ex = Assert.Throws<FormatException>(() => StorageLocation.Parse(uri));

        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }
}
