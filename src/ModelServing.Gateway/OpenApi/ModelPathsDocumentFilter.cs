using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ModelServing.Gateway.OpenApi;

/// <summary>
/// Adds one typed operation per served model and protocol (<c>/v1/models/{m}:predict</c>, <c>/v2/models/{m}/infer</c>,
/// <c>/score/{m}</c>) with request and response schemas from the model's signature and serving function.
/// </summary>
/// <remarks>Swashbuckle builds the document per request, so models loaded or removed at runtime show up at once.</remarks>
internal sealed class ModelPathsDocumentFilter(InferenceService dataPlane) : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Paths ??= [];
        foreach (var name in dataPlane.ModelNames)
        {
            ModelMetadata model;
            try
            {
                model = dataPlane.GetMetadata(name, VersionSelector.Latest);
            }
            catch (ServingException)
            {
                continue;
            }

            var id = OperationName(name);
            var instance = ModelSchemas.Instance(model);
            var prediction = ModelSchemas.Prediction(model);
            swaggerDoc.Paths[$"/v1/models/{name}:predict"] = Post(
                $"Predict{id}", $"TF Serving predict with {name}",
                Object(("instances", Array(instance))), new JsonObject { ["instances"] = new JsonArray(instance.Examples![0].DeepClone()) },
                Object(("predictions", Array(prediction))));
            swaggerDoc.Paths[$"/v2/models/{name}/infer"] = Post(
                $"Infer{id}", $"Open Inference Protocol infer with {name}", V2Request(), V2Example(model), V2Response());
            if (ScoreFits(model))
            {
                swaggerDoc.Paths[$"/score/{name}"] = Post(
                    $"Score{id}", $"AzureML-style scoring with {name}",
                    Object(("data", Array(instance)), ("method", new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("predict")!, JsonValue.Create("predict_proba")!] })),
                    new JsonObject { ["data"] = new JsonArray(instance.Examples![0].DeepClone()), ["method"] = "predict" },
                    Array(new OpenApiSchema()));
            }
        }
    }

    private static bool ScoreFits(ModelMetadata model) =>
        model.Signature.Inputs.All(i => i.HasBatchDimension && (i.Shape.Count == 1 || (i.Shape.Count == 2 && i.Shape[1] == 1)));

    private static string OperationName(string model) =>
        string.Concat(model.Split('-', '_', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static OpenApiPathItem Post(string operationId, string summary, OpenApiSchema request, JsonNode example, OpenApiSchema response) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Post] = new OpenApiOperation
            {
                OperationId = operationId,
                Summary = summary,
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, IOpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = request, Example = example } },
                },
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse
                    {
                        Description = "The model's answer",
                        Content = new Dictionary<string, IOpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = response } },
                    },
                    ["400"] = Error("Invalid input, naming what was wrong"),
                    ["404"] = Error("Unknown model"),
                    ["503"] = Error("The model has no AVAILABLE version"),
                },
            },
        },
    };

    private static OpenApiResponse Error(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>
        {
            ["application/json"] = new OpenApiMediaType { Schema = Object(("error", new OpenApiSchema { Type = JsonSchemaType.String })) },
        },
    };

    private static OpenApiSchema V2Request() => Object(
        ("id", new OpenApiSchema { Type = JsonSchemaType.String }),
        ("inputs", Array(V2Tensor())),
        ("outputs", Array(Object(("name", new OpenApiSchema { Type = JsonSchemaType.String })))));

    private static OpenApiSchema V2Response() => Object(
        ("model_name", new OpenApiSchema { Type = JsonSchemaType.String }),
        ("model_version", new OpenApiSchema { Type = JsonSchemaType.String }),
        ("id", new OpenApiSchema { Type = JsonSchemaType.String }),
        ("outputs", Array(V2Tensor())));

    private static OpenApiSchema V2Tensor() => Object(
        ("name", new OpenApiSchema { Type = JsonSchemaType.String }),
        ("shape", Array(new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" })),
        ("datatype", new OpenApiSchema { Type = JsonSchemaType.String }),
        ("parameters", new OpenApiSchema { Type = JsonSchemaType.Object }),
        ("data", Array(new OpenApiSchema())));

    private static JsonObject V2Example(ModelMetadata model)
    {
        var inputs = new JsonArray();
        foreach (var input in model.Signature.Inputs)
        {
            var image = ModelSchemas.IsImage(model, input.Name);
            var shape = new JsonArray();
            foreach (var dim in input.Shape)
            {
                shape.Add(dim < 0 ? 1 : dim);
            }

            var tensor = new JsonObject
            {
                ["name"] = input.Name,
                ["shape"] = shape,
                ["datatype"] = TensorDataTypes.OpenInferenceName(input.DataType),
                ["data"] = image ? new JsonArray("/9j/4AAQSkZJRg...") : new JsonArray(ModelSchemas.ExampleValue(input, false).DeepClone()),
            };
            if (image)
            {
                tensor["parameters"] = new JsonObject { ["content_type"] = "base64" };
            }

            inputs.Add(tensor);
        }

        return new JsonObject { ["id"] = "1", ["inputs"] = inputs };
    }

    private static OpenApiSchema Array(IOpenApiSchema items) => new() { Type = JsonSchemaType.Array, Items = items };

    private static OpenApiSchema Object(params (string Name, IOpenApiSchema Schema)[] properties) =>
        new() { Type = JsonSchemaType.Object, Properties = properties.ToDictionary(p => p.Name, p => p.Schema) };
}
