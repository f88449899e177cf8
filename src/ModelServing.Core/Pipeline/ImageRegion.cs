namespace ModelServing.Core.Pipeline;

/// <summary>Where one decoded image sits inside the model input tensor, so outputs can be mapped back to the original image.</summary>
/// <remarks>Carried per request by <see cref="ServingContext.SetImageRegions"/>, one per instance.</remarks>
/// <param name="OriginalWidth">Width of the image as sent.</param>
/// <param name="OriginalHeight">Height of the image as sent.</param>
/// <param name="ContentWidth">Width of the resized image inside the tensor (without padding).</param>
/// <param name="ContentHeight">Height of the resized image inside the tensor.</param>
/// <param name="OffsetX">Left padding before the content.</param>
/// <param name="OffsetY">Top padding before the content.</param>
/// <param name="ScaleX">Original width divided by content width.</param>
/// <param name="ScaleY">Original height divided by content height.</param>
public readonly record struct ImageRegion(
    int OriginalWidth, int OriginalHeight, int ContentWidth, int ContentHeight, int OffsetX, int OffsetY, double ScaleX, double ScaleY);
