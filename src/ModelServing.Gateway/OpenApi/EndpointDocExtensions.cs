namespace ModelServing.Gateway.OpenApi;

/// <summary>Attaches an <see cref="EndpointDoc"/> to a route for the generated OpenAPI document.</summary>
internal static class EndpointDocExtensions
{
    public static RouteHandlerBuilder Documented(this RouteHandlerBuilder builder, EndpointDoc doc)
    {
        // The documented types are data here, so the generic overloads (CA2263) do not apply.
#pragma warning disable CA2263
        // The request body is documented by ExampleOperationFilter, not with Accepts(): Accepts would make routing refuse
        // bodies without an application/json Content-Type, and TF Serving clients (curl -d) often send none.
        builder.Produces(StatusCodes.Status200OK, doc.ResponseType, "application/json");
        foreach (var status in doc.ErrorStatuses)
        {
            builder.Produces(status, typeof(ErrorDocument), "application/json");
        }

#pragma warning restore CA2263
        return builder.WithMetadata(doc);
    }
}
