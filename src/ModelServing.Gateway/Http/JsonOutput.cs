using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelServing.Gateway.Http;

/// <summary>Writes JSON response bodies straight into the response pipe.</summary>
internal static class JsonOutput
{
    /// <summary>
    /// Responses are <c>application/json</c>, never embedded in HTML, so quotes and apostrophes in messages stay readable
    /// instead of <c>\u0027</c> escapes.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Sets status and content type, runs <paramref name="write"/> on a writer over the body, and flushes.</summary>
    public static async Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            write(writer);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
