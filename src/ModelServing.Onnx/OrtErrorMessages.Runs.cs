using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace ModelServing.Onnx;

internal static partial class OrtErrorMessages
{
    private const string EnforceFailed = " was false.";

    /// <summary>Tells a failure the caller's values caused from a failure of the runtime, and words it for the caller.</summary>
    /// <remarks>
    /// ONNX Runtime keeps a kernel's status code when it wraps the kernel's message in <c>Non-zero status code returned while
    /// running OP node. Name:'NODE' Status Message: ...</c>, and turns a kernel's exception (<c>ORT_ENFORCE</c>) into
    /// <c>RuntimeException</c>. Caused by the input: <c>InvalidArgument</c> anywhere (a Gather index out of range, an input
    /// of the wrong shape), and a node's <c>Fail</c> or <c>RuntimeException</c> (a Conv given an empty batch, operands that
    /// cannot broadcast, a Reshape that does not fit), unless it is about memory or a device. Everything else, and every
    /// failure before or after the nodes ran, is the runtime's.
    /// </remarks>
    public static OrtRunFailure DescribeRunFailure(OnnxRuntimeException exception) => DescribeRunFailure(exception.Message);

    /// <summary><see cref="DescribeRunFailure(OnnxRuntimeException)"/> on the exception's message.</summary>
    internal static OrtRunFailure DescribeRunFailure(string message)
    {
        var code = ErrorCode(message);
        var text = WithoutCode(message);
        string? node = null, op = null;
        var wrapped = NodeFailure().Match(text);
        if (wrapped.Success)
        {
            op = wrapped.Groups["op"].Value;
            node = wrapped.Groups["node"].Value;
            text = wrapped.Groups["detail"].Value;
        }

        var causedByInput = code == "InvalidArgument"
            || (wrapped.Success && (code is "Fail" or "RuntimeException") && !ResourceOrDevice().IsMatch(text));
        return new OrtRunFailure(causedByInput, CallerText(text, node, op));
    }

    /// <summary>The reason as a caller may read it: first line, no source location, C++ condition, node or operator name.</summary>
    private static string? CallerText(string text, string? node, string? op)
    {
        var stack = text.IndexOf("Stacktrace:", StringComparison.Ordinal);
        text = stack >= 0 ? text[..stack] : text;
        text = SourceLocation().Replace(text, string.Empty).Trim();
        text = CppSignature().Replace(text, string.Empty);
        var enforced = text.IndexOf(EnforceFailed, StringComparison.Ordinal);
        if (enforced >= 0)
        {
            // ORT_ENFORCE writes the failed C++ condition before its message; the condition is the runtime's code.
            text = text[(enforced + EnforceFailed.Length)..];
        }

        if (!string.IsNullOrEmpty(node))
        {
            // Broadcasting kernels start their message with the node's name.
            text = text.Replace(node + ":", string.Empty, StringComparison.Ordinal);
        }

        if (!string.IsNullOrEmpty(op))
        {
            text = Regex.Replace(text, $@"\b{Regex.Escape(op)}\b:?", string.Empty, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        text = Whitespace().Replace(text, " ").Trim();

        // A name the runtime quotes, or that is still there, is the graph's, not the caller's; so is anything path-like.
        var unsafeText = text.Length == 0
            || text.Contains('\'', StringComparison.Ordinal)
            || text.Contains('/', StringComparison.Ordinal)
            || text.Contains('\\', StringComparison.Ordinal)
            || (!string.IsNullOrEmpty(node) && Mentions(text, node));
        return unsafeText ? null : text;
    }

    /// <summary>True when <paramref name="name"/> stands in <paramref name="text"/> as a name of its own, not inside a word.</summary>
    private static bool Mentions(string text, string name) =>
        Regex.IsMatch(text, $@"(?<![\w./-]){Regex.Escape(name)}(?![\w./-])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static string WithoutCode(string message) =>
        message.StartsWith(CodePrefix, StringComparison.Ordinal) && message.IndexOf(']', StringComparison.Ordinal) is var end and >= 0
            ? message[(end + 1)..].TrimStart()
            : message;

    [GeneratedRegex(@"^Non-zero status code returned while running (?<op>\S+) node\. Name:'(?<node>[^']*)' Status Message: ?(?<detail>.*)$", RegexOptions.Singleline)]
    private static partial Regex NodeFailure();

    /// <summary>Failures of memory or of an accelerator: the runtime's health, whatever the input.</summary>
    [GeneratedRegex(@"allocat|bad_alloc|out of memory|cuda|cudnn|cublas|tensorrt", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceOrDevice();

    /// <summary>A C++ function signature left at the start after its source location, with a return type (<c>void* a::B(int)</c>).</summary>
    [GeneratedRegex(@"^[\w\s:~<>*&,]*?\w+::~?\w+\([^)]*\)\s*")]
    private static partial Regex CppSignature();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
