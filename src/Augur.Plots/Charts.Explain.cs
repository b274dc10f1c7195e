using Augur.Numerics;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Augur.Plots;

public static partial class Charts
{
    /// <summary>Feature importances as horizontal bars, largest at the top, with optional error bars (for example ± one standard deviation).</summary>
    /// <param name="names">Feature names.</param>
    /// <param name="importances">One importance per feature.</param>
    /// <param name="errors">Optional error (half-width) per feature.</param>
    /// <param name="maxFeatures">Show at most this many features (the most important).</param>
    /// <param name="xLabel">The value axis label.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart FeatureImportance(IReadOnlyList<string> names, IReadOnlyList<double> importances, IReadOnlyList<double>? errors = null,
        int maxFeatures = 20, string xLabel = "Importance", ChartOptions? options = null) =>
        HorizontalBars("feature_importance", "Feature importance", names, importances, errors, maxFeatures, xLabel, options);

    /// <summary>
    /// Permutation importances as horizontal box plots (one box per feature over the repeats: quartiles, median,
    /// whiskers to the furthest value within 1.5 IQR, outliers as points), ordered by mean importance, largest at the top.
    /// </summary>
    /// <param name="names">Feature names.</param>
    /// <param name="importances">The score decrease of each repeat, per feature: [feature][repeat].</param>
    /// <param name="scoreName">The score that was permuted against (for the axis label).</param>
    /// <param name="maxFeatures">Show at most this many features.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart PermutationImportance(IReadOnlyList<string> names, IReadOnlyList<double[]> importances, string scoreName = "score",
        int maxFeatures = 20, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(importances);
        ChartKit.SameLength(names.Count, importances.Count, "the feature names", "the importances");
        ChartKit.NotEmpty(names.Count, "the list of features");
        if (maxFeatures < 1) throw new AugurException($"maxFeatures must be at least 1, got {maxFeatures}");
        var order = Enumerable.Range(0, names.Count)
            .OrderByDescending(i => importances[i].Length == 0 ? double.NegativeInfinity : importances[i].Average()).Take(maxFeatures).ToArray();
        var kit = ChartKit.Start(options);
        var outX = new List<double>();
        var outY = new List<double>();
        var labels = new string[order.Length];
        for (var r = 0; r < order.Length; r++)
        {
            var f = order[r];
            var position = order.Length - 1 - r;
            labels[position] = names[f];
            var v = importances[f].Where(double.IsFinite).Order().ToArray();
            if (v.Length == 0) throw new AugurException($"feature '{names[f]}' has no finite permutation importance");
            double q1 = ChartKit.Quantile(v, 0.25), q3 = ChartKit.Quantile(v, 0.75), iqr = q3 - q1;
            var lowFence = q1 - 1.5 * iqr;
            var highFence = q3 + 1.5 * iqr;
            var whiskerLow = v.First(x => x >= lowFence);
            var whiskerHigh = v.Last(x => x <= highFence);
            // ScottPlot draws vertical boxes only, so the horizontal box is drawn from its parts.
            var fill = ChartKit.ColorAt(0);
            var edge = fill.Darken(0.4);
            var box = kit.Plot.Add.Rectangle(q1, q3, position - 0.3, position + 0.3);
            box.FillColor = fill.WithAlpha(0.45);
            box.LineColor = edge;
            box.LineWidth = 1.5f;
            var median = ChartKit.Quantile(v, 0.5);
            Segment(kit, median, position - 0.3, median, position + 0.3, edge, 2.5f);
            Segment(kit, whiskerLow, position, q1, position, edge, 1.5f);
            Segment(kit, q3, position, whiskerHigh, position, edge, 1.5f);
            Segment(kit, whiskerLow, position - 0.15, whiskerLow, position + 0.15, edge, 1.5f);
            Segment(kit, whiskerHigh, position - 0.15, whiskerHigh, position + 0.15, edge, 1.5f);
            foreach (var x in v)
                if (x < whiskerLow || x > whiskerHigh)
                {
                    outX.Add(x);
                    outY.Add(position);
                }
        }
        kit.Plot.Add.VerticalLine(0, 1, ChartKit.Reference, LinePattern.Dashed);
        if (outX.Count > 0) kit.Plot.Add.Markers(outX.ToArray(), outY.ToArray(), MarkerShape.OpenCircle, 6, ChartKit.ColorAt(0));
        kit.LeftCategories(labels);
        kit.Plot.Axes.SetLimitsY(-0.7, order.Length - 0.3);
        kit.Plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        return kit.Finish("permutation_importance", "Permutation importance", $"Decrease in {scoreName}", "", 860, ListHeight(order.Length));
    }

    /// <summary>
    /// SHAP summary (beeswarm): one row per feature, ordered by mean |SHAP| (largest at the top); each point is one
    /// row's SHAP value, stacked where values crowd, and coloured by the feature's value from low (blue) to high (red)
    /// between its 5th and 95th percentiles (grey where the value is missing).
    /// </summary>
    /// <param name="shapValues">SHAP values, rows × features.</param>
    /// <param name="featureValues">The explained rows' feature values, rows × features (NaN: missing or not numeric).</param>
    /// <param name="names">Feature names.</param>
    /// <param name="maxDisplay">Show at most this many features.</param>
    /// <param name="maxPoints">Draw at most this many rows (evenly spaced through the data).</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ShapSummary(Matrix shapValues, Matrix featureValues, IReadOnlyList<string> names, int maxDisplay = 20, int maxPoints = 2000, ChartOptions? options = null)
    {
        CheckShap(shapValues, featureValues, names);
        if (maxDisplay < 1) throw new AugurException($"maxDisplay must be at least 1, got {maxDisplay}");
        var rows = SpreadRows(shapValues.Rows, maxPoints);
        var order = MeanAbs(shapValues).Select((v, i) => (v, i)).OrderByDescending(t => t.v).Take(maxDisplay).Select(t => t.i).ToArray();
        var kit = ChartKit.Start(options);
        kit.Plot.Add.VerticalLine(0, 1, ChartKit.Reference);
        const int levels = 32;
        var xsByLevel = new List<double>[levels + 1];
        var ysByLevel = new List<double>[levels + 1];
        for (var l = 0; l <= levels; l++)
        {
            xsByLevel[l] = [];
            ysByLevel[l] = [];
        }
        var labels = new string[order.Length];
        for (var r = 0; r < order.Length; r++)
        {
            var f = order[r];
            var position = order.Length - 1 - r;
            labels[position] = names[f];
            var shap = rows.Select(i => shapValues[i, f]).ToArray();
            var value = rows.Select(i => featureValues[i, f]).ToArray();
            var offsets = Beeswarm(shap, 0.4);
            var (lo, hi) = Percentiles(value, 0.05, 0.95);
            for (var k = 0; k < shap.Length; k++)
            {
                if (!double.IsFinite(shap[k])) continue;
                var level = double.IsNaN(value[k]) ? levels : (int)Math.Round(Math.Clamp(hi > lo ? (value[k] - lo) / (hi - lo) : 0.5, 0, 1) * (levels - 1));
                xsByLevel[level].Add(shap[k]);
                ysByLevel[level].Add(position + offsets[k]);
            }
        }
        var scale = new ColorScale(ColorScale.BlueRed, 0, 1);
        var size = rows.Length <= 500 ? 5f : 4f;
        for (var l = 0; l <= levels; l++)
        {
            if (xsByLevel[l].Count == 0) continue;
            var color = l == levels ? Color.FromHex("#bbbbbb") : scale.ColorOf(l / (double)(levels - 1));
            kit.Points(xsByLevel[l].ToArray(), ysByLevel[l].ToArray(), size, color.WithAlpha(0.85));
        }
        var bar = scale.AddColorBar(kit, "Feature value");
        var ticks = new NumericManual();
        ticks.AddMajor(0, "Low");
        ticks.AddMajor(1, "High");
        bar.Axis.TickGenerator = ticks;
        kit.LeftCategories(labels);
        kit.Plot.Axes.SetLimitsY(-0.7, order.Length - 0.3);
        kit.Plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        return kit.Finish("shap_summary", "SHAP summary", "SHAP value (impact on model output)", "", 900, ListHeight(order.Length));
    }

    /// <summary>Mean |SHAP value| per feature as horizontal bars, largest at the top (the global SHAP importance).</summary>
    /// <param name="shapValues">SHAP values, rows × features.</param>
    /// <param name="names">Feature names.</param>
    /// <param name="maxDisplay">Show at most this many features.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ShapBar(Matrix shapValues, IReadOnlyList<string> names, int maxDisplay = 20, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shapValues);
        ArgumentNullException.ThrowIfNull(names);
        ChartKit.SameLength(shapValues.Cols, names.Count, "the SHAP columns", "the feature names");
        return HorizontalBars("shap_bar", "SHAP feature importance", names, MeanAbs(shapValues), null, maxDisplay, "mean(|SHAP value|)", options);
    }

    /// <summary>
    /// A SHAP waterfall for one prediction: from the expected model output E[f(X)] at the bottom, each feature's SHAP
    /// value moves the output (red up, blue down) to the prediction f(x) at the top; features ordered by |SHAP|, the
    /// smallest folded into one row.
    /// </summary>
    /// <param name="baseValue">The expected model output E[f(X)].</param>
    /// <param name="shapValues">The SHAP value of each feature for this row.</param>
    /// <param name="names">Feature names.</param>
    /// <param name="featureValues">Optional display text of each feature's value for this row (shown as <c>name = value</c>).</param>
    /// <param name="maxDisplay">Show at most this many rows (the rest are summed into one).</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ShapWaterfall(double baseValue, IReadOnlyList<double> shapValues, IReadOnlyList<string> names, IReadOnlyList<string>? featureValues = null,
        int maxDisplay = 10, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shapValues);
        ArgumentNullException.ThrowIfNull(names);
        ChartKit.SameLength(shapValues.Count, names.Count, "the SHAP values", "the feature names");
        if (featureValues is not null) ChartKit.SameLength(featureValues.Count, names.Count, "the feature values", "the feature names");
        ChartKit.NotEmpty(names.Count, "the list of features");
        if (maxDisplay < 2) throw new AugurException($"maxDisplay must be at least 2, got {maxDisplay}");
        var order = Enumerable.Range(0, names.Count).OrderByDescending(i => Math.Abs(shapValues[i])).ToArray();
        var shown = order.Length <= maxDisplay ? order : order[..(maxDisplay - 1)];
        var rest = order.Length <= maxDisplay ? [] : order[(maxDisplay - 1)..];
        // Rows from the top: the shown features by decreasing |SHAP|, then the folded rest at the bottom.
        var items = shown.Select(i => (Label: featureValues is null ? names[i] : $"{names[i]} = {featureValues[i]}", Value: shapValues[i])).ToList();
        if (rest.Length > 0) items.Add(($"{rest.Length} other features", rest.Sum(i => shapValues[i])));
        var kit = ChartKit.Start(options);
        var cumulative = baseValue;
        var labels = new string[items.Count];
        var bars = new List<Bar>();
        double lo = baseValue, hi = baseValue;
        for (var r = items.Count - 1; r >= 0; r--)
        {
            var position = items.Count - 1 - r;
            var (label, value) = items[r];
            labels[position] = label;
            var color = value >= 0 ? ChartKit.Positive : ChartKit.Negative;
            bars.Add(new Bar
            {
                Position = position, ValueBase = cumulative, Value = cumulative + value, Size = 0.7,
                FillColor = color, LineColor = color, Orientation = Orientation.Horizontal,
            });
            var end = cumulative + value;
            lo = Math.Min(lo, Math.Min(cumulative, end));
            hi = Math.Max(hi, Math.Max(cumulative, end));
            cumulative = end;
        }
        var plot = kit.Plot.Add.Bars(bars);
        plot.Horizontal = true;
        var span = hi > lo ? hi - lo : Math.Max(1e-9, Math.Abs(hi));
        for (var r = 0; r < items.Count; r++)
        {
            var position = items.Count - 1 - r;
            var bar = bars[position];
            var value = items[r].Value;
            var text = (value >= 0 ? "+" : "−") + ChartKit.Format(Math.Abs(value));
            if (value >= 0) kit.Text(text, Math.Max(bar.ValueBase, bar.Value) + span * 0.01, position, 12, ChartKit.Positive, Alignment.MiddleLeft);
            else kit.Text(text, Math.Min(bar.ValueBase, bar.Value) - span * 0.01, position, 12, ChartKit.Negative, Alignment.MiddleRight);
        }
        var prediction = cumulative;
        var baseLine = kit.Plot.Add.VerticalLine(baseValue, 1, ChartKit.Reference, LinePattern.Dashed);
        baseLine.LegendText = $"E[f(X)] = {ChartKit.Format(baseValue, 4)}";
        var predLine = kit.Plot.Add.VerticalLine(prediction, 1.5f, Colors.Black, LinePattern.Dotted);
        predLine.LegendText = $"f(x) = {ChartKit.Format(prediction, 4)}";
        kit.LeftCategories(labels);
        kit.Plot.Axes.SetLimits(lo - span * 0.15, hi + span * 0.15, -0.7, items.Count - 0.3);
        kit.Plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        kit.Legend(Alignment.LowerRight);
        return kit.Finish("shap_waterfall", "SHAP waterfall", "Model output", "", 900, ListHeight(items.Count));
    }

    /// <summary>
    /// A SHAP dependence plot: one feature's value against its SHAP value, each row coloured by an interaction feature
    /// (chosen automatically as the one whose values correlate most with the SHAP values within bins of the feature,
    /// unless given; none when <paramref name="interaction"/> is empty).
    /// </summary>
    /// <param name="feature">The feature to plot.</param>
    /// <param name="shapValues">SHAP values, rows × features.</param>
    /// <param name="featureValues">The explained rows' feature values, rows × features.</param>
    /// <param name="names">Feature names.</param>
    /// <param name="interaction">The colouring feature's name; null: chosen automatically; empty: no colouring.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ShapDependence(string feature, Matrix shapValues, Matrix featureValues, IReadOnlyList<string> names, string? interaction = null, ChartOptions? options = null)
    {
        CheckShap(shapValues, featureValues, names);
        var j = IndexOf(names, feature);
        var x = featureValues.Column(j);
        var y = shapValues.Column(j);
        int? k = interaction is null ? ApproximateInteraction(j, shapValues, featureValues) : interaction.Length == 0 ? null : IndexOf(names, interaction);
        var kit = ChartKit.Start(options);
        kit.Plot.Add.HorizontalLine(0, 1, ChartKit.Reference, LinePattern.Dashed);
        var size = MarkerSize(x.Length) + 1;
        if (k is { } c)
        {
            var colorValues = featureValues.Column(c);
            var (lo, hi) = Percentiles(colorValues, 0.05, 0.95);
            var scale = new ColorScale(ColorScale.BlueRed, lo, hi > lo ? hi : lo + 1);
            const int levels = 32;
            var groups = new Dictionary<int, (List<double> X, List<double> Y)>();
            for (var i = 0; i < x.Length; i++)
            {
                if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
                var level = double.IsNaN(colorValues[i]) ? levels : (int)Math.Round(Math.Clamp(hi > lo ? (colorValues[i] - lo) / (hi - lo) : 0.5, 0, 1) * (levels - 1));
                if (!groups.TryGetValue(level, out var g)) groups[level] = g = ([], []);
                g.X.Add(x[i]);
                g.Y.Add(y[i]);
            }
            foreach (var (level, g) in groups.OrderBy(p => p.Key))
            {
                var color = level == levels ? Color.FromHex("#bbbbbb") : ColorScale.BlueRed.GetColor(level / (double)(levels - 1));
                kit.Points(g.X.ToArray(), g.Y.ToArray(), size, color.WithAlpha(0.85));
            }
            scale.AddColorBar(kit, names[c]);
        }
        else
        {
            kit.Points(x, y, size, ChartKit.ColorAt(0).WithAlpha(0.8));
        }
        return kit.Finish("shap_dependence", $"SHAP dependence: {names[j]}", names[j], $"SHAP value for {names[j]}", 820, 600);
    }

    /// <summary>
    /// Partial dependence of the model output on one feature (the average, thick), over individual conditional
    /// expectation (ICE) lines of single rows (thin; at most <paramref name="maxIceLines"/>, evenly spaced through the rows).
    /// </summary>
    /// <param name="feature">The feature's name.</param>
    /// <param name="grid">The feature values where the model was evaluated, ascending.</param>
    /// <param name="average">The partial dependence (mean prediction) at each grid value.</param>
    /// <param name="ice">Optional ICE curves: one array per row, one value per grid point.</param>
    /// <param name="maxIceLines">Draw at most this many ICE lines.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart PartialDependence(string feature, double[] grid, double[] average, IReadOnlyList<double[]>? ice = null, int maxIceLines = 100, ChartOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(feature);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(average);
        ChartKit.SameLength(grid.Length, average.Length, "the grid", "the partial dependence");
        ChartKit.NotEmpty(grid.Length, "the grid");
        var kit = ChartKit.Start(options);
        if (ice is not null && ice.Count > 0)
        {
            var rows = SpreadRows(ice.Count, maxIceLines);
            var first = true;
            foreach (var r in rows)
            {
                ChartKit.SameLength(grid.Length, ice[r].Length, "the grid", $"ICE curve {r}");
                var line = kit.Plot.Add.ScatterLine(grid, ice[r], ChartKit.ColorAt(0).WithAlpha(0.25));
                line.LineWidth = 1;
                if (first) line.LegendText = $"ICE (individual rows, {rows.Length} of {ice.Count})";
                first = false;
            }
        }
        var pd = kit.Plot.Add.Scatter(grid, average, ChartKit.ColorAt(1));
        pd.LineWidth = 3;
        pd.MarkerSize = 6;
        pd.LegendText = "Average (partial dependence)";
        kit.Legend(Alignment.UpperLeft);
        return kit.Finish("partial_dependence", $"Partial dependence: {feature}", feature, "Predicted value");
    }

    /// <summary>
    /// Partial dependence on a categorical feature: the average prediction for each category as a large marker, and the
    /// ICE values of individual rows as faint dots, with the category names along the bottom axis (no lines: the
    /// categories have no order).
    /// </summary>
    /// <param name="feature">The feature's name.</param>
    /// <param name="categories">The categories, in the order of <paramref name="average"/>.</param>
    /// <param name="average">The partial dependence (mean prediction) for each category.</param>
    /// <param name="ice">Optional ICE values: one array per row, one value per category.</param>
    /// <param name="maxIceLines">Draw the ICE values of at most this many rows.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart PartialDependence(string feature, IReadOnlyList<string> categories, double[] average, IReadOnlyList<double[]>? ice = null,
        int maxIceLines = 100, ChartOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(feature);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(average);
        ChartKit.SameLength(categories.Count, average.Length, "the categories", "the partial dependence");
        ChartKit.NotEmpty(categories.Count, "the categories");
        var kit = ChartKit.Start(options);
        var xs = Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray();
        if (ice is not null && ice.Count > 0)
        {
            var rows = SpreadRows(ice.Count, maxIceLines);
            var px = new List<double>(rows.Length * xs.Length);
            var py = new List<double>(rows.Length * xs.Length);
            foreach (var r in rows)
            {
                ChartKit.SameLength(categories.Count, ice[r].Length, "the categories", $"ICE values of row {r}");
                px.AddRange(xs);
                py.AddRange(ice[r]);
            }
            kit.Points(px.ToArray(), py.ToArray(), 3, ChartKit.ColorAt(0).WithAlpha(0.3), $"ICE (individual rows, {rows.Length} of {ice.Count})");
        }
        kit.Points(xs, average, 10, ChartKit.ColorAt(1), "Average (partial dependence)");
        kit.BottomCategories(categories);
        if (categories.Count > 6 || categories.Any(c => c.Length > 8))
        {
            kit.Plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            kit.Plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            // Room below the axis for the slanted names and the axis label (ScottPlot does not measure rotated labels).
            var longest = categories.Max(c => c.Length);
            kit.Plot.Axes.Bottom.MinimumSize = (float)(Math.Min(longest, 30) * kit.Plot.Axes.Bottom.TickLabelStyle.FontSize * 0.55 * 0.71 + 40);
        }
        kit.Plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
        kit.Legend(Alignment.UpperLeft);
        return kit.Finish("partial_dependence", $"Partial dependence: {feature}", feature, "Predicted value");
    }

    /// <summary>A LIME explanation: the local linear model's weight of each feature condition, largest |weight| at the top (green supports the class, red opposes it).</summary>
    /// <param name="weights">Feature condition (for example <c>petal_length &gt; 4.35</c>) and its weight.</param>
    /// <param name="explainedClass">The class explained, shown in the title (null: a regression).</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart Lime(IReadOnlyList<KeyValuePair<string, double>> weights, string? explainedClass = null, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ChartKit.NotEmpty(weights.Count, "the LIME explanation");
        var order = Enumerable.Range(0, weights.Count).OrderByDescending(i => Math.Abs(weights[i].Value)).ToArray();
        var kit = ChartKit.Start(options);
        var bars = new List<Bar>();
        var labels = new string[order.Length];
        for (var r = 0; r < order.Length; r++)
        {
            var (name, w) = (weights[order[r]].Key, weights[order[r]].Value);
            var position = order.Length - 1 - r;
            labels[position] = name;
            var color = w >= 0 ? ChartKit.ColorAt(2) : ChartKit.ColorAt(3);
            bars.Add(new Bar { Position = position, Value = w, Size = 0.7, FillColor = color, LineColor = color, Orientation = Orientation.Horizontal });
        }
        var plot = kit.Plot.Add.Bars(bars);
        plot.Horizontal = true;
        kit.Plot.Add.VerticalLine(0, 1, Colors.Black);
        kit.LeftCategories(labels);
        kit.Plot.Axes.SetLimitsY(-0.7, order.Length - 0.3);
        kit.Plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        var title = explainedClass is null ? "LIME local explanation" : $"LIME local explanation for class {explainedClass}";
        return kit.Finish("lime", title, "Weight in the local model", "", 860, ListHeight(order.Length));
    }

    private static Chart HorizontalBars(string kind, string title, IReadOnlyList<string> names, IReadOnlyList<double> values, IReadOnlyList<double>? errors,
        int maxFeatures, string xLabel, ChartOptions? options)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        ChartKit.SameLength(names.Count, values.Count, "the feature names", "the importances");
        if (errors is not null) ChartKit.SameLength(errors.Count, values.Count, "the errors", "the importances");
        ChartKit.NotEmpty(names.Count, "the list of features");
        if (maxFeatures < 1) throw new AugurException($"maxFeatures must be at least 1, got {maxFeatures}");
        var order = Enumerable.Range(0, names.Count).OrderByDescending(i => double.IsNaN(values[i]) ? double.NegativeInfinity : values[i]).Take(maxFeatures).ToArray();
        var kit = ChartKit.Start(options);
        var bars = new List<Bar>();
        var labels = new string[order.Length];
        var color = ChartKit.ColorAt(0);
        for (var r = 0; r < order.Length; r++)
        {
            var f = order[r];
            var position = order.Length - 1 - r;
            labels[position] = names[f];
            bars.Add(new Bar
            {
                Position = position, Value = values[f], Size = 0.7, Error = errors?[f] ?? 0,
                FillColor = color, LineColor = color, Orientation = Orientation.Horizontal,
            });
        }
        var plot = kit.Plot.Add.Bars(bars);
        plot.Horizontal = true;
        kit.Plot.Add.VerticalLine(0, 1, Colors.Black);
        kit.LeftCategories(labels);
        kit.Plot.Axes.SetLimitsY(-0.7, order.Length - 0.3);
        kit.Plot.Axes.Margins(left: 0);
        kit.Plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        return kit.Finish(kind, title, xLabel, "", 860, ListHeight(order.Length));
    }

    private static void Segment(ChartKit kit, double x1, double y1, double x2, double y2, Color color, float width)
    {
        var line = kit.Plot.Add.Line(x1, y1, x2, y2);
        line.LineColor = color;
        line.LineWidth = width;
        line.MarkerSize = 0;
    }

    private static int ListHeight(int items) => Math.Clamp(140 + 30 * items, 360, 2400);

    private static void CheckShap(Matrix shapValues, Matrix featureValues, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(shapValues);
        ArgumentNullException.ThrowIfNull(featureValues);
        ArgumentNullException.ThrowIfNull(names);
        ChartKit.SameLength(shapValues.Cols, names.Count, "the SHAP columns", "the feature names");
        ChartKit.SameLength(featureValues.Cols, names.Count, "the feature value columns", "the feature names");
        ChartKit.SameLength(shapValues.Rows, featureValues.Rows, "the SHAP rows", "the feature value rows");
        ChartKit.NotEmpty(shapValues.Rows, "the SHAP values");
        ChartKit.NotEmpty(names.Count, "the list of features");
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        throw new AugurException($"there is no feature '{name}'; the features are {string.Join(", ", names.Select(n => $"'{n}'"))}");
    }

    private static double[] MeanAbs(Matrix m)
    {
        var result = new double[m.Cols];
        for (var i = 0; i < m.Rows; i++)
            for (var j = 0; j < m.Cols; j++)
                if (double.IsFinite(m[i, j])) result[j] += Math.Abs(m[i, j]);
        for (var j = 0; j < m.Cols; j++) result[j] /= m.Rows;
        return result;
    }

    /// <summary>At most <paramref name="max"/> row indices evenly spaced through 0 … n − 1 (all of them when n ≤ max).</summary>
    private static int[] SpreadRows(int n, int max)
    {
        if (max < 1) throw new AugurException($"the number of points to draw must be at least 1, got {max}");
        if (n <= max) return Enumerable.Range(0, n).ToArray();
        var rows = new int[max];
        for (var i = 0; i < max; i++) rows[i] = (int)((long)i * n / max);
        return rows;
    }

    private static (double Lo, double Hi) Percentiles(double[] values, double lo, double hi)
    {
        var finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length == 0) return (0, 1);
        var a = ChartKit.Quantile(finite, lo);
        var b = ChartKit.Quantile(finite, hi);
        if (b <= a)
        {
            a = finite[0];
            b = finite[^1];
        }
        return (a, b);
    }

    /// <summary>
    /// Vertical offsets that spread points with similar values: values are cut into 100 bins over their range and the
    /// points of each bin, taken in value order, go alternately above and below the row's centre line, scaled so the
    /// widest stack fits in ± <paramref name="halfHeight"/>.
    /// </summary>
    private static double[] Beeswarm(double[] values, double halfHeight)
    {
        const int bins = 100;
        var n = values.Length;
        var offsets = new double[n];
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return offsets;
        double lo = finite.Min(), hi = finite.Max();
        var width = hi > lo ? (hi - lo) / bins : 1;
        var order = Enumerable.Range(0, n).Where(i => double.IsFinite(values[i])).OrderBy(i => values[i]).ThenBy(i => i).ToArray();
        var lastBin = -1;
        var layer = 0;
        double maxLayer = 0;
        foreach (var i in order)
        {
            var bin = (int)Math.Min(bins - 1, Math.Floor((values[i] - lo) / width));
            if (bin != lastBin) layer = 0;
            var step = Math.Ceiling(layer / 2.0) * (layer % 2 == 1 ? 1 : -1);
            offsets[i] = step;
            maxLayer = Math.Max(maxLayer, Math.Abs(step));
            layer++;
            lastBin = bin;
        }
        if (maxLayer > 0)
        {
            var scale = halfHeight / maxLayer;
            for (var i = 0; i < n; i++) offsets[i] *= scale;
        }
        return offsets;
    }

    /// <summary>
    /// The feature that most likely interacts with feature <paramref name="j"/>: rows sorted by feature j are cut into
    /// consecutive chunks, and each other feature scores the sum over chunks of |Pearson correlation| between its values
    /// and feature j's SHAP values.
    /// </summary>
    internal static int? ApproximateInteraction(int j, Matrix shapValues, Matrix featureValues)
    {
        var n = shapValues.Rows;
        if (featureValues.Cols < 2) return null;
        var order = Enumerable.Range(0, n).OrderBy(i => double.IsNaN(featureValues[i, j]) ? double.PositiveInfinity : featureValues[i, j]).ToArray();
        var chunk = Math.Max(Math.Min(n / 10, 50), 1);
        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var k = 0; k < featureValues.Cols; k++)
        {
            if (k == j) continue;
            double score = 0;
            for (var start = 0; start < n; start += chunk)
            {
                var end = Math.Min(n, start + chunk);
                var r = Correlation(order, start, end, i => featureValues[i, k], i => shapValues[i, j]);
                if (double.IsFinite(r)) score += Math.Abs(r);
            }
            if (score > bestScore)
            {
                bestScore = score;
                best = k;
            }
        }
        return best >= 0 ? best : null;
    }

    private static double Correlation(int[] order, int start, int end, Func<int, double> a, Func<int, double> b)
    {
        double sa = 0, sb = 0;
        var count = 0;
        for (var t = start; t < end; t++)
        {
            double x = a(order[t]), y = b(order[t]);
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            sa += x;
            sb += y;
            count++;
        }
        if (count < 2) return double.NaN;
        double ma = sa / count, mb = sb / count, sab = 0, saa = 0, sbb = 0;
        for (var t = start; t < end; t++)
        {
            double x = a(order[t]), y = b(order[t]);
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            sab += (x - ma) * (y - mb);
            saa += (x - ma) * (x - ma);
            sbb += (y - mb) * (y - mb);
        }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }
}
