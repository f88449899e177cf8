using System.Globalization;
using System.Text;
using OpenTelemetry.Metrics;

namespace ModelServing.Gateway.Telemetry;

/// <summary>Writes OpenTelemetry metrics in the Prometheus text exposition format 0.0.4.</summary>
/// <remarks>
/// Names: dots and other invalid characters become <c>_</c>, the unit is appended as a suffix (<c>s</c> -> <c>_seconds</c>,
/// <c>By</c> -> <c>_bytes</c>, annotations such as <c>{row}</c> add nothing), monotonic sums end in <c>_total</c>.
/// Histograms write cumulative <c>_bucket</c> lines with <c>le</c> up to <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>.
/// </remarks>
internal static class PrometheusTextWriter
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Appends one metric (its HELP, TYPE and every point) to <paramref name="output"/>.</summary>
    public static void Write(StringBuilder output, Metric metric)
    {
        var type = metric.MetricType;
        var (kind, counter) = type switch
        {
            MetricType.LongSum or MetricType.DoubleSum => ("counter", true),
            MetricType.Histogram => ("histogram", false),
            MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => ("gauge", false),
            _ => (null, false),
        };
        if (kind is null)
        {
            // Exponential histograms have no text-format equivalent; they are not configured here.
            return;
        }

        var name = MetricName(metric.Name, metric.Unit, counter);
        if (!string.IsNullOrEmpty(metric.Description))
        {
            output.Append("# HELP ").Append(name).Append(' ');
            AppendEscaped(output, metric.Description, escapeQuotes: false);
            output.Append('\n');
        }

        output.Append("# TYPE ").Append(name).Append(' ').Append(kind).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point);
            switch (type)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(output, name, labels, null, point.GetSumLong());
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(output, name, labels, null, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    Sample(output, name, labels, null, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    Sample(output, name, labels, null, point.GetGaugeLastValueDouble());
                    break;
                case MetricType.Histogram:
                    WriteHistogram(output, name, labels, point);
                    break;
            }
        }
    }

    /// <summary>The Prometheus name of an instrument: sanitized, with its unit suffix and <c>_total</c> for counters.</summary>
    public static string MetricName(string instrument, string? unit, bool counter)
    {
        var name = new StringBuilder(instrument.Length + 16);
        foreach (var c in instrument)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            name.Insert(0, '_');
        }

        var suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !name.ToString().EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name.Append('_').Append(suffix);
        }

        if (counter && !name.ToString().EndsWith("_total", StringComparison.Ordinal))
        {
            name.Append("_total");
        }

        return name.ToString();
    }

    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => string.Empty,
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        "%" => "percent",
        _ when unit.StartsWith('{') => string.Empty,
        _ => new string([.. unit.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]),
    };

    private static void WriteHistogram(StringBuilder output, string name, string labels, in MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            Sample(output, name + "_bucket", labels, FormatDouble(bucket.ExplicitBound), cumulative);
        }

        Sample(output, name + "_sum", labels, null, point.GetHistogramSum());
        Sample(output, name + "_count", labels, null, point.GetHistogramCount());
    }

    private static string Labels(in MetricPoint point)
    {
        var text = new StringBuilder();
        foreach (var tag in point.Tags)
        {
            text.Append(text.Length == 0 ? "" : ",");
            foreach (var c in tag.Key)
            {
                text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
            }

            text.Append("=\"");
            AppendEscaped(text, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty, escapeQuotes: true);
            text.Append('"');
        }

        return text.ToString();
    }

    private static void Sample(StringBuilder output, string name, string labels, string? le, long value) =>
        Line(output, name, labels, le).Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Sample(StringBuilder output, string name, string labels, string? le, double value) =>
        Line(output, name, labels, le).Append(FormatDouble(value)).Append('\n');

    private static StringBuilder Line(StringBuilder output, string name, string labels, string? le)
    {
        output.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            output.Append('{').Append(labels);
            if (le is not null)
            {
                output.Append(labels.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
            }

            output.Append('}');
        }

        return output.Append(' ');
    }

    /// <summary>A sample value: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, or the shortest round-trip decimal.</summary>
    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void AppendEscaped(StringBuilder output, string text, bool escapeQuotes)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': output.Append(@"\\"); break;
                case '\n': output.Append(@"\n"); break;
                case '"' when escapeQuotes: output.Append("\\\""); break;
                default: output.Append(c); break;
            }
        }
    }
}
