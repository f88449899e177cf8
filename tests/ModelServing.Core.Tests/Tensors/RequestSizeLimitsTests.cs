using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.Tensors;

public sealed class RequestSizeLimitsTests
{
    [Fact]
    public void Validate_BadSettings_EveryOneReported()
    {
        var limits = new RequestSizeLimits { MaxRowsPerRequest = 0, MaxImagesPerRequest = -1, MaxImagePixelsPerRequest = 0, MaxTensorBytesPerRequest = 3L << 30 };

        var errors = limits.Validate();

        Assert.Equal(
            [
                ("MaxRowsPerRequest", "must be at least 1"),
                ("MaxImagesPerRequest", "must be at least 1"),
                ("MaxImagePixelsPerRequest", "must be at least 1"),
                ("MaxTensorBytesPerRequest", $"must be at most {Array.MaxLength} (a tensor is one array)"),
            ],
            errors);
        Assert.Empty(new RequestSizeLimits().Validate());
    }

    [Fact]
    public void Validation_BadSettings_FailTheHostAtStartWithEveryProblem()
    {
        var result = new RequestSizeLimitsValidation().Validate(null, new RequestSizeLimits { MaxRowsPerRequest = 0, MaxImagesPerRequest = 0 });

        Assert.True(result.Failed);
        Assert.Equal(
            ["Limits:MaxRowsPerRequest must be at least 1.", "Limits:MaxImagesPerRequest must be at least 1."],
            result.Failures!);
    }
}
