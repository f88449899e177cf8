namespace ModelServing.Imaging;

/// <summary>The axis order of one image in the tensor (the batch axis is the caller's).</summary>
public enum TensorLayout
{
    /// <summary>Channels, height, width (PyTorch, PaddlePaddle, most ONNX exports).</summary>
    Nchw,

    /// <summary>Height, width, channels (TensorFlow).</summary>
    Nhwc,
}
