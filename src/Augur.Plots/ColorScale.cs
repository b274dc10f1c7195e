using ScottPlot;

namespace Augur.Plots;

/// <summary>A continuous colour scale over a value range, which can also draw itself as a colour bar.</summary>
internal sealed class ColorScale : IHasColorAxis
{
    /// <summary>White to dark blue (for counts).</summary>
    public static readonly IColormap Blues = ScottPlot.Colormap.FromColors(Color.FromHex(
        ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"]), smooth: true);

    /// <summary>Blue to red through purple, as the SHAP library colours feature values (low blue, high red).</summary>
    public static readonly IColormap BlueRed = ScottPlot.Colormap.FromColors(Color.FromHex(["#008bfb", "#7a34c6", "#ff0051"]), smooth: true);

    private readonly double _min;
    private readonly double _max;

    public ColorScale(IColormap colormap, double min, double max)
    {
        Colormap = colormap;
        _min = min;
        _max = max > min ? max : min + 1;
    }

    /// <inheritdoc />
    public IColormap Colormap { get; set; }

    /// <inheritdoc />
    public ScottPlot.Range GetRange() => new(_min, _max);

    /// <summary>The colour of <paramref name="value"/> (clamped to the range).</summary>
    public Color ColorOf(double value) => Colormap.GetColor(Math.Clamp((value - _min) / (_max - _min), 0, 1));

    /// <summary>Adds the colour bar on the right edge in the chart's font.</summary>
    public ScottPlot.Panels.ColorBar AddColorBar(ChartKit kit, string? label = null)
    {
        var bar = kit.Plot.Add.ColorBar(this);
        bar.Axis.TickLabelStyle.FontName = kit.Font;
        bar.Axis.TickLabelStyle.FontSize = 12;
        if (label is not null)
        {
            bar.Label = label;
            bar.LabelStyle.FontName = kit.Font;
            bar.LabelStyle.FontSize = 13;
        }
        return bar;
    }
}
