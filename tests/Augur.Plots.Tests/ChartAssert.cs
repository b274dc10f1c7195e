using System.Text.RegularExpressions;
using Augur.Plots;
using SkiaSharp;

namespace Augur.Plots.Tests;

/// <summary>Checks that a chart really renders: a PNG of the right size with content, and an SVG whose text is drawn in the chart's font.</summary>
internal static partial class ChartAssert
{
    /// <summary>Renders <paramref name="chart"/> as PNG and SVG and checks both; returns the decoded PNG.</summary>
    public static SKBitmap Rendered(Chart chart, int? minTextElements = null)
    {
        Assert.NotNull(chart);
        var png = chart.ToPng();
        Dump(chart, png);
        Assert.True(png.Length > 2000, $"{chart}: PNG of only {png.Length} bytes");
        var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(chart.Width, bitmap.Width);
        Assert.Equal(chart.Height, bitmap.Height);
        Assert.InRange(bitmap.Width, 300, 3000);
        Assert.InRange(bitmap.Height, 200, 3000);
        // Not a blank canvas: a good share of pixels differ from the white background.
        var nonWhite = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var p = bitmap.GetPixel(x, y);
                if (p.Red < 240 || p.Green < 240 || p.Blue < 240) nonWhite++;
            }
        Assert.True(nonWhite > bitmap.Width * bitmap.Height / 4 / 200, $"{chart}: almost blank ({nonWhite} non-white samples)");

        var svg = chart.ToSvg();
        Assert.StartsWith("<?xml", svg.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        var texts = TextElement().Matches(svg);
        Assert.True(texts.Count >= (minTextElements ?? 3), $"{chart}: only {texts.Count} text elements in the SVG");
        foreach (Match t in texts)
            Assert.Contains($"font-family=\"{chart.FontFamily}\"", t.Value, StringComparison.Ordinal);
        if (chart.Title.Length > 0) Assert.Contains(Escape(chart.Title), svg, StringComparison.Ordinal);
        return bitmap;
    }

    /// <summary>How many pixels differ between two images of the same size inside a rectangle.</summary>
    public static int DifferentPixels(SKBitmap a, SKBitmap b, SKRectI region)
    {
        Assert.Equal(a.Width, b.Width);
        Assert.Equal(a.Height, b.Height);
        var count = 0;
        for (var y = region.Top; y < region.Bottom; y++)
            for (var x = region.Left; x < region.Right; x++)
                if (a.GetPixel(x, y) != b.GetPixel(x, y)) count++;
        return count;
    }

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    /// <summary>Writes the PNG to $AUGUR_PLOTS_DUMP when that is set (for looking at charts by eye).</summary>
    private static void Dump(Chart chart, byte[] png)
    {
        var dir = Environment.GetEnvironmentVariable("AUGUR_PLOTS_DUMP");
        if (string.IsNullOrEmpty(dir)) return;
        Directory.CreateDirectory(dir);
        var name = $"{chart.Kind}-{Regex.Replace(chart.Title, "[^A-Za-z0-9]+", "_")}.png";
        File.WriteAllBytes(Path.Combine(dir, name), png);
    }

    [GeneratedRegex("<text[^>]*>")]
    private static partial Regex TextElement();
}
