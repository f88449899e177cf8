using System.Text;

namespace ModelServing.Protocols.Tests.TestSupport;

/// <summary>Request bodies with bytes that no C# string can hold (invalid UTF-8), spliced in where the text has a <c>§</c>.</summary>
internal static class JsonBytes
{
    /// <summary>The UTF-8 of <paramref name="json"/> with its one <c>§</c> replaced by <paramref name="bytes"/>.</summary>
    public static byte[] With(string json, params byte[] bytes)
    {
        var text = Encoding.UTF8.GetBytes(json);
        var marker = Encoding.UTF8.GetBytes("§");
        var at = text.AsSpan().IndexOf(marker);
        Assert.True(at >= 0, "the JSON has no § marker");
        return [.. text[..at], .. bytes, .. text[(at + marker.Length)..]];
    }
}
