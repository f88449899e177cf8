namespace ModelServing.Core.PostProcessing;

/// <summary>Settings of the DB (Differentiable Binarization) text-box extraction; defaults are PP-OCR's inference defaults.</summary>
internal sealed record DbOptions
{
    /// <summary>Probability above which a pixel is text. Default <c>0.3</c>.</summary>
    public float Threshold { get; init; } = 0.3f;

    /// <summary>Minimum mean probability of a kept box. Default <c>0.6</c>.</summary>
    public float BoxThreshold { get; init; } = 0.6f;

    /// <summary>Most regions examined, in raster order of their first pixel. Default <c>1000</c>.</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <summary>How far boxes grow back: distance = area * ratio / perimeter. Default <c>1.5</c>.</summary>
    public float UnclipRatio { get; init; } = 1.5f;

    /// <summary>Shortest side, in map pixels, of a box before unclipping (after it, this plus 2). Default <c>3</c>.</summary>
    public int MinSize { get; init; } = 3;

    /// <summary>Dilate the thresholded map with a 2x2 kernel before finding regions. Default <c>false</c>.</summary>
    public bool UseDilation { get; init; }

    /// <summary>How boxes are scored. Default <see cref="DbScoreMode.Fast"/>.</summary>
    public DbScoreMode ScoreMode { get; init; } = DbScoreMode.Fast;

    /// <summary>Every problem with these settings, as (camelCase field name, message); empty when valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string Field, string Message)>();
        if (!(Threshold >= 0 && Threshold < 1))
        {
            errors.Add(("threshold", "must be at least 0 and less than 1"));
        }

        if (!(BoxThreshold >= 0 && BoxThreshold <= 1))
        {
            errors.Add(("boxThreshold", "must be between 0 and 1"));
        }

        if (MaxCandidates <= 0)
        {
            errors.Add(("maxCandidates", "must be positive"));
        }

        if (!(UnclipRatio >= 0 && float.IsFinite(UnclipRatio)))
        {
            errors.Add(("unclipRatio", "must be a finite number of at least 0"));
        }

        if (MinSize < 0)
        {
            errors.Add(("minSize", "must not be negative"));
        }

        if (!Enum.IsDefined(ScoreMode))
        {
            errors.Add(("scoreMode", "must be fast or slow"));
        }

        return errors;
    }
}
