using System.Globalization;
using System.Text.Json;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Writes TF Serving's status and metadata documents (field names and string-typed numbers as TF Serving has them).</summary>
public static class TensorFlowServingJson
{
    /// <summary>The only signature an ONNX model has.</summary>
    public const string DefaultSignature = "serving_default";

    /// <summary><c>{"model_version_status": [...]}</c>.</summary>
    public static void WriteStatus(Utf8JsonWriter writer, IReadOnlyList<ModelVersionStatus> statuses)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("model_version_status");
        foreach (var status in statuses)
        {
            writer.WriteStartObject();
            writer.WriteString("version", status.Version.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("state", StateName(status.State));
            writer.WriteStartObject("status");
            writer.WriteString("error_code", status.ErrorCode);
            writer.WriteString("error_message", status.ErrorMessage);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The GetModelMetadata answer: <c>model_spec</c> and the <c>signature_def</c> built from the ONNX signature.</summary>
    public static void WriteMetadata(Utf8JsonWriter writer, ModelMetadata metadata)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("model_spec");
        writer.WriteString("name", metadata.Name);
        writer.WriteString("signature_name", string.Empty);
        writer.WriteString("version", metadata.Version.ToString(CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        writer.WriteStartObject("metadata");
        writer.WriteStartObject("signature_def");
        writer.WriteStartObject("signature_def");
        writer.WriteStartObject(DefaultSignature);
        WriteTensors(writer, "inputs", metadata.Signature.Inputs);
        WriteTensors(writer, "outputs", metadata.Signature.Outputs);
        writer.WriteString("method_name", "tensorflow/serving/predict");
        writer.WriteStartObject("defaults");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("runtime");
        writer.WriteString("execution_provider", metadata.ExecutionProvider);
        writer.WriteEndObject();
        if (metadata.ServingFunction.Count > 0)
        {
            // TF Serving's metadata is a map keyed by kind ("signature_def"); the serving function is one more kind.
            WriteServingFunction(writer, metadata.ServingFunction);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteServingFunction(Utf8JsonWriter writer, IReadOnlyList<ServingStageConfig> stages)
    {
        writer.WriteStartObject("serving_function");
        foreach (var kind in new[] { "inputs", "outputs" })
        {
            writer.WriteStartArray(kind);
            foreach (var stage in stages.Where(s => s.Path.StartsWith($"servingFunction.{kind}", StringComparison.Ordinal)))
            {
                writer.WriteStartObject();
                writer.WriteString("stage", stage.Stage);
                writer.WriteString("name", stage.Name);
                writer.WriteString("tensor", stage.Tensor);
                if (stage.Parameters.ValueKind == JsonValueKind.Object)
                {
                    writer.WritePropertyName("params");
                    stage.Parameters.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>TF Serving's state name (<c>AVAILABLE</c> ...).</summary>
    public static string StateName(ModelVersionState state) => state switch
    {
        ModelVersionState.Start => "START",
        ModelVersionState.Loading => "LOADING",
        ModelVersionState.Available => "AVAILABLE",
        ModelVersionState.Unloading => "UNLOADING",
        ModelVersionState.End => "END",
        _ => "UNKNOWN",
    };

    private static void WriteTensors(Utf8JsonWriter writer, string property, IReadOnlyList<TensorSpec> tensors)
    {
        writer.WriteStartObject(property);
        foreach (var spec in tensors)
        {
            writer.WriteStartObject(spec.Name);
            writer.WriteString("dtype", TensorDataTypes.TensorFlowName(spec.DataType));
            writer.WriteStartObject("tensor_shape");
            writer.WriteStartArray("dim");
            for (var i = 0; i < spec.Shape.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("size", spec.Shape[i].ToString(CultureInfo.InvariantCulture));
                writer.WriteString("name", spec.DimensionNames.Count > i ? spec.DimensionNames[i] : string.Empty);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("unknown_rank", false);
            writer.WriteEndObject();
            writer.WriteString("name", spec.Name);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
