namespace ModelServing.Core.PostProcessing;

/// <summary>A detected text region: four corners in original-image pixels and the detector's mean probability inside.</summary>
/// <param name="Points">Top-left, top-right, bottom-right, bottom-left (clockwise on screen, y pointing down).</param>
/// <param name="Score">Mean probability of the region before unclipping, in [0, 1].</param>
internal sealed record TextBox(IReadOnlyList<(float X, float Y)> Points, float Score);
