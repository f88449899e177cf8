namespace ModelServing.LoadGen.Http;

/// <summary>What to send and for how long; shared by the closed and open loops.</summary>
/// <param name="Url">The predict URL (loopback).</param>
/// <param name="Body">The request body and its items.</param>
/// <param name="Duration">The measured window.</param>
/// <param name="Warmup">Load before the window, not measured.</param>
/// <param name="Timeout">Per-request timeout; a request past it counts as a <c>timeout</c> error.</param>
/// <param name="ServerPid">The server's process id, to report its CPU and GC, or null.</param>
/// <param name="Labels">Tags copied into the report.</param>
public sealed record LoadSettings(
    Uri Url,
    RequestBodyFile Body,
    TimeSpan Duration,
    TimeSpan Warmup,
    TimeSpan Timeout,
    int? ServerPid,
    IReadOnlyDictionary<string, string> Labels);
