using Augur.Data;
using Augur.Decomposition;
using Augur.Numerics;
using ScottPlot;
using Label = Augur.Metrics.Label;

namespace Augur.Plots;

public static partial class Charts
{
    /// <summary>
    /// Clusters on a two-dimensional PCA projection of the features (Augur's <see cref="Pca"/> with two components):
    /// one colour per cluster, noise (label −1) in grey, and the cluster centres as crosses when given.
    /// </summary>
    /// <param name="x">The features (numeric, no missing values).</param>
    /// <param name="labels">The cluster of each row.</param>
    /// <param name="centers">Optional cluster centres in feature space (clusters × features), for example k-means centres.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ClusterProjection(Frame x, Column labels, Matrix? centers = null, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        ChartKit.SameLength(x.RowCount, labels.Length, "the features", "the cluster labels");
        ChartKit.NotEmpty(x.RowCount, "the data");
        if (x.ColumnCount < 2) throw new AugurException($"a 2-D projection needs at least two feature columns, got {x.ColumnCount}");
        var pca = new Pca { NComponents = 2 }.Fit(x);
        var z = pca.TransformMatrix(x.ToMatrix(consumer: "the cluster projection"));
        var kit = ChartKit.Start(options);
        var label = Label.FromColumn(labels);
        var groups = label.Select((l, i) => (l, i)).GroupBy(t => t.l).OrderBy(g => g.Key.IsText ? 1 : 0).ThenBy(g => g.Key.Number).ThenBy(g => g.Key.Text, StringComparer.Ordinal).ToList();
        var size = MarkerSize(x.RowCount) + 1;
        var colorIndex = 0;
        foreach (var g in groups)
        {
            var rows = g.Select(t => t.i).ToArray();
            var noise = !g.Key.IsText && g.Key.Number == -1;
            var color = noise ? Color.FromHex("#9a9a9a") : ChartKit.ColorAt(colorIndex++);
            var points = kit.Points(rows.Select(i => z[i, 0]).ToArray(), rows.Select(i => z[i, 1]).ToArray(), size, color.WithAlpha(0.75));
            points.LegendText = noise ? $"noise ({rows.Length})" : $"cluster {g.Key} ({rows.Length})";
        }
        if (centers is not null)
        {
            if (centers.Cols != x.ColumnCount)
                throw new AugurException($"the centres have {centers.Cols} columns but the features have {x.ColumnCount}; they must match");
            var c = pca.TransformMatrix(centers);
            var marks = kit.Plot.Add.Markers(c.Column(0), c.Column(1), MarkerShape.Cross, 16, Colors.Black);
            marks.MarkerLineWidth = 3;
            marks.LegendText = "centres";
        }
        kit.Legend(Alignment.UpperRight);
        var ratio = pca.ExplainedVarianceRatio;
        return kit.Finish("cluster_projection", "Clusters (PCA projection)",
            $"PC1 ({ChartKit.Fixed(100 * ratio[0], 1)}% of variance)", $"PC2 ({ChartKit.Fixed(100 * ratio[1], 1)}% of variance)", 820, 660);
    }

    /// <summary>Clusters on a 2-D PCA projection, with integer cluster labels.</summary>
    /// <param name="x">The features.</param>
    /// <param name="labels">The cluster of each row (−1: noise).</param>
    /// <param name="centers">Optional cluster centres in feature space.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ClusterProjection(Frame x, int[] labels, Matrix? centers = null, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return ClusterProjection(x, new Int64Column("cluster", labels.Select(l => (long)l).ToArray()), centers, options);
    }

    /// <summary>
    /// The elbow chart for choosing k: inertia (within-cluster sum of squares) against the number of clusters, with the
    /// elbow marked (the point furthest from the straight line between the first and last points, after scaling both axes to [0, 1]).
    /// </summary>
    /// <param name="ks">The numbers of clusters tried, ascending.</param>
    /// <param name="inertias">The inertia of each.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart Elbow(IReadOnlyList<int> ks, IReadOnlyList<double> inertias, ChartOptions? options = null)
    {
        var x = CheckK(ks, inertias, "inertias");
        var y = inertias.ToArray();
        var kit = ChartKit.Start(options);
        var line = kit.Plot.Add.Scatter(x, y, ChartKit.ColorAt(0));
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = "Inertia";
        if (ElbowIndex(x, y) is { } e)
        {
            var mark = kit.Plot.Add.VerticalLine(x[e], 1.5f, ChartKit.ColorAt(3), LinePattern.Dashed);
            mark.LegendText = $"Elbow at k = {ks[e]}";
        }
        IntegerTicks(kit, ks);
        kit.Legend(Alignment.UpperRight);
        return kit.Finish("elbow", "Elbow method", "Number of clusters k", "Inertia (within-cluster sum of squares)");
    }

    /// <summary>The mean silhouette score against the number of clusters, with the best k marked.</summary>
    /// <param name="ks">The numbers of clusters tried, ascending.</param>
    /// <param name="scores">The mean silhouette score of each.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart SilhouetteByK(IReadOnlyList<int> ks, IReadOnlyList<double> scores, ChartOptions? options = null)
    {
        var x = CheckK(ks, scores, "silhouette scores");
        var y = scores.ToArray();
        var kit = ChartKit.Start(options);
        var line = kit.Plot.Add.Scatter(x, y, ChartKit.ColorAt(0));
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = "Mean silhouette";
        var best = Enumerable.Range(0, y.Length).Where(i => double.IsFinite(y[i])).DefaultIfEmpty(-1).MaxBy(i => i < 0 ? 0 : y[i]);
        if (best >= 0)
        {
            var mark = kit.Plot.Add.VerticalLine(x[best], 1.5f, ChartKit.ColorAt(3), LinePattern.Dashed);
            mark.LegendText = $"Best k = {ks[best]} ({ChartKit.Fixed(y[best])})";
        }
        IntegerTicks(kit, ks);
        kit.Legend(Alignment.UpperRight);
        return kit.Finish("silhouette_by_k", "Silhouette score by k", "Number of clusters k", "Mean silhouette coefficient");
    }

    /// <summary>
    /// The per-sample silhouette plot: for each cluster, its rows' silhouette coefficients sorted and drawn as a filled
    /// band, clusters stacked; the dashed line is the mean over all rows.
    /// </summary>
    /// <param name="samples">The silhouette coefficient of each row (for example <c>ClusteringMetrics.SilhouetteSamples</c>).</param>
    /// <param name="labels">The cluster of each row.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart SilhouetteSamples(double[] samples, Column labels, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(labels);
        ChartKit.SameLength(samples.Length, labels.Length, "the silhouette values", "the cluster labels");
        ChartKit.NotEmpty(samples.Length, "the silhouette values");
        var label = Label.FromColumn(labels);
        var groups = label.Select((l, i) => (l, i)).GroupBy(t => t.l).OrderBy(g => g.Key.IsText ? 1 : 0).ThenBy(g => g.Key.Number).ThenBy(g => g.Key.Text, StringComparer.Ordinal).ToList();
        var kit = ChartKit.Start(options);
        var gap = Math.Max(2, samples.Length / 50);
        double bottom = gap;
        var positions = new List<double>();
        var names = new List<string>();
        for (var k = 0; k < groups.Count; k++)
        {
            var values = groups[k].Select(t => samples[t.i]).Where(double.IsFinite).OrderBy(v => v).ToArray();
            if (values.Length == 0) continue;
            var color = ChartKit.ColorAt(k);
            var polygon = new Coordinates[2 * values.Length + 2];
            polygon[0] = new Coordinates(0, bottom);
            for (var i = 0; i < values.Length; i++)
            {
                polygon[1 + 2 * i] = new Coordinates(values[i], bottom + i);
                polygon[2 + 2 * i] = new Coordinates(values[i], bottom + i + 1);
            }
            polygon[^1] = new Coordinates(0, bottom + values.Length);
            var shape = kit.Plot.Add.Polygon(polygon);
            shape.FillColor = color.WithAlpha(0.75);
            shape.LineColor = color;
            shape.LineWidth = 0.5f;
            positions.Add(bottom + values.Length / 2.0);
            names.Add($"{groups[k].Key} ({values.Length})");
            bottom += values.Length + gap;
        }
        var finite = samples.Where(double.IsFinite).ToArray();
        var mean = finite.Length > 0 ? finite.Average() : double.NaN;
        if (double.IsFinite(mean))
        {
            var line = kit.Plot.Add.VerticalLine(mean, 2, ChartKit.ColorAt(3), LinePattern.Dashed);
            line.LegendText = $"Mean = {ChartKit.Fixed(mean)}";
        }
        kit.Plot.Add.VerticalLine(0, 1, Colors.Black);
        kit.LeftCategories(names, positions);
        var lo = Math.Min(-0.1, finite.DefaultIfEmpty(0).Min() - 0.05);
        kit.Plot.Axes.SetLimits(lo, 1.02, 0, bottom);
        kit.Plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        kit.Legend(Alignment.LowerRight);
        return kit.Finish("silhouette_samples", "Silhouette plot", "Silhouette coefficient", "Cluster (rows)", 800, Math.Clamp(300 + 40 * groups.Count, 560, 1400));
    }

    /// <summary>The per-sample silhouette plot with integer cluster labels.</summary>
    /// <param name="samples">The silhouette coefficient of each row.</param>
    /// <param name="labels">The cluster of each row.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart SilhouetteSamples(double[] samples, int[] labels, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return SilhouetteSamples(samples, new Int64Column("cluster", labels.Select(l => (long)l).ToArray()), options);
    }

    /// <summary>The index of the elbow: the point furthest below the chord from the first to the last point, axes scaled to [0, 1]; null when the curve has fewer than three points or no bend.</summary>
    internal static int? ElbowIndex(double[] x, double[] y)
    {
        if (x.Length < 3) return null;
        double x0 = x[0], x1 = x[^1], y0 = y.Min(), y1 = y.Max();
        if (x1 <= x0 || y1 <= y0) return null;
        var first = (X: 0.0, Y: (y[0] - y0) / (y1 - y0));
        var last = (X: 1.0, Y: (y[^1] - y0) / (y1 - y0));
        int? best = null;
        double bestDistance = 1e-9;
        for (var i = 1; i < x.Length - 1; i++)
        {
            var px = (x[i] - x0) / (x1 - x0);
            var py = (y[i] - y0) / (y1 - y0);
            // Distance below the chord (for a decreasing, convex curve the elbow lies furthest below it).
            var chord = first.Y + (last.Y - first.Y) * (px - first.X);
            var distance = chord - py;
            if (distance > bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }
        return best;
    }

    private static double[] CheckK(IReadOnlyList<int> ks, IReadOnlyList<double> values, string what)
    {
        ArgumentNullException.ThrowIfNull(ks);
        ArgumentNullException.ThrowIfNull(values);
        ChartKit.SameLength(ks.Count, values.Count, "the numbers of clusters", $"the {what}");
        ChartKit.NotEmpty(ks.Count, "the list of cluster counts");
        for (var i = 1; i < ks.Count; i++)
            if (ks[i] <= ks[i - 1]) throw new AugurException("the numbers of clusters must be strictly ascending");
        return ks.Select(k => (double)k).ToArray();
    }

    private static void IntegerTicks(ChartKit kit, IReadOnlyList<int> ks)
    {
        if (ks.Count > 25) return;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var k in ks) ticks.AddMajor(k, k.ToString(System.Globalization.CultureInfo.InvariantCulture));
        kit.Plot.Axes.Bottom.TickGenerator = ticks;
    }
}
