using System.Text.Json;
using ModelServing.LoadGen.Http;
using ModelServing.LoadGen.InProcess;

namespace ModelServing.LoadGen.Reporting;

/// <summary>The JSON lines of one harness run, by kind.</summary>
internal sealed class ResultSet
{
    public List<HttpLoadReport> Loads { get; } = [];

    public List<InProcessReport> InProcess { get; } = [];

    public List<NoteLine> Notes { get; } = [];

    /// <summary>Reads a file of JSON lines written by this tool's <c>--json</c> output (and the harness's notes).</summary>
    /// <exception cref="InvalidDataException">A line is not one of those.</exception>
    public static ResultSet Load(string path)
    {
        var set = new ResultSet();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var mode = document.RootElement.TryGetProperty("mode", out var m) ? m.GetString() : null;
            switch (mode)
            {
                case "closed" or "open":
                    set.Loads.Add(document.Deserialize(ReportJsonContext.Default.HttpLoadReport)!);
                    break;
                case "inprocess":
                    set.InProcess.Add(document.Deserialize(ReportJsonContext.Default.InProcessReport)!);
                    break;
                case "note":
                    set.Notes.Add(document.Deserialize(ReportJsonContext.Default.NoteLine)!);
                    break;
                default:
                    throw new InvalidDataException($"{path}:{number}: not a load generator result (mode '{mode}').");
            }
        }

        return set;
    }

    /// <summary>The in-process report of <paramref name="model"/>, or null.</summary>
    public InProcessReport? LimitOf(string? model) => InProcess.LastOrDefault(r => r.Model == model);

    /// <summary>The closed-loop run of a case at a concurrency and batching mode, or null.</summary>
    public HttpLoadReport? Closed(string @case, string batching, int concurrency) =>
        Loads.LastOrDefault(r => r.Mode == "closed" && Label(r, "case") == @case && Label(r, "batching") == batching
            && Label(r, "kind") != "steady" && r.Concurrency == concurrency);

    public static string? Label(HttpLoadReport report, string key) => report.Labels.GetValueOrDefault(key);
}
