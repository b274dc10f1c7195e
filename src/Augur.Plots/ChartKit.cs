using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Augur.Plots;

/// <summary>The shared start and finish of every chart: font, style, title, labels, legend, size.</summary>
internal sealed class ChartKit
{
    /// <summary>Category colours (the widely used "tab10" set).</summary>
    public static readonly Color[] Palette = Color.FromHex(
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]);

    /// <summary>Grey for reference lines (chance, perfect calibration, zero).</summary>
    public static readonly Color Reference = Color.FromHex("#7f7f7f");

    /// <summary>Red for positive contributions (SHAP, LIME), as the SHAP library draws them.</summary>
    public static readonly Color Positive = Color.FromHex("#ff0051");

    /// <summary>Blue for negative contributions.</summary>
    public static readonly Color Negative = Color.FromHex("#008bfb");

    private ChartKit(ChartOptions options, string font)
    {
        Options = options;
        Font = font;
        Plot = new Plot();
        Plot.Font.Set(font);
        Plot.Legend.SetBestFontOnEachRender = false;
        Plot.Legend.FontName = font;
        Plot.Legend.FontSize = 13;
    }

    public ChartOptions Options { get; }

    public string Font { get; }

    public Plot Plot { get; }

    public static ChartKit Start(ChartOptions? options)
    {
        options ??= ChartOptions.Default;
        options.Validate();
        return new ChartKit(options, ChartFonts.Resolve(options.FontFamily));
    }

    public static Color ColorAt(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];

    /// <summary>Adds text at data coordinates in the chart's font.</summary>
    public ScottPlot.Plottables.Text Text(string text, double x, double y, float size = 12, Color? color = null, Alignment alignment = Alignment.MiddleCenter, bool bold = false)
    {
        var t = Plot.Add.Text(text, x, y);
        t.LabelFontName = Font;
        t.LabelFontSize = size;
        t.LabelFontColor = color ?? Colors.Black;
        t.LabelAlignment = alignment;
        t.LabelBold = bold;
        return t;
    }

    /// <summary>Adds filled round markers (one draw call for all of them).</summary>
    public PointCloud Points(double[] xs, double[] ys, float size, Color color, string? legend = null)
    {
        var cloud = new PointCloud(xs, ys, color, size) { LegendText = legend };
        Plot.Add.Plottable(cloud);
        return cloud;
    }

    /// <summary>Category names along the left axis at positions 0, 1, …</summary>
    public void LeftCategories(IReadOnlyList<string> names, IReadOnlyList<double>? positions = null)
    {
        var ticks = new NumericManual();
        for (var i = 0; i < names.Count; i++) ticks.AddMajor(positions?[i] ?? i, names[i]);
        Plot.Axes.Left.TickGenerator = ticks;
        Plot.Axes.Left.MajorTickStyle.Length = 0;
        Plot.Axes.Left.MinorTickStyle.Length = 0;
    }

    /// <summary>Category names along the bottom axis at positions 0, 1, …</summary>
    public void BottomCategories(IReadOnlyList<string> names, IReadOnlyList<double>? positions = null)
    {
        var ticks = new NumericManual();
        for (var i = 0; i < names.Count; i++) ticks.AddMajor(positions?[i] ?? i, names[i]);
        Plot.Axes.Bottom.TickGenerator = ticks;
        Plot.Axes.Bottom.MajorTickStyle.Length = 0;
        Plot.Axes.Bottom.MinorTickStyle.Length = 0;
    }

    /// <summary>Shows the legend (only when some plottable has legend text).</summary>
    public void Legend(Alignment alignment)
    {
        Plot.ShowLegend(alignment);
        Plot.Legend.FontName = Font;
        Plot.Legend.SetBestFontOnEachRender = false;
    }

    /// <summary>Sets titles and labels, then wraps the plot with its size.</summary>
    public Chart Finish(string kind, string defaultTitle, string xLabel, string yLabel, int defaultWidth = 800, int defaultHeight = 600)
    {
        var title = Options.Title ?? defaultTitle;
        if (title.Length > 0) Plot.Title(title, 18);
        Plot.Axes.Title.Label.FontName = Font;
        Plot.Axes.Title.Label.Bold = true;
        Plot.XLabel(xLabel, 15);
        Plot.YLabel(yLabel, 15);
        foreach (var axis in Plot.Axes.GetAxes())
        {
            axis.Label.FontName = Font;
            axis.TickLabelStyle.FontName = Font;
            axis.TickLabelStyle.FontSize = 12;
        }
        Plot.Legend.FontName = Font;
        return new Chart(Plot, kind, title, Options.Width ?? defaultWidth, Options.Height ?? defaultHeight, Font);
    }

    /// <summary>A number formatted for a label: up to <paramref name="digits"/> significant digits, invariant culture.</summary>
    public static string Format(double value, int digits = 3)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "-∞";
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        if (magnitude >= 1e6 || magnitude < 1e-3) return value.ToString("0.##e+0", CultureInfo.InvariantCulture);
        var decimals = Math.Max(0, digits - 1 - (int)Math.Floor(Math.Log10(magnitude)));
        return Math.Round(value, Math.Min(decimals, 15)).ToString("0." + new string('#', Math.Min(decimals, 15)), CultureInfo.InvariantCulture);
    }

    /// <summary>A fixed-decimals number for legends (AUC = 0.912).</summary>
    public static string Fixed(double value, int decimals = 3) =>
        double.IsNaN(value) ? "NaN" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Evenly spaced histogram edges for <paramref name="values"/> (finite ones), with a bin count by the Freedman–Diaconis rule bounded to [5, maxBins].</summary>
    public static double[] HistogramEdges(IEnumerable<double> values, int? bins = null, int maxBins = 50)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return [0, 1];
        Array.Sort(finite);
        double lo = finite[0], hi = finite[^1];
        if (hi <= lo)
        {
            lo -= 0.5;
            hi += 0.5;
        }
        int count;
        if (bins is { } b) count = b;
        else
        {
            var iqr = Quantile(finite, 0.75) - Quantile(finite, 0.25);
            var width = 2 * iqr / Math.Cbrt(finite.Length);
            count = width > 0 ? (int)Math.Ceiling((hi - lo) / width) : (int)Math.Ceiling(Math.Sqrt(finite.Length));
            count = Math.Clamp(count, 5, maxBins);
        }
        if (count < 1) throw new AugurException($"a histogram needs at least one bin, got {count}");
        var edges = new double[count + 1];
        for (var i = 0; i <= count; i++) edges[i] = lo + (hi - lo) * i / count;
        edges[^1] = hi;
        return edges;
    }

    /// <summary>Counts of <paramref name="values"/> in the bins given by <paramref name="edges"/> (last bin closed, NumPy's histogram).</summary>
    public static double[] HistogramCounts(IEnumerable<double> values, double[] edges)
    {
        var counts = new double[edges.Length - 1];
        double lo = edges[0], hi = edges[^1];
        foreach (var v in values)
        {
            if (!double.IsFinite(v) || v < lo || v > hi) continue;
            var k = Array.BinarySearch(edges, v);
            var bin = k >= 0 ? Math.Min(k, counts.Length - 1) : ~k - 1;
            counts[Math.Clamp(bin, 0, counts.Length - 1)]++;
        }
        return counts;
    }

    /// <summary>The <paramref name="q"/>-quantile of sorted values, linear interpolation (NumPy's default).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /// <summary>Checks that two arrays have the same length.</summary>
    public static void SameLength(int a, int b, string what, string other)
    {
        if (a != b) throw new AugurException($"{what} has {a} values but {other} has {b}; they must match");
    }

    /// <summary>Checks that data is not empty.</summary>
    public static void NotEmpty(int count, string what)
    {
        if (count == 0) throw new AugurException($"{what} is empty; a chart needs at least one value");
    }
}
