using ScottPlot;
using SkiaSharp;

namespace Augur.Plots;

/// <summary>
/// Many round markers of one colour, drawn with a single Skia <c>DrawPoints</c> call (round caps) instead of one path
/// per marker: large scatters render several times faster, and look the same. Above 20,000 points, markers of 3 pixels
/// or less are drawn as squares without anti-aliasing (indistinguishable at that size, and about four times faster).
/// </summary>
internal sealed class PointCloud : IPlottable
{
    private readonly double[] _xs;
    private readonly double[] _ys;
    private readonly AxisLimits _limits;

    public PointCloud(double[] xs, double[] ys, Color color, float size)
    {
        ChartKit.SameLength(xs.Length, ys.Length, "the x values", "the y values");
        _xs = xs;
        _ys = ys;
        Color = color;
        Size = size;
        double left = double.PositiveInfinity, right = double.NegativeInfinity, bottom = double.PositiveInfinity, top = double.NegativeInfinity;
        for (var i = 0; i < xs.Length; i++)
        {
            if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i])) continue;
            left = Math.Min(left, xs[i]);
            right = Math.Max(right, xs[i]);
            bottom = Math.Min(bottom, ys[i]);
            top = Math.Max(top, ys[i]);
        }
        _limits = left <= right ? new AxisLimits(left, right, bottom, top) : AxisLimits.NoLimits;
    }

    public Color Color { get; }

    public float Size { get; }

    public string? LegendText { get; set; }

    /// <summary>
    /// Draw every marker as a circle of one path rather than as round-capped points: needed for SVG, where Skia's point
    /// drawing leaves no visible marks. <see cref="Chart.ToSvg"/> turns it on while it renders.
    /// </summary>
    public bool VectorMode { get; set; }

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new ScottPlot.Axes();

    public IEnumerable<LegendItem> LegendItems => LegendText is null
        ? LegendItem.None
        : LegendItem.Single(this, LegendText, new MarkerStyle(MarkerShape.FilledCircle, Math.Max(Size, 7), Color.WithAlpha(Math.Max(Color.A, (byte)200))));

    public AxisLimits GetAxisLimits() => _limits;

    public void Render(RenderPack rp)
    {
        var points = new SKPoint[_xs.Length];
        var count = 0;
        for (var i = 0; i < _xs.Length; i++)
        {
            if (!double.IsFinite(_xs[i]) || !double.IsFinite(_ys[i])) continue;
            points[count++] = new SKPoint(Axes.GetPixelX(_xs[i]), Axes.GetPixelY(_ys[i]));
        }
        if (count == 0) return;
        using var paint = new SKPaint
        {
            Color = Color.ToSKColor(),
            StrokeWidth = Size,
            StrokeCap = Size <= 3 && count > 20_000 ? SKStrokeCap.Square : SKStrokeCap.Round,
            Style = SKPaintStyle.Stroke,
            IsAntialias = count <= 20_000,
        };
        if (VectorMode)
        {
            using var path = new SKPath();
            var radius = Size / 2;
            for (var i = 0; i < count; i++) path.AddCircle(points[i].X, points[i].Y, radius);
            paint.Style = SKPaintStyle.Fill;
            rp.Canvas.DrawPath(path, paint);
        }
        else
        {
            rp.Canvas.DrawPoints(SKPointMode.Points, count == points.Length ? points : points[..count], paint);
        }
    }
}
