using System.Globalization;
using Grpc.Core;
using ModelServing.Core.Errors;

namespace ModelServing.Gateway.Grpc;

/// <summary>The one place that maps data-plane errors to gRPC status codes, for every gRPC service (TF Serving's and Open Inference v2's).</summary>
internal static class GrpcErrors
{
    /// <summary>The gRPC status code of an error kind (TF Serving's canonical codes).</summary>
    public static StatusCode StatusCode(ServingErrorKind kind) => kind switch
    {
        ServingErrorKind.ModelNotFound or ServingErrorKind.VersionNotFound => global::Grpc.Core.StatusCode.NotFound,
        ServingErrorKind.NotReady => global::Grpc.Core.StatusCode.Unavailable,
        ServingErrorKind.InvalidInput => global::Grpc.Core.StatusCode.InvalidArgument,
        ServingErrorKind.FailedPrecondition => global::Grpc.Core.StatusCode.FailedPrecondition,
        ServingErrorKind.QueueFull => global::Grpc.Core.StatusCode.ResourceExhausted,
        ServingErrorKind.DeadlineExceeded => global::Grpc.Core.StatusCode.DeadlineExceeded,
        ServingErrorKind.Cancelled => global::Grpc.Core.StatusCode.Cancelled,
        ServingErrorKind.Unimplemented => global::Grpc.Core.StatusCode.Unimplemented,
        _ => global::Grpc.Core.StatusCode.Internal,
    };

    /// <summary>The exception that answers the call with the error's code and message, and <c>retry-after</c> seconds in the trailers when known.</summary>
    /// <remarks>A call cancelled because its own gRPC deadline passed is <c>DEADLINE_EXCEEDED</c>, not <c>CANCELLED</c>.</remarks>
    public static RpcException ToRpcException(ServingException exception, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(context);
        var code = exception.Kind == ServingErrorKind.Cancelled && context.Deadline <= DateTime.UtcNow
            ? global::Grpc.Core.StatusCode.DeadlineExceeded
            : StatusCode(exception.Kind);
        var trailers = new Metadata();
        var retryAfter = exception.RetryAfter ?? (exception.Kind == ServingErrorKind.QueueFull ? TimeSpan.FromSeconds(1) : null);
        if (retryAfter is { } wait)
        {
            trailers.Add("retry-after", Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        return new RpcException(new Status(code, exception.Message), trailers);
    }

    /// <summary>An <c>UNIMPLEMENTED</c> answer with <paramref name="message"/>.</summary>
    public static RpcException Unimplemented(string message) => new(new Status(global::Grpc.Core.StatusCode.Unimplemented, message));

    /// <summary>An <c>INVALID_ARGUMENT</c> answer with <paramref name="message"/>.</summary>
    public static RpcException InvalidArgument(string message) => new(new Status(global::Grpc.Core.StatusCode.InvalidArgument, message));
}
