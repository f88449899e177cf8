using System.Globalization;
using Grpc.Core;
using ModelServing.Core.Errors;

namespace ModelServing.Gateway.Grpc;

/// <summary>The one place that maps data-plane errors to gRPC status codes, for every gRPC service (TF Serving's codes).</summary>
internal static class GrpcErrors
{
    /// <summary>The trailer that says how many seconds to wait before retrying, as REST's <c>Retry-After</c> header.</summary>
    public const string RetryAfterTrailer = "retry-after";

    /// <summary>The gRPC status code of an error kind.</summary>
    public static StatusCode Code(ServingErrorKind kind) => kind switch
    {
        ServingErrorKind.ModelNotFound or ServingErrorKind.VersionNotFound => StatusCode.NotFound,
        ServingErrorKind.NotReady => StatusCode.Unavailable,
        ServingErrorKind.InvalidInput => StatusCode.InvalidArgument,
        ServingErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ServingErrorKind.QueueFull => StatusCode.ResourceExhausted,
        ServingErrorKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
        ServingErrorKind.Cancelled => StatusCode.Cancelled,
        ServingErrorKind.Unimplemented => StatusCode.Unimplemented,
        _ => StatusCode.Internal,
    };

    /// <summary>The <see cref="RpcException"/> to throw for <paramref name="exception"/>: its code, its message, and when to retry if known.</summary>
    /// <remarks>A full queue says one second; an open circuit breaker says when its break ends.</remarks>
    public static RpcException ToRpcException(ServingException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var trailers = new Metadata();
        var retryAfter = exception.RetryAfter ?? (exception.Kind == ServingErrorKind.QueueFull ? TimeSpan.FromSeconds(1) : null);
        if (retryAfter is { } wait)
        {
            trailers.Add(RetryAfterTrailer, Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        return new RpcException(new Status(Code(exception.Kind), exception.Message), trailers, exception.Message);
    }
}
