namespace ModelServing.Imaging;

/// <summary>The order of colour channels in the tensor (ignored when <see cref="ImagePreprocessSpec.Channels"/> is 1).</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue (TensorFlow, PyTorch, PIL).</summary>
    Rgb,

    /// <summary>Blue, green, red (OpenCV, PaddleOCR, Caffe).</summary>
    Bgr,
}
