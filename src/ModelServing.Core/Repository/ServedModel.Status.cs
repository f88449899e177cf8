namespace ModelServing.Core.Repository;

/// <summary>What the status APIs show of a model whose <c>config.json</c> broke after a valid one.</summary>
public sealed partial record ServedModel
{
    /// <summary>
    /// Why the model's <c>config.json</c> is not in force while versions loaded under the last valid one keep serving, or
    /// null when the config in force is the file on disk (or no version serves).
    /// </summary>
    public string? ConfigProblem =>
        ConfigErrors.Count > 0 && LatestAvailable() is not null
            ? "Invalid model config, the last valid config keeps serving: " + string.Join("; ", ConfigErrors)
            : null;

    /// <summary>
    /// The status of <paramref name="version"/> as the status APIs show it: an AVAILABLE version serving under the last
    /// valid config while the file on disk is invalid reports <c>INVALID_ARGUMENT</c> with <see cref="ConfigProblem"/>,
    /// so callers see the broken file without reading the log; a version of a remote repository that could not be fetched
    /// again, or an AVAILABLE one while the store cannot be read, reports that problem (see <see cref="SourceProblem"/>); the
    /// version's own status otherwise.
    /// </summary>
    public ModelVersionStatus StatusOf(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var status = version.Status;
        return status.State == ModelVersionState.Available && ConfigProblem is { } problem
            ? status with { ErrorCode = "INVALID_ARGUMENT", ErrorMessage = problem }
            : WithSourceProblem(status);
    }
}
