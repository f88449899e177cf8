using ModelServing.Gateway.Grpc;

namespace ModelServing.Gateway.Security;

/// <summary>Answers 401 to any request without a valid general API key, unless its endpoint is marked open.</summary>
/// <remarks>
/// Requests that match no endpoint (unknown paths, Swagger) are guarded too, so a caller without a key learns nothing. A gRPC
/// call (the key in its <c>authorization: Bearer</c> or <c>x-api-key</c> metadata, which are HTTP/2 headers) is answered in
/// gRPC's form instead: status <c>UNAUTHENTICATED</c> in a trailers-only response, which gRPC clients report as such.
/// </remarks>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeySet keys)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!keys.Enabled
            || context.GetEndpoint()?.Metadata.GetMetadata<OpenEndpointMetadata>() is not null
            || keys.IsAuthorized(context.Request))
        {
            return next(context);
        }

        if (GrpcResponses.IsGrpcRequest(context.Request))
        {
            var message = ApiKeyCheck.PresentedKey(context.Request) is null
                ? "Missing API key: send metadata 'authorization: Bearer <key>' or 'x-api-key: <key>'."
                : "Invalid API key.";
            return GrpcResponses.WriteStatusAsync(context, global::Grpc.Core.StatusCode.Unauthenticated, message);
        }

        return ApiKeyCheck.WriteUnauthorizedAsync(context);
    }
}
