namespace ModelServing.Gateway.Security;

/// <summary>Answers 401 to any request without a valid general API key, unless its endpoint is marked open.</summary>
/// <remarks>Requests that match no endpoint (unknown paths, Swagger) are guarded too, so a caller without a key learns nothing.</remarks>
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

        return ApiKeyCheck.WriteUnauthorizedAsync(context);
    }
}
