using System.Diagnostics;

namespace ModelServing.Imaging.Tests.TestSupport;

/// <summary>Runs the reference tools from Debian: cjpeg/djpeg (libjpeg-turbo-progs) and ImageMagick's convert.</summary>
public static class ExternalTools
{
    /// <summary>ImageMagick by full path: /usr/local/bin/convert on these machines is not ImageMagick.</summary>
    public const string Convert = "/usr/bin/convert";

    /// <summary>Encodes <paramref name="image"/> with cjpeg and the given arguments (e.g. "-quality 90 -sample 1x1").</summary>
    public static byte[] Cjpeg(RasterImage image, string arguments, string directory)
    {
        var input = Path.Combine(directory, $"cjpeg-{Guid.NewGuid():N}.{(image.Channels == 3 ? "ppm" : "pgm")}");
        var output = Path.ChangeExtension(input, ".jpg");
        image.WritePnm(input);
        Run("cjpeg", $"{arguments} -outfile {output} {input}");
        var bytes = File.ReadAllBytes(output);
        File.Delete(input);
        File.Delete(output);
        return bytes;
    }

    /// <summary>Decodes JPEG bytes with djpeg to PPM/PGM (extra arguments e.g. "-scale 1/4").</summary>
    public static RasterImage Djpeg(byte[] jpeg, string directory, string arguments = "")
    {
        var input = Path.Combine(directory, $"djpeg-{Guid.NewGuid():N}.jpg");
        var output = Path.ChangeExtension(input, ".pnm");
        File.WriteAllBytes(input, jpeg);
        Run("djpeg", $"-pnm {arguments} -outfile {output} {input}");
        var image = RasterImage.ReadPnm(File.ReadAllBytes(output));
        File.Delete(input);
        File.Delete(output);
        return image;
    }

    /// <summary>Runs ImageMagick on <paramref name="input"/> (written to a file with <paramref name="inputExtension"/>) and returns the output file.</summary>
    /// <param name="input">Input file bytes.</param>
    /// <param name="inputExtension">Extension telling ImageMagick the input format (ppm, png...).</param>
    /// <param name="arguments">Options between input and output.</param>
    /// <param name="output">Output spec, e.g. "PNG8:out.png" or "ppm:out.ppm", with {0} where the file name goes.</param>
    /// <param name="directory">Scratch directory.</param>
    public static byte[] ImageMagick(byte[] input, string inputExtension, string arguments, string output, string directory)
    {
        var id = Guid.NewGuid().ToString("N");
        var inputPath = Path.Combine(directory, $"im-{id}.{inputExtension}");
        var outputPath = Path.Combine(directory, $"im-{id}.out");
        File.WriteAllBytes(inputPath, input);
        Run(Convert, $"{inputPath} {arguments} {string.Format(System.Globalization.CultureInfo.InvariantCulture, output, outputPath)}");
        var bytes = File.ReadAllBytes(outputPath);
        File.Delete(inputPath);
        File.Delete(outputPath);
        return bytes;
    }

    private static void Run(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not start {tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {arguments} failed ({process.ExitCode}): {stderr.Result}");
        }
    }
}
