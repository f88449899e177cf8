using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelServing.ModelGen;

namespace ModelServing.Onnx.Tests.ModelGen;

public sealed class LargeModelsTests
{
    [Fact]
    public void WriteLargeExternal_TwoMegabytes_DataFileOfThatSizeAndTheModelAddsOneTwoThree()
    {
        var directory = Directory.CreateTempSubdirectory("modelserving-large-").FullName;
        try
        {
            var path = Path.Combine(directory, "model.onnx");

            LargeModels.WriteLargeExternal(path, 2);

            Assert.Equal(2 * 1024 * 1024, new FileInfo(Path.Combine(directory, LargeModels.DataFileName)).Length);
            using var session = new InferenceSession(path);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(new float[3], [1, 3]))]);
            Assert.Equal([1f, 2f, 3f], results.Single().AsTensor<float>().ToArray());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
