using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.Pipeline;

public sealed class ServingContextTests
{
    private static readonly ImageRegion[] s_page = [new(800, 600, 960, 736, 0, 0, 800 / 960.0, 600 / 736.0)];
    private static readonly ImageRegion[] s_lines = [new(480, 64, 144, 48, 0, 0, 480 / 144.0, 64 / 48.0), new(100, 50, 96, 48, 0, 0, 100 / 96.0, 50 / 48.0)];

    [Fact]
    public void TryGetImageRegions_ByInputName_ReturnsThatInputsRegions()
    {
        var context = new ServingContext();
        context.SetImageRegions("page", s_page);
        context.SetImageRegions("lines", s_lines);

        Assert.True(context.TryGetImageRegions("page", out var page));
        Assert.True(context.TryGetImageRegions("lines", out var lines));
        Assert.True(context.TryGetImageRegions(null, out var latest));
        Assert.False(context.TryGetImageRegions("other", out _));
        Assert.Same(s_page, page);
        Assert.Same(s_lines, lines);
        Assert.Same(s_lines, latest);
    }

    [Fact]
    public void TryGetImageRegions_NothingRecorded_ReturnsFalseAndTheBagHoldsNoImageEntry()
    {
        var context = new ServingContext();

        Assert.False(context.TryGetImageRegions(null, out var regions));
        Assert.Empty(regions);
        Assert.False(context.TryGet<ImageRegion[]>("image-regions:", out _));
    }

    [Fact]
    public void ReturnRentedArrays_AfterARequest_NextRequestReusesTheArray()
    {
        long[] shape = [1, 3, 41, 97]; // 47 KB of floats, a length no other test uses
        var first = new ServingContext();
        var tensor = first.RentTensor(TensorDataType.Float, shape);
        first.ReturnRentedArrays(new Dictionary<string, TensorData> { ["y"] = TensorData.FromFloats([1f], 1) });

        var next = new ServingContext().RentTensor(TensorDataType.Float, shape);

        Assert.Same(tensor.Data, next.Data);
        Assert.Equal(shape, next.Shape);
    }

    [Fact]
    public void ReturnRentedArrays_OutputAliasesTheInput_KeepsTheArrayOutOfThePool()
    {
        long[] shape = [1, 3, 43, 97];
        var first = new ServingContext();
        var tensor = first.RentTensor(TensorDataType.Float, shape);
        first.ReturnRentedArrays(new Dictionary<string, TensorData> { ["echo"] = tensor });

        var next = new ServingContext().RentTensor(TensorDataType.Float, shape);

        Assert.NotSame(tensor.Data, next.Data);
    }
}
