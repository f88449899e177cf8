using Microsoft.ML.OnnxRuntime;
using ModelServing.ModelGen;
using ModelServing.ModelGen.Onnx;
using ModelServing.Onnx.Tests.TestSupport;

namespace ModelServing.Onnx.Tests.ModelGen;

public sealed class LoansModelTests : IClassFixture<ModelDirectory>
{
    private readonly ModelDirectory _models;

    public LoansModelTests(ModelDirectory models)
    {
        _models = models;
    }

    [Fact]
    public void Write_Always_RecordsProducerAndDescription()
    {
        using var session = new InferenceSession(_models.ModelPath(ModelDirectory.Loans));

        Assert.Equal(OnnxModel.ProducerName, session.ModelMetadata.ProducerName);
        Assert.Equal("ModelServing.ModelGen", session.ModelMetadata.ProducerName);
        Assert.Equal("loans", session.ModelMetadata.GraphName);
        Assert.Contains("Loan approval", session.ModelMetadata.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Twice_IsByteForByteIdentical()
    {
        Assert.Equal(LoansModel.Build().ToByteArray(), LoansModel.Build().ToByteArray());
    }

    [Fact]
    public void Coefficients_SeedExample_IsJustBelowTheThreshold()
    {
        // The seed's example row [2000, 2, 45]: -4 + 4 - 1 + 0.9 = -0.1, documented as p ≈ 0.475.
        var logit = LoansModel.Intercept + (LoansModel.IncomeWeight * 2000) + (LoansModel.CreditCardsWeight * 2) + (LoansModel.AgeWeight * 45);

        Assert.Equal(0.475, 1 / (1 + Math.Exp(-logit)), 3);
    }
}
