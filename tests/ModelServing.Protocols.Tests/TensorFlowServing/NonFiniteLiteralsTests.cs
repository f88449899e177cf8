using System.Text;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

public class NonFiniteLiteralsTests
{
    [Fact]
    public void Rewrite_NoLiterals_ReturnsNull()
    {
        // Arrange
        var json = """{"instances": ["NaN", "Infinity", "\"NaN"], "Inf": 1e5}"""u8;

        // Act
        var rewritten = NonFiniteLiterals.Rewrite(json, out var literals);

        // Assert
        Assert.Null(rewritten);
        Assert.Null(literals);
    }

    [Fact]
    public void Rewrite_Literals_KeepsEveryOffsetAndRecordsValues()
    {
        // Arrange
        var json = "[NaN, -Infinity,Inf,\n-NaN ,\"NaN\", -Inf]"u8;

        // Act
        var rewritten = NonFiniteLiterals.Rewrite(json, out var literals);

        // Assert
        Assert.Equal("[0  , 0        ,0  ,\n0    ,\"NaN\", 0   ]", Encoding.UTF8.GetString(rewritten!));
        Assert.True(literals!.TryGet(6, out var negativeInfinity, out var length));
        Assert.Equal(double.NegativeInfinity, negativeInfinity);
        Assert.Equal(9, length);
        Assert.True(literals.TryGet(21, out var negativeNaN, out _));
        Assert.True(double.IsNaN(negativeNaN));
        Assert.False(literals.TryGet(1 + 1, out _, out _));
    }

    [Theory]
    [InlineData("[1NaN]")]
    [InlineData("[1-NaN]")]
    [InlineData("[--NaN]")]
    [InlineData("[NaNa]")]
    [InlineData("[Infinit]")]
    [InlineData("{NaN: 1}")]
    [InlineData("[\"a\\\\\"NaN]")]
    public void Rewrite_LiteralWhereNoValueMayBe_IsLeftForTheParserToRefuse(string json)
    {
        // Act
        var rewritten = NonFiniteLiterals.Rewrite(Encoding.UTF8.GetBytes(json), out _);

        // Assert
        Assert.Null(rewritten);
    }

    [Fact]
    public void Rewrite_UnterminatedString_StopsWithoutThrowing()
    {
        // Act
        var rewritten = NonFiniteLiterals.Rewrite("[NaN, \"abc\\"u8, out var literals);

        // Assert
        Assert.Equal("[0  , \"abc\\", Encoding.UTF8.GetString(rewritten!));
        Assert.True(literals!.AnyWithin(0, 4));
        Assert.False(literals.AnyWithin(2, 10));
    }
}
