using System.Text;
using System.Text.Json.Nodes;
using ModelServing.Core.Batching;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.Batching;

public class TensorBatchingTests
{
    public static TheoryData<TensorDataType> AllTypes => [.. Enum.GetValues<TensorDataType>()];

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void ConcatenateSlice_RoundTrip_RestoresEveryElement(TensorDataType type)
    {
        // Arrange: 5 rows of 2 x 3.
        var original = Sample(type, 5, 2, 3);

        // Act
        var parts = new[] { TensorBatching.Slice(original, 0, 2), TensorBatching.Slice(original, 2, 0), TensorBatching.Slice(original, 2, 3) };
        var joined = TensorBatching.Concatenate(parts);

        // Assert
        Assert.Equal([2L, 2, 3], parts[0].Shape);
        Assert.Equal([0L, 2, 3], parts[1].Shape);
        Assert.Equal(type, joined.DataType);
        Assert.Equal(original.Shape, joined.Shape);
        Assert.Equal(original.Data.GetType(), joined.Data.GetType());
        AssertSameElements([.. Elements(original.Data)], joined.Data);
        AssertSameElements([.. Elements(original.Data).Skip(12)], parts[2].Data);
    }

    [Fact]
    public void Slice_WholeTensor_ReturnsItself()
    {
        // Arrange
        var tensor = Sample(TensorDataType.Float, 3, 2);

        // Act
        var slice = TensorBatching.Slice(tensor, 0, 3);

        // Assert
        Assert.Same(tensor, slice);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 4)]
    [InlineData(2, 2)]
    [InlineData(4, 0)]
    public void Slice_RangeOutsideTensor_Throws(long start, long count)
    {
        // Arrange
        var tensor = Sample(TensorDataType.Int32, 3, 2);

        // Act / Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorBatching.Slice(tensor, start, count));
    }

    [Fact]
    public void Concatenate_DifferentNonBatchDimensions_Throws()
    {
        // Arrange
        var parts = new[] { Sample(TensorDataType.Float, 1, 2), Sample(TensorDataType.Float, 1, 3) };

        // Act / Assert
        Assert.Throws<ArgumentException>(() => TensorBatching.Concatenate(parts));
    }

    [Fact]
    public void Concatenate_DifferentTypesOrScalar_Throws()
    {
        // Arrange
        var mixed = new[] { Sample(TensorDataType.Float, 1, 2), Sample(TensorDataType.Double, 1, 2) };
        var scalars = new[] { TensorData.FromFloats([1f]), TensorData.FromFloats([2f]) };

        // Act / Assert
        Assert.Throws<ArgumentException>(() => TensorBatching.Concatenate(mixed));
        Assert.Throws<ArgumentException>(() => TensorBatching.Concatenate(scalars));
        Assert.Throws<ArgumentException>(() => TensorBatching.Concatenate([]));
    }

    [Fact]
    public void PadAndConcatenate_DifferentWidths_PadsWithZerosAndReportsShapes()
    {
        // Arrange: [1, 2, 2] and [1, 1, 3] -> [2, 2, 3].
        var a = TensorData.FromFloats([1f, 2f, 3f, 4f], 1, 2, 2);
        var b = TensorData.FromFloats([5f, 6f, 7f], 1, 1, 3);

        // Act
        var joined = TensorBatching.PadAndConcatenate([a, b], out var shapes);

        // Assert
        Assert.Equal([2L, 2, 3], joined.Shape);
        Assert.Equal([1f, 2f, 0f, 3f, 4f, 0f, 5f, 6f, 7f, 0f, 0f, 0f], joined.As<float>());
        Assert.Equal([[1L, 2, 2], [1L, 1, 3]], shapes);
    }

    [Fact]
    public void PadAndConcatenate_Strings_PadsWithEmptyStrings()
    {
        // Arrange
        var a = TensorData.FromBytes([Utf8("a")], 1, 1);
        var b = TensorData.FromBytes([Utf8("b"), Utf8("c")], 1, 2);

        // Act
        var joined = TensorBatching.PadAndConcatenate([a, b], out _);

        // Assert
        Assert.Equal([2L, 2], joined.Shape);
        Assert.Equal(["a", "", "b", "c"], joined.As<byte[]>().Select(Encoding.UTF8.GetString));
    }

    private static TensorData Sample(TensorDataType type, params long[] shape)
    {
        var count = (int)TensorData.ElementCountOf(shape);
        var data = Array.CreateInstance(TensorDataTypes.ClrType(type), count);
        for (var i = 0; i < count; i++)
        {
            data.SetValue(Element(type, i), i);
        }

        return TensorData.Create(type, data, shape);
    }

    private static object? Element(TensorDataType type, int i) => type switch
    {
        TensorDataType.Float => i + 0.5f,
        TensorDataType.Double => i + 0.25,
        TensorDataType.Float16 => (Half)i,
        TensorDataType.BFloat16 => (ushort)(0x3F80 + i),
        TensorDataType.Int8 => (sbyte)-i,
        TensorDataType.Int16 => (short)(i * 300),
        TensorDataType.Int32 => i * 70_000,
        TensorDataType.Int64 => i * 5_000_000_000L,
        TensorDataType.UInt8 => (byte)i,
        TensorDataType.UInt16 => (ushort)(i * 1000),
        TensorDataType.UInt32 => (uint)i * 3_000_000_000u / 10,
        TensorDataType.UInt64 => ulong.MaxValue - (ulong)i,
        TensorDataType.Bool => i % 3 == 0,
        TensorDataType.String => Utf8($"s{i}"),
        TensorDataType.Json => i % 4 == 0 ? null : JsonNode.Parse($$"""{"i":{{i}}}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static void AssertSameElements(object?[] left, Array actual)
    {
        var right = Elements(actual).ToArray();
        Assert.Equal(left.Length, right.Length);
        for (var i = 0; i < left.Length; i++)
        {
            switch (left[i])
            {
                case byte[] bytes:
                    Assert.Equal(bytes, (byte[])right[i]!);
                    break;
                case JsonNode node:
                    Assert.True(JsonNode.DeepEquals(node, (JsonNode?)right[i]));
                    break;
                default:
                    Assert.Equal(left[i], right[i]);
                    break;
            }
        }
    }

    private static IEnumerable<object?> Elements(Array array) => array.Cast<object?>();

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
