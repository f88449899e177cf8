using ModelServing.ModelGen.Onnx;

namespace ModelServing.ModelGen;

/// <summary>The loan-approval classifier of the AzureML seed: income, credit_cards and age in, approved out.</summary>
/// <remarks>
/// A logistic regression with fixed coefficients instead of trained ones, so tests can compute the expected answer:
/// <c>p = sigmoid(Intercept + IncomeWeight * income + CreditCardsWeight * credit_cards + AgeWeight * age)</c>, computed in
/// float32. Outputs are <c>approved</c> (int64 [N], 1 when p &gt;= 0.5) and <c>probabilities</c> (float [N,2]: [1-p, p], as
/// scikit-learn's <c>predict_proba</c>). With these values a 45-year-old with 2 credit cards is approved from an income of
/// about 2050 on; the seed's example row [2000, 2, 45] gets p ≈ 0.475.
/// </remarks>
public static class LoansModel
{
    /// <summary>The log-odds of approval with every feature at zero.</summary>
    public const float Intercept = -4f;

    /// <summary>Log-odds added per currency unit of monthly income (inputs range over about 0..10000).</summary>
    public const float IncomeWeight = 0.002f;

    /// <summary>Log-odds added per credit card held (negative: more cards, less approval).</summary>
    public const float CreditCardsWeight = -0.5f;

    /// <summary>Log-odds added per year of age.</summary>
    public const float AgeWeight = 0.02f;

    /// <summary>Input names in the order the seed's <c>data</c> rows list them.</summary>
    public static IReadOnlyList<string> InputNames { get; } = ["income", "credit_cards", "age"];

    /// <summary>The model.</summary>
    public static OnnxModel Build()
    {
        OnnxNode Node(string op, string output, params string[] inputs) => new(op, inputs, [output]);

        var nodes = new[]
        {
            Node("Mul", "income_term", "income", "income_weight"),
            Node("Mul", "cards_term", "credit_cards", "credit_cards_weight"),
            Node("Mul", "age_term", "age", "age_weight"),
            Node("Add", "sum_income_cards", "income_term", "cards_term"),
            Node("Add", "sum_features", "sum_income_cards", "age_term"),
            Node("Add", "logit", "sum_features", "intercept"),
            Node("Sigmoid", "p", "logit"),
            Node("GreaterOrEqual", "approved_bool", "p", "threshold"),
            new OnnxNode("Cast", ["approved_bool"], ["approved"], [OnnxAttribute.Int("to", (long)OnnxDataType.Int64)]),
            Node("Sub", "q", "one", "p"),
            Node("Unsqueeze", "q_column", "q", "column_axis"),
            Node("Unsqueeze", "p_column", "p", "column_axis"),
            new OnnxNode("Concat", ["q_column", "p_column"], ["probabilities"], [OnnxAttribute.Int("axis", 1)]),
        };
        var initializers = new[]
        {
            OnnxTensor.Scalar("income_weight", IncomeWeight),
            OnnxTensor.Scalar("credit_cards_weight", CreditCardsWeight),
            OnnxTensor.Scalar("age_weight", AgeWeight),
            OnnxTensor.Scalar("intercept", Intercept),
            OnnxTensor.Scalar("threshold", 0.5f),
            OnnxTensor.Scalar("one", 1f),
            OnnxTensor.Int64s("column_axis", [1], 1),
        };
        var inputs = InputNames.Select(name => OnnxValueInfo.Tensor(name, OnnxDataType.Float, OnnxDimension.Batch)).ToArray();
        var outputs = new[]
        {
            OnnxValueInfo.Tensor("approved", OnnxDataType.Int64, OnnxDimension.Batch),
            OnnxValueInfo.Tensor("probabilities", OnnxDataType.Float, OnnxDimension.Batch, 2),
        };
        return new OnnxModel(
            new OnnxGraph("loans", nodes, initializers, inputs, outputs),
            "Loan approval: logistic regression over income, credit_cards and age.");
    }

    /// <summary>Writes the model to <paramref name="path"/>, creating the parent directory.</summary>
    public static void Write(string path) => Build().Save(path);
}
