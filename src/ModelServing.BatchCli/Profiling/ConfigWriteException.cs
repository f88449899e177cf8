namespace ModelServing.BatchCli.Profiling;

/// <summary>A recommendation cannot be written into config.json (unreadable, invalid, or the file cannot be replaced).</summary>
internal sealed class ConfigWriteException(string message) : Exception(message);
