using System.Text.Json;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Gateway.Http;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Gateway.TensorFlowServing;

internal static partial class TensorFlowServingEndpoints
{
    private static async Task StatusAsync(HttpContext context, InferenceService dataPlane, string name, string? version, string? label)
    {
        if (Select(name, version, label) is not { } selector)
        {
            await TensorFlowServingErrors.WriteMalformedAsync(context);
            return;
        }

        try
        {
            var statuses = dataPlane.GetStatus(name, selector);
            await WriteJsonAsync(context, writer => TensorFlowServingJson.WriteStatus(writer, statuses));
        }
        catch (ServingException ex)
        {
            await TensorFlowServingErrors.WriteAsync(context, ex);
        }
    }

    private static async Task MetadataAsync(HttpContext context, InferenceService dataPlane, string name, string? version, string? label)
    {
        if (Select(name, version, label) is not { } selector)
        {
            await TensorFlowServingErrors.WriteMalformedAsync(context);
            return;
        }

        try
        {
            var metadata = dataPlane.GetMetadata(name, selector);
            await WriteJsonAsync(context, writer => TensorFlowServingJson.WriteMetadata(writer, metadata));
        }
        catch (ServingException ex)
        {
            await TensorFlowServingErrors.WriteAsync(context, ex);
        }
    }

    private static Task InvokeAsync(HttpContext context, PredictAdapter adapter, string name, string? version, string? label) =>
        Select(name, version, label) is { } selector
            ? HttpInference.HandleAsync(context, adapter, TensorFlowServingErrors.Instance, _ => new ModelTarget(name, selector))
            : TensorFlowServingErrors.WriteMalformedAsync(context);

    private static Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write) =>
        JsonOutput.WriteAsync(context, StatusCodes.Status200OK, write);
}
