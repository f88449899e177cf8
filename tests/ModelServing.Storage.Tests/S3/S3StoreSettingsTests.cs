using ModelServing.Storage.S3;

namespace ModelServing.Storage.Tests.S3;

public sealed class S3StoreSettingsTests
{
    [Fact]
    public void FromEnvironment_ServiceSpecificAndGeneralEndpoint_ServiceSpecificWins()
    {
        var settings = S3StoreSettings.FromEnvironment(Variables(("AWS_ENDPOINT_URL", "http://general:9000"), ("AWS_ENDPOINT_URL_S3", "http://s3only:9000")));

        Assert.Equal(new Uri("http://s3only:9000"), settings.ServiceUrl);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000", true)]
    [InlineData("http://localhost:9000", true)]
    [InlineData("http://[::1]:9000", true)]
    [InlineData("http://minio.local:9000", false)]
    [InlineData("https://s3.eu-west-1.amazonaws.com", false)]
    public void PathStyle_Endpoint_OnlyForIpAddressesAndLocalhost(string endpoint, bool pathStyle) =>
        Assert.Equal(pathStyle, S3StoreSettings.FromEnvironment(Variables(("AWS_ENDPOINT_URL", endpoint))).PathStyle);

    [Fact]
    public void FromEnvironment_IgnoreConfiguredEndpoints_NoEndpoint()
    {
        var settings = S3StoreSettings.FromEnvironment(Variables(("AWS_ENDPOINT_URL", "http://127.0.0.1:9000"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")));

        Assert.Null(settings.ServiceUrl);
        Assert.False(settings.PathStyle);
    }

    [Fact]
    public void FromEnvironment_RegionVariables_AwsRegionBeforeDefaultRegion()
    {
        Assert.Equal("eu-west-1", S3StoreSettings.FromEnvironment(Variables(("AWS_REGION", "eu-west-1"), ("AWS_DEFAULT_REGION", "us-west-2"))).Region);
        Assert.Equal("us-west-2", S3StoreSettings.FromEnvironment(Variables(("AWS_DEFAULT_REGION", "us-west-2"))).Region);
    }

    [Theory]
    [InlineData("ftp://host")]
    [InlineData("not a url")]
    public void FromEnvironment_EndpointNotHttp_FormatExceptionNamingTheVariable(string endpoint)
    {
        var ex = Assert.Throws<FormatException>(() => S3StoreSettings.FromEnvironment(Variables(("AWS_ENDPOINT_URL", endpoint))));

        Assert.Contains("AWS_ENDPOINT_URL", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789abcdef0123456789abcdef-3", false)]
    [InlineData("", false)]
    public void Md5FromETag_SingleOrMultipart_OnlySinglePartIsAnMd5(string etag, bool isMd5) =>
        Assert.Equal(isMd5, S3ObjectStore.Md5FromETag(etag) is { Kind: ChecksumKind.Md5 });

    [Theory]
    [InlineData("AAAAAA==", true)]
    [InlineData("AAAAAA==-4", false)]
    [InlineData("AAAAAAAA", false)]
    public void Crc32CFromHeader_FullOrComposite_OnlyAFullObjectChecksum(string value, bool full) =>
        Assert.Equal(full, S3ObjectStore.Crc32CFromHeader(value) is { Kind: ChecksumKind.Crc32C });

    private static Func<string, string?> Variables(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
