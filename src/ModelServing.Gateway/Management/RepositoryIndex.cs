using ModelServing.Core.Repository;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Gateway.Management;

/// <summary>Builds the repository index rows from the served snapshot and the manually unloaded models.</summary>
internal static class RepositoryIndex
{
    public static List<RepositoryIndexEntry> Build(ModelManager manager)
    {
        var rows = new List<RepositoryIndexEntry>();
        foreach (var model in manager.Snapshot.Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            rows.AddRange(Rows(model.Name, model));
        }

        foreach (var name in manager.UnloadedModels.Order(StringComparer.Ordinal))
        {
            rows.AddRange(Rows(name, null));
        }

        return rows;
    }

    public static List<RepositoryIndexEntry> Rows(string name, ServedModel? model)
    {
        if (model is null)
        {
            return [new RepositoryIndexEntry(name, null, "UNAVAILABLE", "unloaded")];
        }

        var statuses = model.Statuses();
        if (statuses.Count == 0)
        {
            var reason = model.ConfigErrors.Count > 0 ? "Invalid model config: " + string.Join("; ", model.ConfigErrors) : "no version";
            return [new RepositoryIndexEntry(name, null, "UNAVAILABLE", reason)];
        }

        return [.. statuses.Select(s => new RepositoryIndexEntry(
            name,
            s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TensorFlowServingJson.StateName(s.State),
            s.ErrorMessage))];
    }
}
