namespace ModelServing.Core.PostProcessing;

/// <summary>A horizontal run of foreground pixels: row <see cref="Row"/>, columns <see cref="Start"/> to <see cref="End"/> inclusive.</summary>
internal readonly record struct PixelRun(int Row, int Start, int End);
