namespace ModelServing.Core.PostProcessing;

/// <summary>How <see cref="DbPostProcessor"/> scores a candidate box (PaddleOCR's <c>score_mode</c>).</summary>
internal enum DbScoreMode
{
    /// <summary>Mean probability inside the candidate's minimum-area rectangle (PaddleOCR <c>fast</c>).</summary>
    Fast,

    /// <summary>Mean probability over the region's own pixels (PaddleOCR <c>slow</c>, which fills the contour).</summary>
    Slow,
}
