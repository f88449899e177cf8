using System.Text.Json;
using Microsoft.Extensions.Options;
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

    private static async Task InvokeAsync(HttpContext context, InferenceService dataPlane, string verb, string name, string? version, string? label)
    {
        if (Select(name, version, label) is not { } selector)
        {
            await TensorFlowServingErrors.WriteMalformedAsync(context);
            return;
        }

        try
        {
            var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
            using var lease = dataPlane.Acquire(name, selector);
            Telemetry.RequestTelemetryFeature.Served(context, lease);
            if (verb != "predict")
            {
                // ONNX models carry one predict signature; TF Serving answers classify/regress on such a model this way.
                var expected = verb == "classify" ? "classification" : "regression";
                throw ServingException.Invalid($"Expected {expected} signature method_name to be tensorflow/serving/{verb}. Was: tensorflow/serving/predict");
            }

            var request = PredictRequestReader.Read(body, lease.Signature, context.RequestServices.GetRequiredService<IOptions<RequestLimits>>().Value.ReaderOptions);
            if (request.SignatureName is { Length: > 0 } signature && signature != TensorFlowServingJson.DefaultSignature)
            {
                throw ServingException.Invalid($"Serving signature name: \"{signature}\" not found in signature def");
            }

            var deadline = RequestDeadline.From(context.Request, context.RequestServices.GetRequiredService<TimeProvider>());
            var result = await dataPlane.InferAsync(lease, request.Inputs, deadline, context.RequestAborted);
            await WriteJsonAsync(context, writer => PredictResponseWriter.Write(writer, request.Format, result.Outputs));
        }
        catch (ServingException ex)
        {
            await TensorFlowServingErrors.WriteAsync(context, ex);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
        }
    }

    private static Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write) =>
        JsonOutput.WriteAsync(context, StatusCodes.Status200OK, write);
}
