using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Tensors;

namespace ModelServing.Gateway.OpenApi;

/// <summary>JSON schemas of one model's requests and answers, built from its public signature and serving function.</summary>
internal static class ModelSchemas
{
    /// <summary>One TF Serving row-format instance: a property per input, with types and an example.</summary>
    public static OpenApiSchema Instance(ModelMetadata model)
    {
        var properties = new Dictionary<string, IOpenApiSchema>();
        var example = new JsonObject();
        foreach (var input in model.Signature.Inputs)
        {
            properties[input.Name] = Value(input, skipBatch: true, IsImage(model, input.Name));
            example[input.Name] = ExampleValue(input, IsImage(model, input.Name));
        }

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = properties,
            Required = new HashSet<string>(properties.Keys),
            Examples = [example],
        };
    }

    /// <summary>
    /// One row-format prediction: an object with a property per output, or the value itself when the model has one output
    /// (as TF Serving answers); top-k outputs are label/score lists, box outputs point/score lists, CTC outputs text/confidence objects.
    /// </summary>
    public static IOpenApiSchema Prediction(ModelMetadata model)
    {
        var properties = new Dictionary<string, IOpenApiSchema>();
        foreach (var output in model.Signature.Outputs)
        {
            var stage = model.ServingFunction.FirstOrDefault(s => s.Name == output.Name && s.Path.StartsWith("servingFunction.outputs", StringComparison.Ordinal))?.Stage;
            properties[output.Name] = stage switch
            {
                "topK" => Array(Object(("label", Scalar(JsonSchemaType.String, "class label")), ("score", Scalar(JsonSchemaType.Number, "probability")))),
                "dbBoxes" => Array(Object(
                    ("points", Array(Array(Scalar(JsonSchemaType.Integer, "pixel coordinate")), "corners x,y in the image's own pixels")),
                    ("score", Scalar(JsonSchemaType.Number, "box score")))),
                "ctcGreedy" => Object(("text", Scalar(JsonSchemaType.String, "recognised text")), ("confidence", Scalar(JsonSchemaType.Number, "mean probability of the kept steps"))),
                _ => Value(output, skipBatch: true, image: false),
            };
        }

        return properties.Count == 1
            ? properties.Values.Single()
            : new OpenApiSchema { Type = JsonSchemaType.Object, Properties = properties };
    }

    /// <summary>The schema of one value of <paramref name="spec"/> (without the batch dimension when asked).</summary>
    public static OpenApiSchema Value(TensorSpec spec, bool skipBatch, bool image)
    {
        var schema = image
            ? new OpenApiSchema { Type = JsonSchemaType.Object, Description = "a JPEG or PNG image, base64", Properties = new Dictionary<string, IOpenApiSchema> { ["b64"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "byte" } } }
            : Element(spec.DataType);
        for (var i = spec.Shape.Count - 1; i >= (skipBatch && spec.HasBatchDimension ? 1 : 0); i--)
        {
            schema = Array(schema);
            if (spec.Shape[i] >= 0)
            {
                schema.MinItems = (int)spec.Shape[i];
                schema.MaxItems = (int)spec.Shape[i];
            }
        }

        return schema;
    }

    /// <summary>An example value for one instance of <paramref name="spec"/>.</summary>
    public static JsonNode ExampleValue(TensorSpec spec, bool image)
    {
        if (image)
        {
            return new JsonObject { ["b64"] = "/9j/4AAQSkZJRg..." };
        }

        JsonNode value = ExampleFor(spec);
        for (var i = spec.Shape.Count - 1; i >= (spec.HasBatchDimension ? 1 : 0); i--)
        {
            var list = new JsonArray();
            for (var n = 0; n < Math.Max(1, Math.Min(spec.Shape[i], 3)); n++)
            {
                list.Add(value.DeepClone());
            }

            value = list;
        }

        return value;
    }

    /// <summary>True when a serving-function image stage feeds <paramref name="input"/>.</summary>
    public static bool IsImage(ModelMetadata model, string input) =>
        model.ServingFunction.Any(s => s.Stage == "image" && s.Name == input);

    private static JsonNode ExampleFor(TensorSpec spec) => spec.Name switch
    {
        "income" => 2000,
        "credit_cards" => 2,
        "age" => 45,
        _ => spec.DataType switch
        {
            TensorDataType.Bool => true,
            TensorDataType.String => "text",
            TensorDataType.Float or TensorDataType.Double or TensorDataType.Float16 or TensorDataType.BFloat16 => 1.5,
            _ => 1,
        },
    };

    private static OpenApiSchema Element(TensorDataType type) => type switch
    {
        TensorDataType.Float => Scalar(JsonSchemaType.Number, null, "float"),
        TensorDataType.Double => Scalar(JsonSchemaType.Number, null, "double"),
        TensorDataType.Float16 or TensorDataType.BFloat16 => Scalar(JsonSchemaType.Number, null),
        TensorDataType.Int32 => Scalar(JsonSchemaType.Integer, null, "int32"),
        TensorDataType.Int64 => Scalar(JsonSchemaType.Integer, null, "int64"),
        TensorDataType.Bool => Scalar(JsonSchemaType.Boolean, null),
        TensorDataType.String => Scalar(JsonSchemaType.String, null),
        TensorDataType.Json => new OpenApiSchema(),
        _ => Scalar(JsonSchemaType.Integer, null),
    };

    private static OpenApiSchema Scalar(JsonSchemaType type, string? description, string? format = null) =>
        new() { Type = type, Description = description, Format = format };

    private static OpenApiSchema Array(IOpenApiSchema items, string? description = null) =>
        new() { Type = JsonSchemaType.Array, Items = items, Description = description };

    private static OpenApiSchema Object(params (string Name, IOpenApiSchema Schema)[] properties) =>
        new() { Type = JsonSchemaType.Object, Properties = properties.ToDictionary(p => p.Name, p => p.Schema) };
}
