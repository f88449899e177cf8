using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ModelServing.Gateway.OpenApi;

/// <summary>Puts the example request and response of a route's <see cref="EndpointDoc"/> into the OpenAPI document.</summary>
internal sealed class ExampleOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var doc = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<EndpointDoc>().LastOrDefault();
        if (doc is null)
        {
            return;
        }

        if (doc.RequestType is not null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/json"] = new OpenApiMediaType
                    {
                        Schema = context.SchemaGenerator.GenerateSchema(doc.RequestType, context.SchemaRepository),
                        Example = doc.RequestExample is null ? null : JsonNode.Parse(doc.RequestExample),
                    },
                },
            };
        }

        if (operation.Responses is { } responses && responses.TryGetValue("200", out var ok) && ok.Content is { } okContent
            && okContent.TryGetValue("application/json", out var responseMedia) && responseMedia is OpenApiMediaType response)
        {
            response.Example = JsonNode.Parse(doc.ResponseExample);
        }
    }
}
