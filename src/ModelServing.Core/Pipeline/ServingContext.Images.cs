namespace ModelServing.Core.Pipeline;

public sealed partial class ServingContext
{
    private string? _imageInput;
    private ImageRegion[]? _imageRegions;
    private List<(string Input, ImageRegion[] Regions)>? _moreImageRegions;

    /// <summary>Records where each instance's image sits in <paramref name="modelInput"/> (one region per instance, in order).</summary>
    /// <remarks>Written by image input stages, read by output stages that map coordinates back (<c>dbBoxes</c>).</remarks>
    public void SetImageRegions(string modelInput, ImageRegion[] regions)
    {
        ArgumentNullException.ThrowIfNull(modelInput);
        ArgumentNullException.ThrowIfNull(regions);
        if (_imageInput is not null && _imageInput != modelInput)
        {
            (_moreImageRegions ??= []).Add((_imageInput, _imageRegions!));
        }

        _imageInput = modelInput;
        _imageRegions = regions;
    }

    /// <summary>The image regions recorded for <paramref name="modelInput"/>; null names the most recently recorded input.</summary>
    public bool TryGetImageRegions(string? modelInput, out ImageRegion[] regions)
    {
        if (_imageRegions is not null && (modelInput is null || modelInput == _imageInput))
        {
            regions = _imageRegions;
            return true;
        }

        if (_moreImageRegions is not null)
        {
            for (var i = _moreImageRegions.Count - 1; i >= 0; i--)
            {
                if (_moreImageRegions[i].Input == modelInput)
                {
                    regions = _moreImageRegions[i].Regions;
                    return true;
                }
            }
        }

        regions = [];
        return false;
    }
}
