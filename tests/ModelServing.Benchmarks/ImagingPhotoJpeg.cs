using System.Diagnostics;

namespace ModelServing.Benchmarks;

/// <summary>Generates a photo-like JPEG: sky-like gradient, soft blobs, hard-edged shapes, fine texture and mild noise.</summary>
internal static class ImagingPhotoJpeg
{
    /// <summary>Encodes the synthetic photo with cjpeg (libjpeg-turbo-progs) at quality 90, 4:2:0.</summary>
    public static byte[] Create(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 3];
        var blobs = Enumerable.Range(0, 12).Select(_ => (X: random.NextDouble() * width, Y: random.NextDouble() * height,
            R: (0.05 + (random.NextDouble() * 0.25)) * width, Color: (random.Next(256), random.Next(256), random.Next(256)))).ToArray();
        var boxes = Enumerable.Range(0, 30).Select(_ => (X: random.Next(width), Y: random.Next(height), W: 4 + random.Next(width / 6),
            H: 4 + random.Next(height / 6), Color: (random.Next(256), random.Next(256), random.Next(256)))).ToArray();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double r = 90 + (100.0 * y / height), g = 140 + (60.0 * x / width), b = 220 - (80.0 * y / height);
                foreach (var blob in blobs)
                {
                    var d2 = (((x - blob.X) * (x - blob.X)) + ((y - blob.Y) * (y - blob.Y))) / (blob.R * blob.R);
                    if (d2 < 9)
                    {
                        var a = Math.Exp(-d2) * 0.8;
                        r += a * (blob.Color.Item1 - r);
                        g += a * (blob.Color.Item2 - g);
                        b += a * (blob.Color.Item3 - b);
                    }
                }

                foreach (var box in boxes)
                {
                    if (x >= box.X && x < box.X + box.W && y >= box.Y && y < box.Y + box.H)
                    {
                        (r, g, b) = (box.Color.Item1, box.Color.Item2, box.Color.Item3);
                    }
                }

                var texture = 10 * Math.Sin(x * 0.31) * Math.Sin(y * 0.17);
                var i = ((y * width) + x) * 3;
                pixels[i] = Clamp(r + texture + random.Next(-5, 6));
                pixels[i + 1] = Clamp(g + texture + random.Next(-5, 6));
                pixels[i + 2] = Clamp(b + texture + random.Next(-5, 6));
            }
        }

        var directory = Directory.CreateTempSubdirectory("ms-bench-imaging-").FullName;
        try
        {
            var ppm = Path.Combine(directory, "photo.ppm");
            var jpg = Path.Combine(directory, "photo.jpg");
            using (var stream = File.Create(ppm))
            {
                stream.Write(System.Text.Encoding.ASCII.GetBytes($"P6\n{width} {height}\n255\n"));
                stream.Write(pixels);
            }

            using var process = Process.Start(new ProcessStartInfo("cjpeg", $"-quality 90 -outfile {jpg} {ppm}") { UseShellExecute = false })
                ?? throw new InvalidOperationException("cjpeg did not start (install libjpeg-turbo-progs)");
            process.WaitForExit();
            return process.ExitCode == 0 ? File.ReadAllBytes(jpg) : throw new InvalidOperationException("cjpeg failed");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
