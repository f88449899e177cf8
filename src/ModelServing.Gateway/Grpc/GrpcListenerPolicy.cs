using Microsoft.AspNetCore.Routing.Matching;

namespace ModelServing.Gateway.Grpc;

/// <summary>Routing policy: gRPC services answer only on the gRPC listener, REST routes only on the REST listeners.</summary>
/// <remarks>
/// Applies only when a gRPC listener exists (the gateway's own <c>Grpc</c> endpoint, or a user's endpoint of that name);
/// with user-configured endpoints of other names every route answers on every endpoint. A request whose candidates are all
/// ruled out matches nothing: 404 on REST (a gRPC client reads that as <c>UNIMPLEMENTED</c>).
/// </remarks>
internal sealed class GrpcListenerPolicy(bool separated) : MatcherPolicy, IEndpointSelectorPolicy
{
    /// <summary>After the built-in policies (HTTP method, host), which only narrow the candidates further.</summary>
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => separated;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var onGrpcListener = GrpcListener.IsOn(httpContext);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && GrpcEndpointMetadata.IsGrpc(candidates[i].Endpoint) != onGrpcListener)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
