using Augur.Numerics;

namespace Augur.Metrics;

public static partial class ClassificationMetrics
{
    /// <summary>
    /// The area under a curve by the trapezoidal rule (scikit-learn's <c>auc</c>); <paramref name="x"/> must be
    /// monotonic (increasing or decreasing).
    /// </summary>
    /// <param name="x">The x coordinates (at least two).</param>
    /// <param name="y">The y coordinates.</param>
    public static double Auc(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new AugurException($"x has {x.Length} points but y has {y.Length}");
        if (x.Length < 2) throw new AugurException($"at least 2 points are needed to compute the area under a curve, but x has {x.Length}");
        var anyDecrease = false;
        var allNonIncreasing = true;
        for (var i = 1; i < x.Length; i++)
        {
            var dx = x[i] - x[i - 1];
            if (dx < 0) anyDecrease = true;
            if (dx > 0) allNonIncreasing = false;
        }
        var direction = 1.0;
        if (anyDecrease)
        {
            if (allNonIncreasing) direction = -1;
            else throw new AugurException("x is neither increasing nor decreasing, so the area under the curve is undefined");
        }
        double area = 0;
        for (var i = 1; i < x.Length; i++) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
        return direction * area;
    }

    /// <summary>
    /// The receiver operating characteristic curve of binary scores (scikit-learn's <c>roc_curve</c>), with
    /// <paramref name="dropIntermediate"/> dropping thresholds that lie on straight segments.
    /// </summary>
    /// <param name="yTrue">The true labels: two classes, or more with <paramref name="posLabel"/> given (one-vs-rest).</param>
    /// <param name="yScore">Scores, higher meaning more likely positive (probabilities or decision values).</param>
    /// <param name="posLabel">The positive class; required unless the labels are {0, 1} or {-1, 1} (then 1).</param>
    /// <param name="sampleWeight">Optional non-negative weight per row (zero-weight rows are left out).</param>
    /// <param name="dropIntermediate">Drop suboptimal thresholds that do not change the curve's shape.</param>
    public static RocCurve RocCurve(LabelVector yTrue, ReadOnlySpan<double> yScore, Label? posLabel = null,
        double[]? sampleWeight = null, bool dropIntermediate = true)
    {
        var positive = PositiveMask(yTrue, yScore.Length, posLabel, sampleWeight, out var w);
        return RocFromCurve(BinaryCurve(positive, yScore, w), dropIntermediate);
    }

    /// <summary>
    /// The area under the ROC curve for binary labels and scores of the greater label (scikit-learn's
    /// <c>roc_auc_score</c>); with <paramref name="maxFpr"/>, the McClish-standardised partial AUC up to that false
    /// positive rate. Throws when only one class is present in <paramref name="yTrue"/>.
    /// </summary>
    /// <param name="yTrue">The true labels (two classes; the greater one is positive).</param>
    /// <param name="yScore">Scores of the positive (greater) class.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="maxFpr">Optional upper limit in (0, 1] of the false positive rate for a partial AUC.</param>
    public static double RocAuc(LabelVector yTrue, ReadOnlySpan<double> yScore, double[]? sampleWeight = null, double? maxFpr = null)
    {
        var set = LabelEncoding.Encode(yTrue, TrueName, true, out var t);
        CheckLength(t.Length, yScore.Length, "yScore");
        if (set.Count > 2)
            throw new AugurException(
                $"yTrue holds {set.Count} classes; multiclass ROC AUC needs a matrix of class probabilities and MultiClass.Ovr or MultiClass.Ovo");
        var w = CheckWeights(sampleWeight, t.Length);
        var positive = new bool[t.Length];
        for (var i = 0; i < t.Length; i++) positive[i] = t[i] == 1;
        return BinaryRocAuc(positive, yScore, w, maxFpr);
    }

    /// <summary>
    /// The area under the ROC curve from a matrix of scores (scikit-learn's <c>roc_auc_score</c>): for binary labels,
    /// the last column (or the only one) scores the greater label; for multiclass labels, <paramref name="multiClass"/>
    /// chooses one-vs-rest or one-vs-one (Hand and Till) and the rows must be probabilities that sum to 1.
    /// </summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yScore">Scores, one column per class in sorted label order (or in <paramref name="labels"/> order).</param>
    /// <param name="multiClass">How to handle more than two classes; <see cref="MultiClass.Raise"/> refuses them.</param>
    /// <param name="average">How to combine the per-class (or per-pair) scores.</param>
    /// <param name="labels">Multiclass only: the classes of the columns, sorted and distinct (default: the labels of <paramref name="yTrue"/>).</param>
    /// <param name="sampleWeight">Optional non-negative weight per row (not supported for one-vs-one).</param>
    /// <param name="maxFpr">Binary only: the upper limit of a partial AUC.</param>
    public static double RocAuc(LabelVector yTrue, Matrix yScore, MultiClass multiClass = MultiClass.Raise, AucAverage average = AucAverage.Macro,
        IReadOnlyList<Label>? labels = null, double[]? sampleWeight = null, double? maxFpr = null)
    {
        ArgumentNullException.ThrowIfNull(yScore);
        var set = LabelEncoding.Encode(yTrue, TrueName, true, out var t);
        CheckLength(t.Length, yScore.Rows, "yScore");
        var w = CheckWeights(sampleWeight, t.Length);
        CheckFinite(yScore.Data, "yScore");
        if (set.Count > 2 || yScore.Cols > 2)
            return MulticlassRocAuc(set, t, yScore, multiClass, average, labels, w, maxFpr);
        var column = yScore.Column(yScore.Cols - 1);
        var positive = new bool[t.Length];
        for (var i = 0; i < t.Length; i++) positive[i] = t[i] == 1;
        return BinaryRocAuc(positive, column, w, maxFpr);
    }

    private static double MulticlassRocAuc(LabelSet set, int[] t, Matrix yScore, MultiClass multiClass, AucAverage average,
        IReadOnlyList<Label>? labels, double[]? w, double? maxFpr)
    {
        if (maxFpr is { } mf && mf != 1.0)
            throw new AugurException($"partial AUC computation is not available for multiclass labels; maxFpr must be null, got {mf}");
        if (multiClass == MultiClass.Raise)
            throw new AugurException("yTrue is multiclass; ROC AUC needs multiClass set to MultiClass.Ovr (one-vs-rest) or MultiClass.Ovo (one-vs-one)");
        var n = yScore.Rows;
        var k = yScore.Cols;
        for (var i = 0; i < n; i++)
        {
            double s = 0;
            var row = yScore.Row(i);
            foreach (var v in row) s += v;
            if (!(Math.Abs(1 - s) <= 1e-8 + 1e-5 * Math.Abs(s)))
                throw new AugurException("target scores need to be probabilities for multiclass ROC AUC, i.e. each row should sum to 1.0 over the classes");
        }
        if (average == AucAverage.Micro && multiClass == MultiClass.Ovo)
            throw new AugurException("the micro average is only available for one-vs-rest multiclass ROC AUC; use AucAverage.Macro or AucAverage.Weighted");

        // y as class indices into the columns.
        var cls = new int[n];
        if (labels is not null)
        {
            CheckSortedDistinct(labels);
            if (labels.Count != k)
                throw new AugurException($"{labels.Count} labels were given but yScore has {k} columns; give one label per column");
            var resolved = LabelEncoding.Resolve(set, labels);
            var map = new int[set.Count];
            Array.Fill(map, -1);
            for (var j = 0; j < k; j++) if (resolved[j] >= 0) map[resolved[j]] = j;
            for (var i = 0; i < n; i++)
            {
                cls[i] = map[t[i]];
                if (cls[i] < 0) throw new AugurException($"yTrue contains the label '{set.Names[t[i]]}', which is not in 'labels'");
            }
        }
        else
        {
            if (set.Count != k)
                throw new AugurException($"the number of classes in yTrue ({set.Count}) is not equal to the number of columns in yScore ({k}); pass the classes with 'labels'");
            Array.Copy(t, cls, n);
        }

        if (multiClass == MultiClass.Ovo)
        {
            if (w is not null) throw new AugurException("sample weights are not supported for one-vs-one multiclass ROC AUC");
            return OvoRocAuc(cls, yScore, average == AucAverage.Weighted);
        }

        if (average == AucAverage.Micro)
        {
            var positive = new bool[n * k];
            var scores = yScore.Data;
            double[]? ww = null;
            if (w is not null) ww = new double[n * k];
            for (var i = 0; i < n; i++)
            {
                positive[i * k + cls[i]] = true;
                if (ww is not null) for (var j = 0; j < k; j++) ww[i * k + j] = w![i];
            }
            return BinaryRocAuc(positive, scores, ww, null);
        }

        var aucs = new double[k];
        var weights = new double[k];
        var counts = new int[k];
        for (var i = 0; i < n; i++)
        {
            weights[cls[i]] += w is null ? 1.0 : w[i];
            counts[cls[i]]++;
        }
        for (var c = 0; c < k; c++)
            if (counts[c] == 0 || counts[c] == n)
                throw new AugurException("only one class is present in yTrue for one of the one-vs-rest problems; ROC AUC is not defined in that case");
        Parallel.For(0, k, c =>
        {
            var pos = new bool[n];
            for (var i = 0; i < n; i++) pos[i] = cls[i] == c;
            aucs[c] = BinaryRocAuc(pos, yScore.Column(c), w, null);
        });
        if (average == AucAverage.Weighted)
        {
            var total = Sum(weights);
            if (Math.Abs(total) <= 1e-8) return 0;
            for (var c = 0; c < k; c++) if (weights[c] == 0) aucs[c] = 0;
            return WeightedMean(aucs, weights);
        }
        return Mean(aucs);
    }

    private static double OvoRocAuc(int[] cls, Matrix yScore, bool weighted)
    {
        var n = cls.Length;
        var k = yScore.Cols;
        var present = new bool[k];
        foreach (var c in cls) present[c] = true;
        var classes = Enumerable.Range(0, k).Where(c => present[c]).ToArray();
        var pairs = classes.Length * (classes.Length - 1) / 2;
        var scores = new double[pairs];
        var prevalence = new double[pairs];
        var ix = 0;
        var rows = new List<int>(n);
        for (var ia = 0; ia < classes.Length; ia++)
            for (var ib = ia + 1; ib < classes.Length; ib++)
            {
                var a = classes[ia];
                var b = classes[ib];
                rows.Clear();
                for (var i = 0; i < n; i++) if (cls[i] == a || cls[i] == b) rows.Add(i);
                var m = rows.Count;
                var aTrue = new bool[m];
                var bTrue = new bool[m];
                var aScore = new double[m];
                var bScore = new double[m];
                for (var r = 0; r < m; r++)
                {
                    var i = rows[r];
                    aTrue[r] = cls[i] == a;
                    bTrue[r] = cls[i] == b;
                    aScore[r] = yScore[i, a];
                    bScore[r] = yScore[i, b];
                }
                prevalence[ix] = (double)m / n;
                scores[ix] = (BinaryRocAuc(aTrue, aScore, null, null) + BinaryRocAuc(bTrue, bScore, null, null)) / 2;
                ix++;
            }
        if (pairs == 0) throw new AugurException("one-vs-one ROC AUC needs at least two classes present in yTrue");
        return weighted ? WeightedMean(scores, prevalence) : Mean(scores);
    }

    private static void CheckSortedDistinct(IReadOnlyList<Label> labels)
    {
        for (var i = 1; i < labels.Count; i++)
        {
            var a = labels[i - 1];
            var b = labels[i];
            if (a.Equals(b)) throw new AugurException("parameter 'labels' must be unique");
            var ordered = a.IsText && b.IsText ? string.CompareOrdinal(a.Text, b.Text) < 0
                : !a.IsText && !b.IsText ? a.Number < b.Number
                : true;
            if (!ordered) throw new AugurException("parameter 'labels' must be ordered (sorted like the columns of the scores)");
        }
    }

    /// <summary>
    /// The precision-recall curve of binary scores (scikit-learn's <c>precision_recall_curve</c>).
    /// </summary>
    /// <param name="yTrue">The true labels: two classes, or more with <paramref name="posLabel"/> given.</param>
    /// <param name="yScore">Scores, higher meaning more likely positive.</param>
    /// <param name="posLabel">The positive class; required unless the labels are {0, 1} or {-1, 1} (then 1).</param>
    /// <param name="sampleWeight">Optional non-negative weight per row (zero-weight rows are left out).</param>
    public static PrecisionRecallCurve PrecisionRecallCurve(LabelVector yTrue, ReadOnlySpan<double> yScore, Label? posLabel = null,
        double[]? sampleWeight = null)
    {
        var positive = PositiveMask(yTrue, yScore.Length, posLabel, sampleWeight, out var w);
        return PrFromCurve(BinaryCurve(positive, yScore, w));
    }

    /// <summary>
    /// Average precision: the precision-recall curve summarised as Σ (Rₙ − Rₙ₋₁) Pₙ, without interpolation
    /// (scikit-learn's <c>average_precision_score</c> for binary labels).
    /// </summary>
    /// <param name="yTrue">The true labels (at most two classes).</param>
    /// <param name="yScore">Scores of the positive class.</param>
    /// <param name="posLabel">The positive class (default 1).</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    public static double AveragePrecision(LabelVector yTrue, ReadOnlySpan<double> yScore, Label? posLabel = null, double[]? sampleWeight = null)
    {
        var pl = posLabel ?? 1;
        var set = LabelEncoding.Encode(yTrue, TrueName, true, out var t);
        CheckLength(t.Length, yScore.Length, "yScore");
        if (set.Count > 2)
            throw new AugurException($"average precision supports binary labels only, but yTrue holds {set.Count} classes; score each class against the rest with posLabel");
        var k = set.IndexOf(pl);
        if (set.Count == 2 && k < 0)
            throw new AugurException($"posLabel={pl} is not a valid label; it should be one of {set.Describe()}");
        var w = CheckWeights(sampleWeight, t.Length);
        var positive = new bool[t.Length];
        for (var i = 0; i < t.Length; i++) positive[i] = t[i] == k;
        var pr = PrFromCurve(BinaryCurve(positive, yScore, w));
        double ap = 0;
        for (var i = 0; i + 1 < pr.Recall.Length; i++) ap += (pr.Recall[i + 1] - pr.Recall[i]) * pr.Precision[i];
        return -ap;
    }

    // ---------------------------------------------------------------- curve machinery

    /// <summary>Cumulative false and true positives at each distinct score, highest score first, with the scores.</summary>
    internal readonly record struct Curve(double[] Fps, double[] Tps, double[] Thresholds);

    /// <summary>
    /// Resolves the positive class for a curve as scikit-learn does (judged on the rows with a non-zero weight) and
    /// returns the positive mask of all rows with their checked weights.
    /// </summary>
    private static bool[] PositiveMask(LabelVector yTrue, int scoreLength, Label? posLabel, double[]? sampleWeight, out double[]? weights)
    {
        var set = LabelEncoding.Encode(yTrue, TrueName, true, out var t);
        CheckLength(t.Length, scoreLength, "yScore");
        if (set.Count > 2 && posLabel is null)
            throw new AugurException($"yTrue holds {set.Count} classes; pass posLabel to score one class against the rest");
        var w = CheckWeights(sampleWeight, t.Length);
        int k;
        if (posLabel is { } pl) k = set.IndexOf(pl);
        else
        {
            var present = new bool[set.Count];
            for (var i = 0; i < t.Length; i++) if (w is null || w[i] != 0) present[t[i]] = true;
            var values = new List<double>();
            for (var c = 0; c < set.Count; c++) if (present[c]) values.Add(set.IsText ? double.NaN : set.Numbers[c]);
            if (set.IsText || !IsZeroOneLike(values))
            {
                var shown = string.Join(", ", Enumerable.Range(0, set.Count).Where(c => present[c]).Select(c => set.Names[c]));
                throw new AugurException(
                    $"yTrue takes values in {{{shown}}} and posLabel is not given: either make yTrue take values in {{0, 1}} or {{-1, 1}}, or pass posLabel explicitly");
            }
            k = set.IndexOf(1);
        }
        var positive = new bool[t.Length];
        for (var i = 0; i < t.Length; i++) positive[i] = t[i] == k;
        weights = w;
        return positive;
    }

    private static bool IsZeroOneLike(List<double> values) => values.Count switch
    {
        1 => values[0] is 0 or -1 or 1,
        2 => (values[0] == 0 || values[0] == -1) && values[1] == 1,
        _ => false,
    };

    /// <summary>
    /// Orders the rows with a non-zero weight by decreasing score (radix sort, O(n)) and accumulates (weighted) false
    /// and true positives at each distinct score.
    /// </summary>
    internal static Curve BinaryCurve(ReadOnlySpan<bool> positive, ReadOnlySpan<double> score, double[]? w)
    {
        CheckFinite(score, "yScore");
        var n = score.Length;
        var m = n;
        if (w is not null)
        {
            m = 0;
            foreach (var v in w) if (v != 0) m++;
        }
        var keys = new ulong[m];
        var rows = new int[m];
        for (int i = 0, j = 0; i < n; i++)
        {
            if (w is not null && w[i] == 0) continue;
            keys[j] = ScoreSort.DescendingKey(score[i]);
            rows[j] = i;
            j++;
        }
        ScoreSort.Sort(keys, rows);
        var distinct = 0;
        for (var i = 0; i < m; i++) if (i == m - 1 || keys[i] != keys[i + 1]) distinct++;
        var fps = new double[distinct];
        var tps = new double[distinct];
        var thresholds = new double[distinct];
        double tp = 0, fp = 0;
        var k = 0;
        for (var i = 0; i < m; i++)
        {
            var r = rows[i];
            if (w is null)
            {
                if (positive[r]) tp += 1;
            }
            else if (positive[r]) tp += w[r];
            else fp += w[r];
            if (i == m - 1 || keys[i] != keys[i + 1])
            {
                tps[k] = tp;
                fps[k] = w is null ? 1 + i - tp : fp;
                thresholds[k] = score[r] + 0.0;
                k++;
            }
        }
        return new Curve(fps, tps, thresholds);
    }

    internal static RocCurve RocFromCurve(Curve curve, bool dropIntermediate)
    {
        var fps = curve.Fps;
        var tps = curve.Tps;
        var thr = curve.Thresholds;
        if (fps.Length == 0) throw new AugurException("the ROC curve needs at least one row with a non-zero weight");
        if (dropIntermediate && fps.Length > 2)
        {
            // Keep the ends and every corner: a point whose second difference in fps or tps is non-zero.
            var keep = new int[fps.Length];
            var kept = 0;
            keep[kept++] = 0;
            for (var i = 1; i < fps.Length - 1; i++)
            {
                var dfps = (fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]);
                var dtps = (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]);
                if (dfps != 0 || dtps != 0) keep[kept++] = i;
            }
            keep[kept++] = fps.Length - 1;
            fps = new double[kept];
            tps = new double[kept];
            thr = new double[kept];
            for (var i = 0; i < kept; i++)
            {
                fps[i] = curve.Fps[keep[i]];
                tps[i] = curve.Tps[keep[i]];
                thr[i] = curve.Thresholds[keep[i]];
            }
        }
        var m = fps.Length + 1;
        var fpr = new double[m];
        var tpr = new double[m];
        var thresholds = new double[m];
        thresholds[0] = thr[0] + 1;
        Array.Copy(thr, 0, thresholds, 1, thr.Length);
        var fLast = fps[^1];
        var tLast = tps[^1];
        for (var i = 0; i < m; i++)
        {
            var f = i == 0 ? 0 : fps[i - 1];
            var t = i == 0 ? 0 : tps[i - 1];
            fpr[i] = fLast <= 0 ? double.NaN : f / fLast;
            tpr[i] = tLast <= 0 ? double.NaN : t / tLast;
        }
        return new RocCurve(fpr, tpr, thresholds);
    }

    internal static PrecisionRecallCurve PrFromCurve(Curve curve)
    {
        var fps = curve.Fps;
        var tps = curve.Tps;
        var m = fps.Length;
        if (m == 0) throw new AugurException("the precision-recall curve needs at least one row with a non-zero weight");
        var precision = new double[m + 1];
        var recall = new double[m + 1];
        var thresholds = new double[m];
        var last = tps[^1];
        for (var i = 0; i < m; i++)
        {
            var src = m - 1 - i;
            var ps = tps[src] + fps[src];
            precision[i] = ps != 0 ? tps[src] / ps : 0;
            recall[i] = last == 0 ? 1 : tps[src] / last;
            thresholds[i] = curve.Thresholds[src];
        }
        precision[m] = 1;
        recall[m] = 0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    /// <summary>Binary ROC AUC of a positive mask and scores; throws unless both classes occur.</summary>
    internal static double BinaryRocAuc(ReadOnlySpan<bool> positive, ReadOnlySpan<double> score, double[]? w, double? maxFpr)
    {
        bool anyPos = false, anyNeg = false;
        foreach (var p in positive) { if (p) anyPos = true; else anyNeg = true; }
        if (!(anyPos && anyNeg))
            throw new AugurException("only one class is present in yTrue; ROC AUC is not defined in that case");
        if (maxFpr is { } mf && !(mf > 0 && mf <= 1))
            throw new AugurException($"expected maxFpr in the range (0, 1], got {mf}");
        var roc = RocFromCurve(BinaryCurve(positive, score, w), true);
        var fpr = roc.FalsePositiveRate;
        var tpr = roc.TruePositiveRate;
        if (maxFpr is null || maxFpr == 1) return Auc(fpr, tpr);
        var max = maxFpr.Value;
        // First index whose fpr exceeds max: the partial curve stops there, with one interpolated point.
        var stop = 0;
        while (stop < fpr.Length && fpr[stop] <= max) stop++;
        if (stop == 0 || stop >= fpr.Length) return double.NaN;
        var x = new double[stop + 1];
        var y = new double[stop + 1];
        Array.Copy(fpr, x, stop);
        Array.Copy(tpr, y, stop);
        var x0 = fpr[stop - 1];
        var x1 = fpr[stop];
        var y0 = tpr[stop - 1];
        var y1 = tpr[stop];
        x[stop] = max;
        y[stop] = (y1 - y0) / (x1 - x0) * (max - x0) + y0;
        var partial = Auc(x, y);
        var minArea = 0.5 * max * max;
        var maxArea = max;
        return 0.5 * (1 + (partial - minArea) / (maxArea - minArea));
    }

    internal static void CheckLength(int rows, int other, string what)
    {
        if (rows != other) throw new AugurException($"yTrue has {rows} rows but {what} has {other}; they must match");
    }

    internal static void CheckFinite(ReadOnlySpan<double> values, string what)
    {
        for (var i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new AugurException($"{what} holds {(double.IsNaN(values[i]) ? "a missing (NaN)" : "an infinite")} value at position {i}; scores must be finite");
    }
}
