namespace ModelServing.Imaging;

/// <summary>Where an image went in its tensor, so postprocessing can map tensor coordinates back to the original image.</summary>
/// <remarks>
/// Tensor pixel (x, y) shows content pixel (x - OffsetX, y - OffsetY); content pixel (cx, cy) covers original pixels
/// around (cx / ScaleX, cy / ScaleY) (edges; centres: (cx + 0.5) / ScaleX - 0.5). Padding gives non-negative offsets with
/// the content inside the tensor; centre crop gives negative offsets with the content larger than the tensor.
/// </remarks>
/// <param name="OriginalWidth">The encoded image's width.</param>
/// <param name="OriginalHeight">The encoded image's height.</param>
/// <param name="TensorWidth">The tensor's width (W of NCHW/NHWC).</param>
/// <param name="TensorHeight">The tensor's height (H).</param>
/// <param name="ContentWidth">The width the whole image was resized to (may exceed TensorWidth when cropping).</param>
/// <param name="ContentHeight">The height the whole image was resized to.</param>
/// <param name="OffsetX">Tensor column of the content's left edge (negative when cropped).</param>
/// <param name="OffsetY">Tensor row of the content's top edge (negative when cropped).</param>
/// <param name="ScaleX">ContentWidth / OriginalWidth (PaddleOCR's ratio_w).</param>
/// <param name="ScaleY">ContentHeight / OriginalHeight (PaddleOCR's ratio_h).</param>
public readonly record struct ImageGeometry(
    int OriginalWidth, int OriginalHeight, int TensorWidth, int TensorHeight, int ContentWidth, int ContentHeight,
    int OffsetX, int OffsetY, double ScaleX, double ScaleY)
{
    /// <summary>Maps a tensor x coordinate (pixel edges) back to the original image.</summary>
    public double ToOriginalX(double tensorX) => (tensorX - OffsetX) / ScaleX;

    /// <summary>Maps a tensor y coordinate (pixel edges) back to the original image.</summary>
    public double ToOriginalY(double tensorY) => (tensorY - OffsetY) / ScaleY;
}
