using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.ModelGen;
using ModelServing.Onnx.Tests.TestSupport;

namespace ModelServing.Onnx.Tests.ExternalData;

/// <summary>Models with external data load through real ONNX Runtime only when every data file stays in the version directory.</summary>
public sealed class ExternalDataCheckTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("modelserving-external-").FullName;
    private readonly OnnxRunnerFactory _factory = new(NullLogger<OnnxRunnerFactory>.Instance);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string VersionDirectory => Path.Combine(_root, "m", "1");

    private string ModelPath => Path.Combine(VersionDirectory, "model.onnx");

    private Task<IModelRunner> LoadAsync() => _factory.LoadAsync(ModelDirectory.Request(ModelPath), CancellationToken.None);

    private async Task<string> LoadFailureAsync()
    {
        var error = await Assert.ThrowsAsync<ModelLoadException>(LoadAsync);
        Assert.DoesNotContain(_root, error.Message, StringComparison.Ordinal);
        return error.Message;
    }

    [Theory]
    [InlineData("weights.bin")]
    [InlineData("data/addend.bin")]
    public async Task LoadAsync_ExternalDataInsideVersionDirectory_LoadsAndPredicts(string location)
    {
        TestModels.WriteAddConstantExternal(ModelPath, 7, location);

        using var runner = await LoadAsync();
        var outputs = await runner.RunAsync(
            new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1f, 2f, 3f], 1, 3) }, null, CancellationToken.None);

        Assert.Equal([8f, 9f, 10f], outputs["y"].As<float>());
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("data/../../x")]
    [InlineData("../../m/1-other/x")]
    public async Task LoadAsync_LocationEscapingWithDotDot_FailsNamingTheLocation(string location)
    {
        // The data file really exists where the location points: only the check keeps ONNX Runtime from reading it.
        TestModels.WriteAddConstantExternal(ModelPath, 7, location);

        var message = await LoadFailureAsync();

        Assert.Equal($"Failed to load model: external data location '{location}' of tensor 'addend' is outside the version directory", message);
    }

    [Fact]
    public async Task LoadAsync_AbsoluteLocation_FailsWithoutEchoingThePath()
    {
        TestModels.WriteAddConstantExternal(ModelPath, 7, "/etc/passwd");

        var message = await LoadFailureAsync();

        Assert.Equal("Failed to load model: tensor 'addend' has an absolute external data location; locations must be relative to the version directory", message);
        Assert.DoesNotContain("passwd", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_SymbolicLinkToFileOutside_Fails()
    {
        var outside = Path.Combine(_root, "secret.bin");
        File.WriteAllBytes(outside, BitConverter.GetBytes(7f));
        TestModels.WriteAddConstantExternal(ModelPath, 7, "weights.bin");
        File.Delete(Path.Combine(VersionDirectory, "weights.bin"));
        File.CreateSymbolicLink(Path.Combine(VersionDirectory, "weights.bin"), outside);

        var message = await LoadFailureAsync();

        Assert.Equal("Failed to load model: external data location 'weights.bin' of tensor 'addend' is a symbolic link that leads outside the version directory", message);
    }

    [Fact]
    public async Task LoadAsync_SymbolicLinkDirectoryToOutside_Fails()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_root, "shared")).FullName;
        File.WriteAllBytes(Path.Combine(outside, "addend.bin"), BitConverter.GetBytes(7f));
        Directory.CreateDirectory(VersionDirectory);
        Directory.CreateSymbolicLink(Path.Combine(VersionDirectory, "data"), "../../shared");
        TestModels.WriteAddConstantExternal(ModelPath, 7, "data/addend.bin");

        var message = await LoadFailureAsync();

        Assert.Equal("Failed to load model: external data location 'data/addend.bin' of tensor 'addend' is a symbolic link that leads outside the version directory", message);
    }

    [Fact]
    public async Task LoadAsync_SymbolicLinkStayingInside_Loads()
    {
        Directory.CreateDirectory(Path.Combine(VersionDirectory, "blobs"));
        File.WriteAllBytes(Path.Combine(VersionDirectory, "blobs", "addend.bin"), BitConverter.GetBytes(7f));
        File.CreateSymbolicLink(Path.Combine(VersionDirectory, "weights.bin"), "blobs/addend.bin");
        TestModels.WriteAddConstantExternal(ModelPath, 7, "weights.bin");

        using var runner = await LoadAsync();

        Assert.Equal("x", Assert.Single(runner.Signature.Inputs).Name);
    }

    [Fact]
    public async Task LoadAsync_VersionDirectoryReachedThroughSymbolicLink_Loads()
    {
        var real = Path.Combine(_root, "store", "m-1");
        TestModels.WriteAddConstantExternal(Path.Combine(real, "model.onnx"), 7, "weights.bin");
        Directory.CreateDirectory(Path.Combine(_root, "m"));
        Directory.CreateSymbolicLink(VersionDirectory, real);

        using var runner = await LoadAsync();

        Assert.Equal("x", Assert.Single(runner.Signature.Inputs).Name);
    }

    [Fact]
    public async Task LoadAsync_MissingDataFile_FailsNamingIt()
    {
        TestModels.WriteAddConstantExternal(ModelPath, 7, "weights.bin");
        File.Delete(Path.Combine(VersionDirectory, "weights.bin"));

        var message = await LoadFailureAsync();

        Assert.Equal("Failed to load model: external data file 'weights.bin' of tensor 'addend' does not exist in the version directory", message);
    }

    [Fact]
    public async Task LoadAsync_OnnxRuntimeMemoryAddressLocation_Fails()
    {
        TestModels.WriteAddConstantExternal(ModelPath, 7, "*/_ORT_MEM_ADDR_/*");

        var message = await LoadFailureAsync();

        Assert.Equal("Failed to load model: tensor 'addend' has the reserved external data location '*/_ORT_MEM_ADDR_/*', which a model file may not use", message);
    }
}
