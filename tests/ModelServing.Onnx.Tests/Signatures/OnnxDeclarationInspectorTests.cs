using ModelServing.ModelGen;
using ModelServing.ModelGen.Onnx;
using ModelServing.Onnx.Signatures;
using ModelServing.Onnx.Tests.TestSupport;

namespace ModelServing.Onnx.Tests.Signatures;

public sealed class OnnxDeclarationInspectorTests : IClassFixture<ModelDirectory>
{
    private readonly ModelDirectory _models;

    public OnnxDeclarationInspectorTests(ModelDirectory models)
    {
        _models = models;
    }

    [Theory]
    [InlineData(ModelDirectory.Loans)]
    [InlineData(ModelDirectory.IdentityAllTypes)]
    [InlineData(ModelDirectory.StringEcho)]
    public void DescribeUnservableValue_ServableModel_ReturnsNull(string model)
    {
        Assert.Null(OnnxDeclarationInspector.DescribeUnservableValue(_models.ModelPath(model)));
    }

    [Fact]
    public void DescribeUnservableValue_SequenceOutput_NamesOutput()
    {
        Assert.Equal(
            "output 'items' is a sequence",
            OnnxDeclarationInspector.DescribeUnservableValue(_models.ModelPath(ModelDirectory.SequenceOutput)));
    }

    [Fact]
    public void DescribeUnservableValue_Float8Input_NamesInputAndType()
    {
        var path = Path.Combine(_models.Root, "inspect_float8", "model.onnx");
        TestModels.WriteUnusedInput(path, OnnxDataType.Float8E4M3FN);

        Assert.Equal("input 'z' has element type float8e4m3fn", OnnxDeclarationInspector.DescribeUnservableValue(path));
    }

    [Fact]
    public void DescribeUnservableValue_GarbageOrMissingFile_ReturnsNull()
    {
        var path = Path.Combine(_models.Root, "inspect_garbage.onnx");
        File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);

        Assert.Null(OnnxDeclarationInspector.DescribeUnservableValue(path));
        Assert.Null(OnnxDeclarationInspector.DescribeUnservableValue(Path.Combine(_models.Root, "nothing-here.onnx")));
    }
}
