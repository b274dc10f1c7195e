using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;
using ScottPlot;
using Label = Augur.Metrics.Label;

namespace Augur.Plots;

/// <summary>
/// Chart makers over plain data and Augur's metric results. Each returns a <see cref="Chart"/> with a title, axis
/// labels and a legend where one helps; render it with <see cref="Chart.ToPng"/>, <see cref="Chart.ToSvg"/> or
/// <see cref="Chart.Save"/>.
/// </summary>
public static partial class Charts
{
    /// <summary>A confusion matrix as a heat map with the value in each cell (counts as integers, fractions with two decimals).</summary>
    /// <param name="matrix">The matrix, for example from <c>ClassificationMetrics.ConfusionMatrix</c>.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ConfusionMatrix(ConfusionMatrix matrix, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.Count;
        ChartKit.NotEmpty(n, "the confusion matrix");
        var kit = ChartKit.Start(options);
        var values = new double[n, n];
        var integral = true;
        double max = 0;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var v = matrix[i, j];
                values[i, j] = v;
                integral &= v == Math.Round(v);
                if (v > max) max = v;
            }
        var scale = new ColorScale(ColorScale.Blues, 0, max > 0 ? max : 1);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                // Row i (true label i) is drawn from the top: y = n − 1 − i.
                var cell = kit.Plot.Add.Rectangle(j - 0.5, j + 0.5, n - 1.5 - i, n - 0.5 - i);
                cell.FillColor = scale.ColorOf(values[i, j]);
                cell.LineColor = Colors.White;
                cell.LineWidth = 1;
            }
        scale.AddColorBar(kit);
        var fontSize = n <= 6 ? 16f : n <= 12 ? 12f : 9f;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var v = values[i, j];
                var text = integral ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : ChartKit.Fixed(v, 2);
                var dark = max > 0 && v / max > 0.55;
                // Row i (true label i) is drawn from the top: y = n − 1 − i.
                kit.Text(text, j, n - 1 - i, fontSize, dark ? Colors.White : Colors.Black);
            }
        kit.BottomCategories(matrix.Labels);
        kit.LeftCategories(matrix.Labels.Reverse().ToArray());
        kit.Plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        kit.Plot.HideGrid();
        var size = Math.Clamp(360 + 40 * n, 560, 1400);
        return kit.Finish("confusion_matrix", integral ? "Confusion matrix" : "Confusion matrix (normalised)", "Predicted label", "True label", size + 120, size);
    }

    /// <summary>A confusion matrix of true and predicted labels.</summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yPred">The predicted labels.</param>
    /// <param name="normalize">Counts (none) or fractions over true labels, predicted labels or all rows.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ConfusionMatrix(LabelVector yTrue, LabelVector yPred, ConfusionNormalization normalize = ConfusionNormalization.None, ChartOptions? options = null) =>
        ConfusionMatrix(ClassificationMetrics.ConfusionMatrix(yTrue, yPred, normalize: normalize), options);

    /// <summary>One ROC curve, with its AUC in the legend and the chance diagonal.</summary>
    /// <param name="curve">The curve, for example from <c>ClassificationMetrics.RocCurve</c>.</param>
    /// <param name="name">The legend name (default: "ROC").</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart Roc(RocCurve curve, string? name = null, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return Roc([new KeyValuePair<string, RocCurve>(name ?? "ROC", curve)], options);
    }

    /// <summary>Several ROC curves on one chart (models, or classes one-vs-rest), each with its AUC in the legend.</summary>
    /// <param name="curves">Legend name and curve of each line.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart Roc(IEnumerable<KeyValuePair<string, RocCurve>> curves, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var list = curves.ToList();
        ChartKit.NotEmpty(list.Count, "the list of ROC curves");
        var kit = ChartKit.Start(options);
        var chance = kit.Plot.Add.ScatterLine(new double[] { 0, 1 }, new double[] { 0, 1 }, ChartKit.Reference);
        chance.LinePattern = LinePattern.Dashed;
        chance.LegendText = "Chance (AUC = 0.5)";
        for (var k = 0; k < list.Count; k++)
        {
            var (name, curve) = (list[k].Key, list[k].Value);
            ChartKit.SameLength(curve.FalsePositiveRate.Length, curve.TruePositiveRate.Length, "the false positive rates", "the true positive rates");
            var (fpr, tpr) = Thin(curve.FalsePositiveRate, curve.TruePositiveRate);
            var line = kit.Plot.Add.ScatterLine(fpr, tpr, ChartKit.ColorAt(k));
            line.LineWidth = 2;
            line.LegendText = $"{name} (AUC = {ChartKit.Fixed(curve.Area())})";
        }
        kit.Plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        kit.Legend(Alignment.LowerRight);
        return kit.Finish("roc", "ROC curve", "False positive rate", "True positive rate", 720, 640);
    }

    /// <summary>
    /// ROC curves from class scores: one curve for two classes (the second is positive), otherwise one curve per class
    /// against the rest. Classes absent from <paramref name="yTrue"/> (or covering every row) are left out.
    /// </summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="scores">Scores or probabilities, one column per class in the order of <paramref name="classes"/>.</param>
    /// <param name="classes">The classes, in the columns' order (a classifier's <c>Classes</c>).</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart Roc(Column yTrue, Matrix scores, IReadOnlyList<Label> classes, ChartOptions? options = null)
    {
        var curves = new List<KeyValuePair<string, RocCurve>>();
        foreach (var (name, positive, score) in OneVsRest(yTrue, scores, classes))
            curves.Add(new(name, ClassificationMetrics.RocCurve(positive, score)));
        if (curves.Count == 0) throw new AugurException("no class has both positive and negative rows, so there is no ROC curve to draw");
        return Roc(curves, WithTitle(options, classes.Count > 2 ? "ROC curves (one-vs-rest)" : null));
    }

    /// <summary>One precision-recall curve (a step curve), with its average precision in the legend.</summary>
    /// <param name="curve">The curve, for example from <c>ClassificationMetrics.PrecisionRecallCurve</c>.</param>
    /// <param name="name">The legend name (default: "PR").</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart PrecisionRecall(PrecisionRecallCurve curve, string? name = null, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return PrecisionRecall([new KeyValuePair<string, PrecisionRecallCurve>(name ?? "PR", curve)], options);
    }

    /// <summary>Several precision-recall curves on one chart, each with its average precision (AP) in the legend.</summary>
    /// <param name="curves">Legend name and curve of each line.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart PrecisionRecall(IEnumerable<KeyValuePair<string, PrecisionRecallCurve>> curves, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var list = curves.ToList();
        ChartKit.NotEmpty(list.Count, "the list of precision-recall curves");
        var kit = ChartKit.Start(options);
        for (var k = 0; k < list.Count; k++)
        {
            var (name, curve) = (list[k].Key, list[k].Value);
            ChartKit.SameLength(curve.Recall.Length, curve.Precision.Length, "the recalls", "the precisions");
            var line = kit.Plot.Add.ScatterLine(curve.Recall, curve.Precision, ChartKit.ColorAt(k));
            // Precision is constant until recall reaches the next point: a post step from high recall down.
            line.ConnectStyle = ConnectStyle.StepVertical;
            line.LineWidth = 2;
            line.LegendText = $"{name} (AP = {ChartKit.Fixed(AveragePrecision(curve))})";
        }
        kit.Plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.05);
        kit.Legend(Alignment.LowerLeft);
        return kit.Finish("precision_recall", "Precision-recall curve", "Recall", "Precision", 720, 640);
    }

    /// <summary>Precision-recall curves from class scores: one for two classes (the second is positive), otherwise one per class against the rest.</summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="scores">Scores or probabilities, one column per class in the order of <paramref name="classes"/>.</param>
    /// <param name="classes">The classes, in the columns' order.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart PrecisionRecall(Column yTrue, Matrix scores, IReadOnlyList<Label> classes, ChartOptions? options = null)
    {
        var curves = new List<KeyValuePair<string, PrecisionRecallCurve>>();
        foreach (var (name, positive, score) in OneVsRest(yTrue, scores, classes))
            curves.Add(new(name, ClassificationMetrics.PrecisionRecallCurve(positive, score)));
        if (curves.Count == 0) throw new AugurException("no class has both positive and negative rows, so there is no precision-recall curve to draw");
        return PrecisionRecall(curves, WithTitle(options, classes.Count > 2 ? "Precision-recall curves (one-vs-rest)" : null));
    }

    /// <summary>
    /// Drops points of a long curve in [0, 1]² that lie within 1/5000 of the previous kept point in both coordinates
    /// (far below a pixel), always keeping the first and last: the drawing is unchanged and much faster.
    /// </summary>
    internal static (double[] X, double[] Y) Thin(double[] x, double[] y, double resolution = 1.0 / 5000)
    {
        if (x.Length <= 5000) return (x, y);
        var keptX = new List<double>(5000) { x[0] };
        var keptY = new List<double>(5000) { y[0] };
        for (var i = 1; i < x.Length - 1; i++)
        {
            if (Math.Abs(x[i] - keptX[^1]) < resolution && Math.Abs(y[i] - keptY[^1]) < resolution) continue;
            keptX.Add(x[i]);
            keptY.Add(y[i]);
        }
        keptX.Add(x[^1]);
        keptY.Add(y[^1]);
        return (keptX.ToArray(), keptY.ToArray());
    }

    /// <summary>Average precision of a curve: Σ (Rₙ − Rₙ₊₁) Pₙ over its points in order of decreasing recall.</summary>
    /// <param name="curve">The curve.</param>
    public static double AveragePrecision(PrecisionRecallCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        double ap = 0;
        for (var i = 0; i + 1 < curve.Recall.Length; i++) ap += (curve.Recall[i] - curve.Recall[i + 1]) * curve.Precision[i];
        return ap;
    }

    /// <summary>A reliability diagram: observed fraction of positives against mean predicted probability, with the diagonal of perfect calibration.</summary>
    /// <param name="curve">The curve from <see cref="CalibrationCurve.Compute"/>.</param>
    /// <param name="name">The legend name (default: "Model").</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart Calibration(CalibrationCurve curve, string? name = null, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return Calibration([new KeyValuePair<string, CalibrationCurve>(name ?? "Model", curve)], options);
    }

    /// <summary>Several reliability curves on one chart (models, or classes one-vs-rest).</summary>
    /// <param name="curves">Legend name and curve of each line.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart Calibration(IEnumerable<KeyValuePair<string, CalibrationCurve>> curves, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var list = curves.ToList();
        ChartKit.NotEmpty(list.Count, "the list of calibration curves");
        var kit = ChartKit.Start(options);
        var perfect = kit.Plot.Add.ScatterLine(new double[] { 0, 1 }, new double[] { 0, 1 }, ChartKit.Reference);
        perfect.LinePattern = LinePattern.Dashed;
        perfect.LegendText = "Perfectly calibrated";
        for (var k = 0; k < list.Count; k++)
        {
            var (name, curve) = (list[k].Key, list[k].Value);
            ChartKit.SameLength(curve.MeanPredicted.Length, curve.FractionOfPositives.Length, "the mean predictions", "the fractions of positives");
            var line = kit.Plot.Add.Scatter(curve.MeanPredicted, curve.FractionOfPositives, ChartKit.ColorAt(k));
            line.LineWidth = 2;
            line.MarkerSize = 8;
            line.LegendText = name;
        }
        kit.Plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        kit.Legend(Alignment.UpperLeft);
        return kit.Finish("calibration", "Calibration curve (reliability diagram)", "Mean predicted probability", "Fraction of positives", 720, 640);
    }

    /// <summary>Reliability curves from class probabilities: one for two classes (the second is positive), otherwise one per class against the rest.</summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="probabilities">Class probabilities, one column per class in the order of <paramref name="classes"/>.</param>
    /// <param name="classes">The classes, in the columns' order.</param>
    /// <param name="nBins">Bins per curve (scikit-learn's default is 5; 10 reads better for a few hundred rows or more).</param>
    /// <param name="strategy">Uniform or quantile bins.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart Calibration(Column yTrue, Matrix probabilities, IReadOnlyList<Label> classes, int nBins = 10,
        CalibrationStrategy strategy = CalibrationStrategy.Uniform, ChartOptions? options = null)
    {
        var curves = new List<KeyValuePair<string, CalibrationCurve>>();
        foreach (var (name, positive, score) in OneVsRest(yTrue, probabilities, classes))
            curves.Add(new(name, CalibrationCurve.Compute(positive, score, nBins, strategy)));
        if (curves.Count == 0) throw new AugurException("no class has both positive and negative rows, so there is no calibration curve to draw");
        return Calibration(curves, options);
    }

    /// <summary>Overlaid histograms of scores, one per group (for example the positive-class probability of each true class).</summary>
    /// <param name="groups">Legend name and scores of each group.</param>
    /// <param name="xLabel">The label of the score axis.</param>
    /// <param name="bins">Number of bins (default: chosen from the data, at most 50).</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ScoreHistogram(IEnumerable<KeyValuePair<string, double[]>> groups, string xLabel = "Predicted probability", int? bins = null, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var list = groups.ToList();
        ChartKit.NotEmpty(list.Count, "the list of score groups");
        var kit = ChartKit.Start(options);
        var edges = ChartKit.HistogramEdges(list.SelectMany(g => g.Value), bins);
        var width = edges[1] - edges[0];
        for (var k = 0; k < list.Count; k++)
        {
            var counts = ChartKit.HistogramCounts(list[k].Value, edges);
            var color = ChartKit.ColorAt(k);
            var bars = new List<Bar>();
            for (var b = 0; b < counts.Length; b++)
            {
                if (counts[b] == 0) continue;
                bars.Add(new Bar
                {
                    Position = (edges[b] + edges[b + 1]) / 2, Value = counts[b], Size = width,
                    FillColor = color.WithAlpha(0.45), LineColor = color, LineWidth = 1,
                });
            }
            var plot = kit.Plot.Add.Bars(bars);
            plot.LegendText = $"{list[k].Key} (n = {list[k].Value.Length})";
            plot.Color = color.WithAlpha(0.45);
        }
        kit.Plot.Axes.Margins(bottom: 0);
        kit.Legend(Alignment.UpperCenter);
        return kit.Finish("score_histogram", "Score distribution by class", xLabel, "Rows");
    }

    /// <summary>
    /// Score histograms from class probabilities: for two classes, the positive (second) class's probability split by
    /// true class; for more, the probability given to each row's true class, split by that class.
    /// </summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="probabilities">Class probabilities, one column per class in the order of <paramref name="classes"/>.</param>
    /// <param name="classes">The classes, in the columns' order.</param>
    /// <param name="bins">Number of bins (default: chosen from the data).</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ScoreHistogram(Column yTrue, Matrix probabilities, IReadOnlyList<Label> classes, int? bins = null, ChartOptions? options = null)
    {
        var (truth, classIndex) = EncodeTruth(yTrue, probabilities, classes);
        var groups = new List<KeyValuePair<string, double[]>>();
        if (classes.Count == 2)
        {
            for (var c = 0; c < 2; c++)
            {
                var rows = Enumerable.Range(0, truth.Length).Where(i => classIndex[i] == c).Select(i => probabilities[i, 1]).ToArray();
                if (rows.Length > 0) groups.Add(new($"true {classes[c]}", rows));
            }
            return ScoreHistogram(groups, $"Predicted probability of {classes[1]}", bins, options);
        }
        for (var c = 0; c < classes.Count; c++)
        {
            var rows = Enumerable.Range(0, truth.Length).Where(i => classIndex[i] == c).Select(i => probabilities[i, c]).ToArray();
            if (rows.Length > 0) groups.Add(new($"true {classes[c]}", rows));
        }
        if (groups.Count == 0) throw new AugurException("no row's true label is one of the classifier's classes");
        return ScoreHistogram(groups, "Predicted probability of the true class", bins, options);
    }

    private static ChartOptions? WithTitle(ChartOptions? options, string? title) =>
        title is null || options?.Title is not null ? options : (options ?? ChartOptions.Default) with { Title = title };

    private static (Label[] Truth, int[] ClassIndex) EncodeTruth(Column yTrue, Matrix scores, IReadOnlyList<Label> classes)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(classes);
        ChartKit.SameLength(yTrue.Length, scores.Rows, "the true labels", "the score rows");
        if (scores.Cols != classes.Count)
            throw new AugurException($"the scores have {scores.Cols} columns but there are {classes.Count} classes; they must match");
        if (classes.Count < 2) throw new AugurException($"class scores need at least two classes, got {classes.Count}");
        var truth = Label.FromColumn(yTrue);
        var index = new Dictionary<Label, int>();
        for (var c = 0; c < classes.Count; c++) index[classes[c]] = c;
        var classIndex = new int[truth.Length];
        for (var i = 0; i < truth.Length; i++) classIndex[i] = index.TryGetValue(truth[i], out var c) ? c : -1;
        return (truth, classIndex);
    }

    private static IEnumerable<(string Name, bool[] Positive, double[] Score)> OneVsRest(Column yTrue, Matrix scores, IReadOnlyList<Label> classes)
    {
        var (truth, classIndex) = EncodeTruth(yTrue, scores, classes);
        var first = classes.Count == 2 ? 1 : 0;
        var result = new List<(string, bool[], double[])>();
        for (var c = first; c < classes.Count; c++)
        {
            var positive = new bool[truth.Length];
            var count = 0;
            for (var i = 0; i < truth.Length; i++)
            {
                positive[i] = classIndex[i] == c;
                if (positive[i]) count++;
            }
            if (count == 0 || count == truth.Length) continue;
            var name = classes.Count == 2 ? $"positive class {classes[c]}" : $"class {classes[c]} vs rest";
            result.Add((name, positive, scores.Column(c)));
        }
        return result;
    }
}
