namespace ModelServing.Imaging.Tests.TestSupport;

/// <summary>An 8-bit raster (1, 2, 3 or 4 interleaved channels) held in memory, the source or reference of a test image.</summary>
public sealed class RasterImage
{
    public RasterImage(int width, int height, int channels, byte[]? pixels = null)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels ?? new byte[width * height * channels];
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    public byte[] Pixels { get; }

    public byte this[int x, int y, int c] => Pixels[(((y * Width) + x) * Channels) + c];

    /// <summary>A photo-like test pattern: smooth colour gradients, soft blobs, hard-edged shapes and mild noise.</summary>
    public static RasterImage Synthetic(int width, int height, int channels, int seed, int noise = 12)
    {
        var image = new RasterImage(width, height, channels);
        var random = new Random(seed);
        var blobs = Enumerable.Range(0, 6).Select(_ => (X: random.NextDouble() * width, Y: random.NextDouble() * height,
            R: (0.1 + (random.NextDouble() * 0.3)) * Math.Max(width, height), C: random.Next(3), A: 60 + random.Next(100))).ToArray();
        var boxes = Enumerable.Range(0, 5).Select(_ => (X: random.Next(width), Y: random.Next(height),
            W: 1 + random.Next(Math.Max(1, width / 3)), H: 1 + random.Next(Math.Max(1, height / 3)), V: random.Next(256))).ToArray();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                Span<double> v = [255.0 * x / Math.Max(1, width - 1), 255.0 * y / Math.Max(1, height - 1), 128 + (100 * Math.Sin((x + y) * 0.05))];
                foreach (var b in blobs)
                {
                    var d2 = (((x - b.X) * (x - b.X)) + ((y - b.Y) * (y - b.Y))) / (b.R * b.R);
                    v[b.C] += b.A * Math.Exp(-d2) - (b.A / 3.0);
                }

                foreach (var b in boxes)
                {
                    if (x >= b.X && x < b.X + b.W && y >= b.Y && y < b.Y + b.H)
                    {
                        v[0] = b.V;
                        v[1] = 255 - b.V;
                        v[2] = (b.V * 7) % 256;
                    }
                }

                for (var c = 0; c < channels; c++)
                {
                    var value = c < 3 ? v[c] : 255.0 * ((x * 3) + y) / ((3 * width) + height); // 4th channel: alpha ramp
                    if (channels == 1)
                    {
                        value = (0.3 * v[0]) + (0.6 * v[1]) + (0.1 * v[2]);
                    }
                    else if (channels == 2 && c == 1)
                    {
                        value = 255.0 * x / Math.Max(1, width - 1);
                    }

                    value += noise == 0 ? 0 : random.Next(-noise, noise + 1);
                    image.Pixels[(((y * width) + x) * channels) + c] = (byte)Math.Clamp(Math.Round(value), 0, 255);
                }
            }
        }

        return image;
    }

    /// <summary>Writes binary PPM (3 channels) or PGM (1 channel).</summary>
    public void WritePnm(string path)
    {
        if (Channels is not (1 or 3))
        {
            throw new InvalidOperationException("PNM holds 1 or 3 channels");
        }

        using var stream = File.Create(path);
        var header = System.Text.Encoding.ASCII.GetBytes($"{(Channels == 3 ? "P6" : "P5")}\n{Width} {Height}\n255\n");
        stream.Write(header);
        stream.Write(Pixels);
    }

    /// <summary>Reads 8-bit binary PPM (P6) or PGM (P5).</summary>
    public static RasterImage ReadPnm(byte[] bytes)
    {
        var position = 0;
        string Token()
        {
            while (position < bytes.Length)
            {
                if (bytes[position] == '#')
                {
                    while (position < bytes.Length && bytes[position] != '\n')
                    {
                        position++;
                    }
                }
                else if (char.IsWhiteSpace((char)bytes[position]))
                {
                    position++;
                }
                else
                {
                    break;
                }
            }

            var start = position;
            while (position < bytes.Length && !char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }

            return System.Text.Encoding.ASCII.GetString(bytes, start, position - start);
        }

        var magic = Token();
        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var max = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        position++; // the single whitespace after maxval
        if (max != 255)
        {
            throw new InvalidDataException($"expected 8-bit PNM, got maxval {max}");
        }

        var channels = magic switch
        {
            "P6" => 3,
            "P5" => 1,
            _ => throw new InvalidDataException($"unexpected PNM magic {magic}"),
        };
        var pixels = bytes.AsSpan(position, width * height * channels).ToArray();
        return new RasterImage(width, height, channels, pixels);
    }

    /// <summary>The same pixels as 3-channel RGB (gray replicated).</summary>
    public RasterImage ToRgb()
    {
        if (Channels == 3)
        {
            return this;
        }

        var rgb = new RasterImage(Width, Height, 3);
        for (var i = 0; i < Width * Height; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                rgb.Pixels[(i * 3) + c] = Pixels[i * Channels];
            }
        }

        return rgb;
    }
}
