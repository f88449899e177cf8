namespace ModelServing.Batch.Tests.TestSupport;

/// <summary>The job specs tests start from: one input, two workers, the output in the scratch directory.</summary>
internal static class JobSpecs
{
    /// <summary>A job on the loans model.</summary>
    public static BatchJobSpec Loans(ScratchDirectory scratch, string input, BatchInputFormat format) => new()
    {
        Model = "loans",
        Inputs = [input],
        Format = format,
        OutputDirectory = scratch.Combine("out"),
        Workers = 2,
    };
}
