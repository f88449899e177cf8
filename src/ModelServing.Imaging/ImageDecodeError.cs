namespace ModelServing.Imaging;

/// <summary>Why an image was refused; every kind is the caller's fault (HTTP 400), never the server's.</summary>
public enum ImageDecodeError
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>The bytes start with neither the JPEG nor the PNG signature.</summary>
    NotAnImage,

    /// <summary>The header declares a zero width or height.</summary>
    ZeroSize,

    /// <summary>The header declares more pixels than allowed.</summary>
    TooLarge,

    /// <summary>The data ends before the image does.</summary>
    Truncated,

    /// <summary>The data is malformed (bad marker, checksum, Huffman code, zlib stream...).</summary>
    Corrupt,

    /// <summary>A valid image of a kind the codec does not decode (12-bit or lossless JPEG...).</summary>
    Unsupported,
}
