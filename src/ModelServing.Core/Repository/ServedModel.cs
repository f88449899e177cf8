using ModelServing.Core.Configuration;

namespace ModelServing.Core.Repository;

/// <summary>An immutable view of one model in the repository: its config and the versions being served.</summary>
/// <param name="Name">Model name (its directory name).</param>
/// <param name="Directory">Absolute path of the model directory.</param>
/// <param name="Config">The config in force (defaults when the file is missing or invalid).</param>
/// <param name="ConfigErrors">
/// Problems found in the config file; when any, no version is loaded under it: versions loaded under the last valid config
/// keep serving (see <see cref="ConfigProblem"/>), else every version fails with these errors.
/// </param>
/// <param name="Versions">Versions by number, ascending.</param>
public sealed partial record ServedModel(
    string Name,
    string Directory,
    ModelConfig Config,
    IReadOnlyList<ConfigError> ConfigErrors,
    IReadOnlyList<ModelVersion> Versions)
{
    /// <summary>The version with <paramref name="number"/>, or null.</summary>
    public ModelVersion? FindVersion(long number)
    {
        foreach (var version in Versions)
        {
            if (version.Number == number)
            {
                return version;
            }
        }

        return null;
    }

    /// <summary>The highest AVAILABLE version, or null.</summary>
    public ModelVersion? LatestAvailable()
    {
        for (var i = Versions.Count - 1; i >= 0; i--)
        {
            if (Versions[i].State == ModelVersionState.Available)
            {
                return Versions[i];
            }
        }

        return null;
    }
}
