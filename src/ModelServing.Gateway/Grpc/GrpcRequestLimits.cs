using Microsoft.AspNetCore.Http.Features;

namespace ModelServing.Gateway.Grpc;

/// <summary>Lifts the REST body limit from gRPC calls: their message limit (<see cref="GrpcOptions.MaxReceiveMessageBytes"/>) bounds them.</summary>
/// <remarks>
/// Kestrel's <c>MaxRequestBodySize</c> (the REST body limit, 1.5 MiB under Vertex AI) applies to HTTP/2 streams too. Left in
/// place it would cut messages below the gRPC limit, or race gRPC's own check on an oversized one and fail the call with a
/// read error instead of <c>RESOURCE_EXHAUSTED</c>. gRPC reads a message's 5-byte header first and rejects a length above
/// the limit before reading the rest, and HTTP/2 flow control keeps a client from sending much more than gRPC reads; this
/// is what Grpc.AspNetCore itself does for streaming calls. Runs last before the endpoint; nothing earlier reads a gRPC body.
/// </remarks>
internal sealed class GrpcRequestLimits(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is { } endpoint && GrpcEndpointMetadata.IsGrpc(endpoint)
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        return next(context);
    }
}
