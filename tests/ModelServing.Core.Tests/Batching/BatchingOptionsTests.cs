using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Core.Batching;

namespace ModelServing.Core.Tests.Batching;

public class BatchingOptionsTests
{
    [Fact]
    public void Validate_Defaults_HasNoErrors()
    {
        // Arrange
        var options = new BatchingOptions();

        // Act
        var errors = options.Validate();

        // Assert
        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_EveryFieldWrong_ReportsEveryField()
    {
        // Arrange
        var options = new BatchingOptions
        {
            MaxBatchSize = 4,
            MaxQueueDelay = TimeSpan.FromMilliseconds(-1),
            PreferredBatchSizes = [2, 5],
            MaxQueueSize = 0,
            DefaultTimeout = TimeSpan.Zero,
            MaxConcurrentExecutions = 0,
        };

        // Act
        var fields = options.Validate().Select(e => e.Field).ToArray();

        // Assert
        Assert.Equal(["maxQueueDelay", "preferredBatchSizes", "maxQueueSize", "defaultTimeout", "maxConcurrentExecutions"], fields);
    }

    [Fact]
    public void Validate_NegativeMaxBatchSize_ReportsIt()
    {
        // Arrange
        var options = new BatchingOptions { MaxBatchSize = -1 };

        // Act
        var errors = options.Validate();

        // Assert
        Assert.Equal("maxBatchSize", Assert.Single(errors).Field);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheFields()
    {
        // Arrange
        var options = new BatchingOptions { MaxQueueSize = 0, MaxConcurrentExecutions = 0 };

        // Act
        var error = Assert.Throws<ArgumentException>(() => new DynamicBatcher(new RowSumRunner(), options, TimeProvider.System, NullLogger.Instance));

        // Assert
        Assert.Contains("maxQueueSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("maxConcurrentExecutions", error.Message, StringComparison.Ordinal);
    }
}
