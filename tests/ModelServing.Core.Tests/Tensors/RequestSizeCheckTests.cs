using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.Tensors;

/// <summary>Rows and input tensor bytes per request, checked before anything is queued.</summary>
public sealed class RequestSizeCheckTests
{
    private static readonly ModelSignature s_signature = new(
        [new TensorSpec("income", TensorDataType.Float, -1), new TensorSpec("text", TensorDataType.String, -1), new TensorSpec("table", TensorDataType.Float, 4, 2)],
        []);

    [Fact]
    public void Check_MoreRowsThanAllowed_NamesTheInputAndTheLimit()
    {
        var inputs = Inputs(rows: 65_537);

        var exception = Assert.Throws<ServingException>(() => RequestSizeCheck.Check(s_signature, inputs, new RequestSizeLimits()));

        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.Equal("Input 'income' has 65537 rows; at most 65536 rows are allowed per request", exception.Message);
    }

    [Fact]
    public void Check_RowsAtTheLimit_Pass()
    {
        RequestSizeCheck.Check(s_signature, Inputs(rows: 65_536), new RequestSizeLimits());
    }

    [Fact]
    public void Check_FixedFirstDimension_IsNotCountedAsRows()
    {
        // 'table' is [4,2]: the model fixes its first dimension, so a limit of 3 rows does not apply to it.
        RequestSizeCheck.Check(s_signature, Inputs(rows: 3), new RequestSizeLimits { MaxRowsPerRequest = 3 });
    }

    [Fact]
    public void Check_TensorBytesPastTheLimit_CountsNumbersAndStringLengths()
    {
        // 10 floats (40 bytes) + 10 strings of 5 bytes (50) + the 4x2 table (32) = 122 bytes.
        var inputs = Inputs(rows: 10);

        RequestSizeCheck.Check(s_signature, inputs, new RequestSizeLimits { MaxTensorBytesPerRequest = 122 });
        var exception = Assert.Throws<ServingException>(
            () => RequestSizeCheck.Check(s_signature, inputs, new RequestSizeLimits { MaxTensorBytesPerRequest = 121 }));

        Assert.Equal("The request's input tensors take 122 bytes; at most 121 bytes are allowed per request", exception.Message);
    }

    private static Dictionary<string, TensorData> Inputs(int rows) => new()
    {
        ["income"] = TensorData.FromFloats(new float[rows], rows),
        ["text"] = TensorData.FromBytes([.. Enumerable.Range(0, rows).Select(_ => "hello"u8.ToArray())], rows),
        ["table"] = TensorData.FromFloats(new float[8], 4, 2),
    };
}
