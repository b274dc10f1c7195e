namespace Augur.Plots;

/// <summary>
/// Size, title and font of a chart. Every <see cref="Charts"/> method takes one; leave a property null to keep that
/// chart's default (each kind picks a size and title that suit it).
/// </summary>
public sealed record ChartOptions
{
    /// <summary>The default font: DejaVu Sans, set explicitly so that charts look the same everywhere.</summary>
    public const string DefaultFontFamily = "DejaVu Sans";

    /// <summary>Width in pixels (null: the chart's default, usually 800).</summary>
    public int? Width { get; init; }

    /// <summary>Height in pixels (null: the chart's default, usually 600; lists of features grow with their length).</summary>
    public int? Height { get; init; }

    /// <summary>The title (null: the chart's default title; empty: no title).</summary>
    public string? Title { get; init; }

    /// <summary>The font family for every label. It must be installed (or be DejaVu Sans, which is also looked up in the usual font folders).</summary>
    public string FontFamily { get; init; } = DefaultFontFamily;

    /// <summary>The default options.</summary>
    public static ChartOptions Default { get; } = new();

    internal void Validate()
    {
        if (Width is { } w && (w < 100 || w > 10_000)) throw new AugurException($"chart width must lie between 100 and 10000 pixels, got {w}");
        if (Height is { } h && (h < 100 || h > 10_000)) throw new AugurException($"chart height must lie between 100 and 10000 pixels, got {h}");
        if (string.IsNullOrWhiteSpace(FontFamily)) throw new AugurException("chart font family must not be empty");
    }
}
