namespace ModelServing.BatchCli.Profiling;

/// <summary>The sample requests cannot be read, do not fit the model, or the model needs samples that were not given.</summary>
internal sealed class SampleException(string message) : Exception(message);
