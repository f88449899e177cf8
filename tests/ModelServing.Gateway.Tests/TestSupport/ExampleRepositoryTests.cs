using ModelServing.ModelGen;

namespace ModelServing.Gateway.Tests.TestSupport;

public sealed class ExampleRepositoryTests
{
    [Fact]
    public void CommittedLoansModel_IsExactlyWhatTheGeneratorWrites()
    {
        var committed = Path.Combine(ExampleModels.RepositoryRoot, "models", "loans", "1", "model.onnx");

        Assert.Equal(LoansModel.Build().ToByteArray(), File.ReadAllBytes(committed));
    }
}
