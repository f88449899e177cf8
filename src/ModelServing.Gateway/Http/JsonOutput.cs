using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelServing.Gateway.Http;

/// <summary>Writes JSON response bodies: built whole first, then put on the wire with their length.</summary>
/// <remarks>
/// A body is never streamed while it is being built: a writer that throws halfway (an output no JSON can hold) leaves the
/// response untouched, so the error handler answers with one clean error body instead of half a success body followed by
/// an error object. The build buffer is kept per thread and reused (dropped when a rare large body grew it past 1 MiB).
/// </remarks>
internal static class JsonOutput
{
    /// <summary>
    /// Responses are <c>application/json</c>, never embedded in HTML, so quotes and apostrophes in messages stay readable
    /// instead of <c>\u0027</c> escapes.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const int KeptBufferBytes = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? s_buffer;

    /// <summary>
    /// Runs <paramref name="write"/> on a writer over a buffer; only when it has returned are status, content type and
    /// length set and the body copied to the response, then flushed. When it throws, the response is left as it was.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        Fill(context.Response, statusCode, write);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static void Fill(HttpResponse response, int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = s_buffer ?? new ArrayBufferWriter<byte>(4096);
        s_buffer = null;
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                write(writer);
            }

            response.StatusCode = statusCode;
            response.ContentType = "application/json";
            response.ContentLength = buffer.WrittenCount;
            response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity <= KeptBufferBytes)
            {
                buffer.ResetWrittenCount();
                s_buffer = buffer;
            }
        }
    }
}
