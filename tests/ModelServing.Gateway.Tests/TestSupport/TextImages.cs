using System.Diagnostics;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>Renders real text images at test time with ImageMagick and the DejaVu font (Debian packages).</summary>
internal static class TextImages
{
    private const string Convert = "/usr/bin/convert";
    private const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>One line of black text on white, upright or turned by 180 degrees.</summary>
    public static byte[] Line(string text, bool rotated180, string format = "jpg") =>
        Render(["-size", "480x64", "xc:white", "-font", Font, "-pointsize", "34", "-fill", "black", "-annotate", "+12+45", text,
            .. rotated180 ? new[] { "-rotate", "180" } : [], "-quality", "92"], format);

    /// <summary>One line of black text cropped close (an ImageMagick label with a 4-pixel white border), as a detector crops it.</summary>
    public static byte[] Label(string text, int pointSize = 32, string format = "jpg") =>
        Render(["-font", Font, "-pointsize", pointSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "-background", "white",
            "-fill", "black", $"label:{text}", "-bordercolor", "white", "-border", "4", "-quality", "92"], format);

    /// <summary>A white page with text lines whose top-left corners are at the given points (baseline 30 px below).</summary>
    /// <remarks><paramref name="rotated180"/> turns the whole page upside down (every line, and their order, reversed).</remarks>
    public static byte[] Page(int width, int height, IReadOnlyList<(int X, int Y, string Text)> lines, string format = "jpg", bool rotated180 = false)
    {
        var args = new List<string> { "-size", $"{width}x{height}", "xc:white", "-font", Font, "-pointsize", "30", "-fill", "black" };
        foreach (var (x, y, text) in lines)
        {
            args.AddRange(["-annotate", $"+{x}+{y + 30}", text]);
        }

        args.AddRange(rotated180 ? ["-rotate", "180", "-quality", "92"] : ["-quality", "92"]);
        return Render(args, format);
    }

    /// <summary>A blank white image of any size (a 1x1 pixel, a long thin strip), encoded by ImageMagick.</summary>
    public static byte[] Blank(int width, int height, string format = "png") => Render(["-size", $"{width}x{height}", "xc:white"], format);

    private static byte[] Render(IReadOnlyList<string> args, string format)
    {
        var output = Path.Combine(Path.GetTempPath(), $"ms-text-{Guid.NewGuid():N}.{format}");
        var start = new ProcessStartInfo(Convert) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add(output);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ImageMagick (convert) could not start; run scripts/setup.sh.");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"convert failed: {error}");
        }

        try
        {
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
