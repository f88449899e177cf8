using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Core.Repository;
using ModelServing.Core.Runtime;
using ModelServing.ModelGen;

namespace ModelServing.Onnx.Tests.TestSupport;

/// <summary>A temporary model repository holding every generated model as <c>&lt;name&gt;/1/model.onnx</c>.</summary>
public sealed class ModelDirectory : IDisposable
{
    public const string Loans = "loans";
    public const string IdentityAllTypes = "identity_all_types";
    public const string StringEcho = "string_echo";
    public const string AddConstant = "add_constant";
    public const string FixedShape = "fixed_shape";
    public const string SequenceOutput = "sequence_output";
    public const string Lookup = "lookup";

    /// <summary>The value <see cref="AddConstant"/> adds.</summary>
    public const float Addend = 10f;

    public ModelDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "modelserving-onnx-tests-" + Guid.NewGuid().ToString("N"));
        LoansModel.Write(ModelPath(Loans));
        TestModels.WriteIdentityAllTypes(ModelPath(IdentityAllTypes));
        TestModels.WriteStringEcho(ModelPath(StringEcho));
        TestModels.WriteAddConstant(ModelPath(AddConstant), Addend);
        TestModels.WriteFixedShape(ModelPath(FixedShape));
        TestModels.WriteSequenceOutput(ModelPath(SequenceOutput));
        TestModels.WriteLookup(ModelPath(Lookup));
    }

    public string Root { get; }

    public OnnxRunnerFactory Factory { get; } = new(NullLogger<OnnxRunnerFactory>.Instance);

    public string ModelPath(string name) => Path.Combine(Root, name, "1", "model.onnx");

    public static ModelLoadRequest Request(string modelPath, string name = "m") =>
        new(name, 1, Path.GetDirectoryName(modelPath)!, modelPath, ModelConfig.Default.Runtime);

    public Task<IModelRunner> LoadAsync(string name) => Factory.LoadAsync(Request(ModelPath(name), name), CancellationToken.None);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
