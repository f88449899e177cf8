using System.Text.Json;
using ModelServing.Core.Configuration;

namespace ModelServing.Core.Tests.Configuration;

public sealed class ConfigReaderTests
{
    [Fact]
    public void Number_BeyondDoubleRange_SaysFinite()
    {
        using var document = JsonDocument.Parse("""{"failureRatio": 1e400}""");
        var reader = new ConfigReader("m/config.json");

        var value = reader.Number(document.RootElement, "circuitBreaker", "failureRatio", 0.01, 1);

        Assert.Null(value);
        Assert.Equal("m/config.json: circuitBreaker.failureRatio: must be a finite number, not the number 1e400", Assert.Single(reader.Errors).ToString());
    }

    [Fact]
    public void Number_NotANumber_SaysNumber()
    {
        using var document = JsonDocument.Parse("""{"failureRatio": "half"}""");
        var reader = new ConfigReader("m/config.json");

        Assert.Null(reader.Number(document.RootElement, "circuitBreaker", "failureRatio", 0.01, 1));
        Assert.Equal("m/config.json: circuitBreaker.failureRatio: must be a number, not a string", Assert.Single(reader.Errors).ToString());
    }
}
