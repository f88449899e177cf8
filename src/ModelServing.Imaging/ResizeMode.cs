namespace ModelServing.Imaging;

/// <summary>How the image is fitted into the target size.</summary>
public enum ResizeMode
{
    /// <summary>Scale each axis independently to the content size the target prescribes (aspect ratio may change).</summary>
    Stretch,

    /// <summary>Scale uniformly until the target is covered, then cut the overflow equally from both sides.</summary>
    KeepAspectCenterCrop,

    /// <summary>Scale uniformly until the image fits, then fill the rest with <see cref="ImagePreprocessSpec.PadValue"/>.</summary>
    KeepAspectPad,
}
