using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Tensors;
using ModelServing.Gateway.Http;
using ModelServing.Protocols.OpenInference;

namespace ModelServing.Gateway.OpenInference;

/// <summary>Puts an infer response on the wire: JSON only, or with the binary tensor data extension a JSON header followed by raw outputs.</summary>
internal static class InferHttpResponse
{
    /// <summary>Writes status 200 and the response body for <paramref name="outputs"/>.</summary>
    public static async Task WriteAsync(
        HttpContext context, InferRequest request, InferenceResult result, IReadOnlyList<(string Name, TensorData Tensor, bool Binary)> outputs)
    {
        if (!outputs.Any(o => o.Binary))
        {
            await JsonOutput.WriteAsync(context, StatusCodes.Status200OK, writer => InferResponseWriter.WriteHeader(writer, request, result, outputs, null));
            return;
        }

        var blobs = InferResponseWriter.EncodeBlobs(outputs);
        var header = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(header, JsonOutput.WriterOptions))
        {
            InferResponseWriter.WriteHeader(writer, request, result, outputs, blobs);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers[OpenInferenceEndpoints.HeaderLengthName] = header.WrittenCount.ToString(CultureInfo.InvariantCulture);
        await context.Response.BodyWriter.WriteAsync(header.WrittenMemory, context.RequestAborted);
        foreach (var blob in blobs)
        {
            if (blob is not null)
            {
                await context.Response.BodyWriter.WriteAsync(blob, context.RequestAborted);
            }
        }
    }
}
