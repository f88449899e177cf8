using System.Globalization;

namespace ModelServing.LoadGen.Reporting;

/// <summary>Number formats for the markdown report: three significant figures or so, invariant culture.</summary>
internal static class Format
{
    public static string Rate(double value) => value switch
    {
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F2", CultureInfo.InvariantCulture),
    };

    public static string Ms(double value) => value switch
    {
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F2", CultureInfo.InvariantCulture),
    };

    public static string Ratio(double value) => value.ToString(value is > 0 and < 0.1 ? "G2" : "F2", CultureInfo.InvariantCulture);

    public static string Percent(double value) => value.ToString("F0", CultureInfo.InvariantCulture);

    public static string Kilobytes(long bytes) => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture);

    public static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
