namespace ModelServing.Batch.Tests.TestSupport;

/// <summary>The repository's models and samples.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Models => Path.Combine(RepositoryRoot, "models");

    public static string Sample(string name) => Path.Combine(RepositoryRoot, "samples", name);

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ModelServing.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ModelServing.sln not found above the test directory.");
    }
}
