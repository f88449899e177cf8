using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using ModelServing.Core.Errors;

namespace ModelServing.Gateway.Http;

/// <summary>Reads a whole request body (after decompression) into memory, within the server's body size limit.</summary>
internal static class RequestBody
{
    /// <summary>Reads the body; Kestrel's <c>MaxRequestBodySize</c> bounds it, also after gzip decompression.</summary>
    /// <exception cref="ServingException">The body is not valid gzip, or the client went away.</exception>
    /// <exception cref="BadHttpRequestException">The body is larger than allowed (status 413).</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        try
        {
            var result = await reader.ReadAsync(cancellationToken);

            // A declared length is checked against the server's limit by the first read: the body then goes straight into
            // one array of that length as it arrives, and the server's pooled blocks go back at once.
            if (request.Headers.ContentEncoding.Count == 0 && request.ContentLength is { } declared && declared >= result.Buffer.Length
                && declared <= (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0))
            {
                return await ReadDeclaredAsync(reader, result, declared, cancellationToken);
            }

            // Chunked or compressed: buffered by the server until complete, then copied once.
            while (!result.IsCompleted && !result.IsCanceled)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                result = await reader.ReadAsync(cancellationToken);
            }

            var bytes = result.Buffer.ToArray();
            reader.AdvanceTo(result.Buffer.End);
            return bytes;
        }
        catch (InvalidDataException ex)
        {
            throw new ServingException(ServingErrorKind.InvalidInput, "The request body could not be decompressed (Content-Encoding does not match the body).", ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is InvalidDataException)
        {
            throw new ServingException(ServingErrorKind.InvalidInput, "The request body could not be decompressed (Content-Encoding does not match the body).", ex);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadDeclaredAsync(PipeReader reader, ReadResult result, long declared, CancellationToken cancellationToken)
    {
        var body = new byte[declared];
        var filled = 0;
        while (true)
        {
            if (result.Buffer.Length > body.Length - filled)
            {
                // The server enforces Content-Length; this only guards the copy.
                throw ServingException.Invalid("The request body is longer than its Content-Length.");
            }

            result.Buffer.CopyTo(body.AsSpan(filled));
            filled += (int)result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return body.AsMemory(0, filled);
            }

            result = await reader.ReadAsync(cancellationToken);
        }
    }
}
