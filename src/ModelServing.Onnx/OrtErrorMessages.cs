using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace ModelServing.Onnx;

/// <summary>Turns ONNX Runtime exceptions into short messages that are safe to show to callers.</summary>
/// <remarks>
/// ONNX Runtime messages start with <c>[ErrorCode:Name]</c> and often quote the model path (<c>Load model from PATH
/// failed:</c>) or a source location with a C++ signature (<c>/onnxruntime_src/...h:91 onnxruntime::F(args)</c>). Those are
/// cut out; a message that still holds anything path-like is not passed on at all. Run failures also lose graph node and
/// operator names, and are told apart by cause (<see cref="DescribeRunFailure(OnnxRuntimeException)"/>).
/// </remarks>
internal static partial class OrtErrorMessages
{
    private const string CodePrefix = "[ErrorCode:";

    /// <summary>The ONNX Runtime error code name (<c>InvalidProtobuf</c>), or an empty string.</summary>
    public static string ErrorCode(OnnxRuntimeException exception) => ErrorCode(exception.Message);

    private static string ErrorCode(string message)
    {
        if (!message.StartsWith(CodePrefix, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var end = message.IndexOf(']', StringComparison.Ordinal);
        return end < 0 ? string.Empty : message[CodePrefix.Length..end];
    }

    /// <summary>The message without error code, model path and source locations, or null when it may still reveal a path.</summary>
    /// <param name="exception">The ONNX Runtime error.</param>
    /// <param name="modelPath">The model file's path, if the message may quote it.</param>
    public static string? SafeDetail(OnnxRuntimeException exception, string? modelPath = null)
    {
        var message = exception.Message;
        if (message.StartsWith(CodePrefix, StringComparison.Ordinal))
        {
            message = message[(message.IndexOf(']', StringComparison.Ordinal) + 1)..];
        }

        if (!string.IsNullOrEmpty(modelPath))
        {
            message = message.Replace($"Load model from {modelPath} failed:", string.Empty, StringComparison.Ordinal);
        }

        message = SourceLocation().Replace(message, string.Empty).Trim();
        return message.Length == 0 || message.Contains('/', StringComparison.Ordinal) || message.Contains('\\', StringComparison.Ordinal)
            ? null
            : message;
    }

    /// <summary>A source file and line, optionally followed by the C++ function it is in.</summary>
    [GeneratedRegex(@"\S*[/\\]\S*:\d+(\s+[\w:~<>]+\([^)]*\))?\s*")]
    private static partial Regex SourceLocation();
}
