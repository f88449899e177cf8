using ModelServing.Storage.AzureBlob;

namespace ModelServing.Storage.Tests.AzureBlob;

public sealed class AzureBlobStoreSettingsTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("  ", null)]
    [InlineData(" UseDevelopmentStorage=true ", "UseDevelopmentStorage=true")]
    public void FromEnvironment_ConnectionStringVariable_TrimmedOrNull(string? value, string? expected)
    {
        var settings = AzureBlobStoreSettings.FromEnvironment(name => name == "AZURE_STORAGE_CONNECTION_STRING" ? value : null);

        Assert.Equal(expected, settings.ConnectionString);
    }

    [Fact]
    public void ToString_ConnectionStringWithKey_KeyNotPrinted()
    {
        var settings = new AzureBlobStoreSettings("AccountName=a;AccountKey=c2VjcmV0LWFjY291bnQta2V5;EndpointSuffix=core.windows.net");

        var text = settings.ToString();

        Assert.DoesNotContain("c2VjcmV0LWFjY291bnQta2V5", text, StringComparison.Ordinal);
        Assert.Contains("ConnectionString = (set)", text, StringComparison.Ordinal);
    }
}
