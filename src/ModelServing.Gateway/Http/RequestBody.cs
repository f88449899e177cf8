using System.Buffers;
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
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                if (result.IsCompleted || result.IsCanceled)
                {
                    var bytes = result.Buffer.ToArray();
                    reader.AdvanceTo(result.Buffer.End);
                    return bytes;
                }

                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
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
}
