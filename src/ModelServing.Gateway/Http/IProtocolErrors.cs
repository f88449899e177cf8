using ModelServing.Core.Errors;

namespace ModelServing.Gateway.Http;

/// <summary>A protocol's own error answer: status code and body shape.</summary>
/// <remarks>
/// Routes carry theirs as endpoint metadata (<see cref="ProtocolErrorsExtensions.WithProtocolErrors{TBuilder}"/>), so that the
/// last-resort handler answers a failure on any route in that route's protocol.
/// </remarks>
internal interface IProtocolErrors
{
    /// <summary>Writes the error for <paramref name="exception"/>, unless the response has started.</summary>
    Task WriteAsync(HttpContext context, ServingException exception);

    /// <summary>Writes an error the gateway itself raises (a rejected body, an internal error), unless the response has started.</summary>
    Task WriteAsync(HttpContext context, int statusCode, string message);
}

/// <summary>Puts a protocol's error writer on its routes.</summary>
internal static class ProtocolErrorsExtensions
{
    /// <summary>Failures on these routes answer through <paramref name="errors"/>.</summary>
    public static TBuilder WithProtocolErrors<TBuilder>(this TBuilder builder, IProtocolErrors errors)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(errors);

    /// <summary>The error writer of the route <paramref name="context"/> matched, else <paramref name="fallback"/>.</summary>
    public static IProtocolErrors ProtocolErrors(this HttpContext context, IProtocolErrors fallback) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IProtocolErrors>() ?? fallback;
}
