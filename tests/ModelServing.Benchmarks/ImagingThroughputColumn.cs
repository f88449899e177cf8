using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ModelServing.Benchmarks;

/// <summary>Images per second and source megapixels per second of one thread, from the mean time and the Source parameter.</summary>
public sealed class ImagingThroughputColumn : IColumn
{
    private readonly bool _megapixels;

    public ImagingThroughputColumn(bool megapixels)
    {
        _megapixels = megapixels;
    }

    public string Id => _megapixels ? "ImagingMegapixelsPerSecond" : "ImagingImagesPerSecond";

    public string ColumnName => _megapixels ? "MP/s" : "images/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _megapixels ? 0 : 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _megapixels
        ? "Source megapixels (JPEG width x height) processed per second on one thread"
        : "Images processed per second on one thread";

    /// <summary>Parses "WIDTHxHEIGHT".</summary>
    public static (int Width, int Height) ParseSize(string size)
    {
        var parts = size.Split('x');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is null or <= 0 || benchmarkCase.Parameters["Source"] is not string source)
        {
            return "-";
        }

        var perSecond = 1e9 / mean.Value;
        if (!_megapixels)
        {
            return perSecond.ToString("N0", CultureInfo.InvariantCulture);
        }

        var (width, height) = ParseSize(source);
        return (perSecond * width * height / 1e6).ToString("N1", CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Adds the two throughput columns to the imaging benchmarks.</summary>
public sealed class ImagingThroughputConfig : ManualConfig
{
    public ImagingThroughputConfig()
    {
        AddColumn(new ImagingThroughputColumn(megapixels: true), new ImagingThroughputColumn(megapixels: false));
    }
}
