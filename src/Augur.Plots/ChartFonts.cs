using System.Collections.Concurrent;
using SkiaSharp;

namespace Augur.Plots;

/// <summary>
/// Makes sure a chart's font can really be drawn. ScottPlot draws no text at all when a font is missing, so a missing
/// font is an error here rather than a chart without labels.
/// </summary>
internal static class ChartFonts
{
    private static readonly ConcurrentDictionary<string, string> s_resolved = new(StringComparer.OrdinalIgnoreCase);
    private static readonly object s_gate = new();

    /// <summary>Folders searched for DejaVu Sans when the system font manager does not know it.</summary>
    private static readonly string[] s_dejaVuFolders =
    [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fonts"),
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local/share/fonts"),
        Environment.GetFolderPath(Environment.SpecialFolder.Fonts),
    ];

    /// <summary>Returns the family name to give ScottPlot, registering font files when needed.</summary>
    public static string Resolve(string family) => s_resolved.GetOrAdd(family, Load);

    private static string Load(string family)
    {
        lock (s_gate)
        {
            if (Installed(family)) return family;
            if (string.Equals(family, ChartOptions.DefaultFontFamily, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var folder in s_dejaVuFolders)
                {
                    if (string.IsNullOrEmpty(folder)) continue;
                    var regular = Path.Combine(folder, "DejaVuSans.ttf");
                    if (!File.Exists(regular)) continue;
                    ScottPlot.Fonts.AddFontFile(ChartOptions.DefaultFontFamily, regular, bold: false, italic: false);
                    var bold = Path.Combine(folder, "DejaVuSans-Bold.ttf");
                    ScottPlot.Fonts.AddFontFile(ChartOptions.DefaultFontFamily, File.Exists(bold) ? bold : regular, bold: true, italic: false);
                    return ChartOptions.DefaultFontFamily;
                }
            }
            throw new AugurException(
                $"the font '{family}' is not installed, and charts cannot draw text without it; install it " +
                "(DejaVu Sans: the Debian/Ubuntu package fonts-dejavu-core) or choose an installed font with ChartOptions.FontFamily");
        }
    }

    private static bool Installed(string family)
    {
        using var typeface = SKFontManager.Default.MatchFamily(family);
        return typeface is not null && string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase) && typeface.GlyphCount > 0;
    }
}
