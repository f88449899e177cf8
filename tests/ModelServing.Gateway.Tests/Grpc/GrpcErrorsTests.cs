using Grpc.Core;
using ModelServing.Core.Errors;
using ModelServing.Gateway.Grpc;

namespace ModelServing.Gateway.Tests.Grpc;

public sealed class GrpcErrorsTests
{
    [Theory]
    [InlineData(ServingErrorKind.ModelNotFound, StatusCode.NotFound)]
    [InlineData(ServingErrorKind.VersionNotFound, StatusCode.NotFound)]
    [InlineData(ServingErrorKind.NotReady, StatusCode.Unavailable)]
    [InlineData(ServingErrorKind.InvalidInput, StatusCode.InvalidArgument)]
    [InlineData(ServingErrorKind.FailedPrecondition, StatusCode.FailedPrecondition)]
    [InlineData(ServingErrorKind.QueueFull, StatusCode.ResourceExhausted)]
    [InlineData(ServingErrorKind.DeadlineExceeded, StatusCode.DeadlineExceeded)]
    [InlineData(ServingErrorKind.Cancelled, StatusCode.Cancelled)]
    [InlineData(ServingErrorKind.RuntimeFailure, StatusCode.Internal)]
    [InlineData(ServingErrorKind.Unimplemented, StatusCode.Unimplemented)]
    public void ToRpcException_EachKind_CarriesItsCodeAndTheMessage(ServingErrorKind kind, StatusCode expected)
    {
        var exception = GrpcErrors.ToRpcException(new ServingException(kind, "what went wrong"));

        Assert.Equal(expected, exception.StatusCode);
        Assert.Equal("what went wrong", exception.Status.Detail);
    }

    [Fact]
    public void ToRpcException_EveryKind_IsMapped()
    {
        Assert.All(Enum.GetValues<ServingErrorKind>().Where(k => k != ServingErrorKind.RuntimeFailure), k => Assert.NotEqual(StatusCode.Internal, GrpcErrors.StatusCode(k)));
    }

    [Fact]
    public void ToRpcException_FullQueue_SaysRetryAfterOneSecond()
    {
        var exception = GrpcErrors.ToRpcException(new ServingException(ServingErrorKind.QueueFull, "full"));

        Assert.Equal("1", exception.Trailers.GetValue(GrpcErrors.RetryAfterTrailer));
    }

    [Fact]
    public void ToRpcException_OpenBreaker_SaysWhenItsBreakEndsRoundedUp()
    {
        var exception = GrpcErrors.ToRpcException(new ServingException(ServingErrorKind.NotReady, "resting") { RetryAfter = TimeSpan.FromMilliseconds(2500) });

        Assert.Equal("3", exception.Trailers.GetValue(GrpcErrors.RetryAfterTrailer));
    }

    [Fact]
    public void ToRpcException_InvalidInput_HasNoRetryAfter()
    {
        var exception = GrpcErrors.ToRpcException(ServingException.Invalid("bad"));

        Assert.Null(exception.Trailers.GetValue(GrpcErrors.RetryAfterTrailer));
    }
}
