using Augur.Numerics;

namespace Augur.Metrics;

public static partial class ClassificationMetrics
{
    /// <summary>The default clipping of log loss (scikit-learn 1.2.1's <c>eps="auto"</c>): the float64 machine epsilon.</summary>
    public const double LogLossEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// Log loss (cross-entropy) of predicted class probabilities (scikit-learn 1.2.1's <c>log_loss</c>):
    /// probabilities are clipped to [eps, 1 − eps], each row renormalised to sum to 1, and the loss is
    /// −Σ log p(true class), averaged (or summed).
    /// </summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yProba">Probabilities, one column per class in sorted label order (a classifier's <c>PredictProba</c>); a single column is the probability of the greater of two labels.</param>
    /// <param name="labels">All classes (default: the labels of <paramref name="yTrue"/>); needed when <paramref name="yTrue"/> does not show every class.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="normalize">Average over rows (true, default) or sum.</param>
    /// <param name="eps">Clipping (default <see cref="LogLossEpsilon"/>).</param>
    public static double LogLoss(LabelVector yTrue, Matrix yProba, IReadOnlyList<Label>? labels = null, double[]? sampleWeight = null,
        bool normalize = true, double? eps = null)
    {
        ArgumentNullException.ThrowIfNull(yProba);
        return LogLossCore(yTrue, yProba.Data, yProba.Rows, yProba.Cols, labels, sampleWeight, normalize, eps);
    }

    /// <summary>Log loss of binary predictions given as the probability of the greater (positive) label.</summary>
    /// <param name="yTrue">The true labels (two classes, or give them with <paramref name="labels"/>).</param>
    /// <param name="yProbPositive">The probability of the greater label for each row.</param>
    /// <param name="labels">Both classes, when <paramref name="yTrue"/> shows only one.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="normalize">Average over rows (true, default) or sum.</param>
    /// <param name="eps">Clipping (default <see cref="LogLossEpsilon"/>).</param>
    public static double LogLoss(LabelVector yTrue, ReadOnlySpan<double> yProbPositive, IReadOnlyList<Label>? labels = null,
        double[]? sampleWeight = null, bool normalize = true, double? eps = null) =>
        LogLossCore(yTrue, yProbPositive, yProbPositive.Length, 1, labels, sampleWeight, normalize, eps);

    private static double LogLossCore(LabelVector yTrue, ReadOnlySpan<double> proba, int rows, int cols, IReadOnlyList<Label>? labels,
        double[]? sampleWeight, bool normalize, double? eps)
    {
        var set = LabelEncoding.Encode(yTrue, TrueName, true, out var t);
        CheckLength(t.Length, rows, "the probabilities");
        var w = CheckWeights(sampleWeight, t.Length);
        RequireRows(t.Length, "log loss");
        CheckFinite(proba, "the probabilities");
        var e = eps ?? LogLossEpsilon;

        // The classes, sorted (as scikit-learn's LabelBinarizer sorts them), and each row's class index.
        int[] cls;
        int k;
        if (labels is null)
        {
            k = set.Count;
            if (k == 1)
                throw new AugurException($"yTrue contains only one label ({set.Names[0]}); pass all the classes with 'labels'");
            cls = t;
        }
        else
        {
            var sorted = SortedDistinct(labels);
            k = sorted.Length;
            if (k < 2)
                throw new AugurException($"the labels need to contain at least two labels for log loss, got [{string.Join(", ", sorted)}]");
            var resolved = LabelEncoding.Resolve(set, sorted);
            var map = new int[set.Count];
            Array.Fill(map, -1);
            for (var j = 0; j < k; j++) if (resolved[j] >= 0) map[resolved[j]] = j;
            cls = new int[t.Length];
            for (var i = 0; i < t.Length; i++)
            {
                cls[i] = map[t[i]];
                if (cls[i] < 0) throw new AugurException($"yTrue contains the label '{set.Names[t[i]]}', which is not in 'labels'");
            }
        }
        var pcols = cols == 1 ? 2 : cols;
        if (pcols != k)
            throw new AugurException(labels is null
                ? $"yTrue and the probabilities contain different numbers of classes ({k} and {pcols}); pass all the classes with 'labels'. Classes found in yTrue: {set.Describe()}"
                : $"the number of classes in 'labels' ({k}) is different from the number of probability columns ({pcols})");

        double total = 0, weightSum = 0;
        var row = new double[pcols];
        for (var i = 0; i < t.Length; i++)
        {
            if (cols == 1)
            {
                var p = Math.Clamp(proba[i], e, 1 - e);
                row[0] = 1 - p;
                row[1] = p;
            }
            else
            {
                for (var j = 0; j < cols; j++) row[j] = Math.Clamp(proba[i * cols + j], e, 1 - e);
            }
            double s = 0;
            foreach (var v in row) s += v;
            var loss = -Math.Log(row[cls[i]] / s);
            var wi = w is null ? 1.0 : w[i];
            total += loss * wi;
            weightSum += wi;
        }
        if (!normalize) return total;
        return total / RequirePositive(weightSum);
    }

    private static Label[] SortedDistinct(IReadOnlyList<Label> labels)
    {
        var anyText = labels.Any(l => l.IsText);
        var anyNumber = labels.Any(l => !l.IsText);
        if (anyText && anyNumber) throw new AugurException("'labels' mixes numbers and texts");
        var distinct = labels.Distinct().ToArray();
        if (anyText) Array.Sort(distinct, (a, b) => string.CompareOrdinal(a.Text, b.Text));
        else Array.Sort(distinct, (a, b) => a.Number.CompareTo(b.Number));
        return distinct;
    }

    /// <summary>
    /// The Brier score, the (weighted) mean squared difference between the predicted probability of the positive
    /// class and the outcome (scikit-learn's <c>brier_score_loss</c>, binary labels only).
    /// </summary>
    /// <param name="yTrue">The true labels (at most two classes).</param>
    /// <param name="yProb">The predicted probability of the positive class, in [0, 1].</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="posLabel">The positive class; by default 1 for labels {0, 1} or {-1, 1}, otherwise the greater numeric label (texts need it given).</param>
    public static double BrierScore(LabelVector yTrue, ReadOnlySpan<double> yProb, double[]? sampleWeight = null, Label? posLabel = null)
    {
        var set = LabelEncoding.Encode(yTrue, TrueName, true, out var t);
        CheckLength(t.Length, yProb.Length, "yProb");
        CheckFinite(yProb, "yProb");
        var w = CheckWeights(sampleWeight, t.Length);
        RequireRows(t.Length, "the Brier score");
        if (set.Count > 2)
            throw new AugurException($"only binary classification is supported by the Brier score, but yTrue holds {set.Count} classes");
        foreach (var p in yProb)
        {
            if (p > 1) throw new AugurException("yProb contains values greater than 1; the Brier score needs probabilities");
            if (p < 0) throw new AugurException("yProb contains values less than 0; the Brier score needs probabilities");
        }
        int k;
        if (posLabel is { } pl) k = set.IndexOf(pl);
        else if (set.IsText)
            throw new AugurException(
                $"yTrue takes values in {{{string.Join(", ", set.Names)}}} and posLabel is not given: either make yTrue take values in {{0, 1}} or {{-1, 1}}, or pass posLabel explicitly");
        else
        {
            var values = new List<double>();
            foreach (var v in set.Numbers) values.Add(v);
            k = IsZeroOneLike(values) ? set.IndexOf(1) : set.Count - 1;
        }
        double s = 0, ws = 0;
        for (var i = 0; i < t.Length; i++)
        {
            var y = t[i] == k ? 1.0 : 0.0;
            var d = y - yProb[i];
            var wi = w is null ? 1.0 : w[i];
            s += d * d * wi;
            ws += wi;
        }
        return s / RequirePositive(ws);
    }

    /// <summary>
    /// Top-k accuracy: the (weighted) fraction of rows whose true class is among the <paramref name="k"/> highest-scored
    /// classes (scikit-learn's <c>top_k_accuracy_score</c>; ties go to the class that comes later).
    /// </summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yScore">Scores, one column per class in sorted label order (or <paramref name="labels"/> order); one column, or two for binary labels, is read as the score of the greater label.</param>
    /// <param name="k">How many top classes count as a hit.</param>
    /// <param name="normalize">Return the fraction (true, default) or the (weighted) count of hits.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="labels">All classes, sorted and distinct (default: the labels of <paramref name="yTrue"/>).</param>
    public static double TopKAccuracy(LabelVector yTrue, Matrix yScore, int k = 2, bool normalize = true, double[]? sampleWeight = null,
        IReadOnlyList<Label>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(yScore);
        var binaryLabels = labels is null ? null : (int?)labels.Count;
        if (yScore.Cols == 1 || (yScore.Cols == 2 && (binaryLabels ?? 2) <= 2))
            return TopKAccuracy(yTrue, yScore.Column(yScore.Cols - 1), k, normalize, sampleWeight, labels);
        return TopKCore(yTrue, yScore.Data, yScore.Rows, yScore.Cols, k, normalize, sampleWeight, labels);
    }

    /// <summary>Top-k accuracy of binary scores (the score of the greater label). With k ≥ 2 every row is a hit.</summary>
    /// <param name="yTrue">The true labels (two classes, or give them with <paramref name="labels"/>).</param>
    /// <param name="yScore">The score of the greater label; thresholded at 0.5 when all scores lie in [0, 1], else at 0.</param>
    /// <param name="k">How many top classes count as a hit.</param>
    /// <param name="normalize">Return the fraction (true, default) or the (weighted) count of hits.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="labels">Both classes, sorted, when <paramref name="yTrue"/> shows only one.</param>
    public static double TopKAccuracy(LabelVector yTrue, ReadOnlySpan<double> yScore, int k = 2, bool normalize = true,
        double[]? sampleWeight = null, IReadOnlyList<Label>? labels = null) =>
        TopKCore(yTrue, yScore, yScore.Length, 1, k, normalize, sampleWeight, labels);

    private static double TopKCore(LabelVector yTrue, ReadOnlySpan<double> scores, int rows, int cols, int k, bool normalize,
        double[]? sampleWeight, IReadOnlyList<Label>? labels)
    {
        if (k < 1) throw new AugurException($"k must be at least 1 for top-k accuracy, got {k}");
        var set = LabelEncoding.Encode(yTrue, TrueName, true, out var t);
        CheckLength(t.Length, rows, "yScore");
        CheckFinite(scores, "yScore");
        var w = CheckWeights(sampleWeight, t.Length);
        RequireRows(t.Length, "top-k accuracy");
        var binary = set.Count <= 2 && !(labels is not null && labels.Count > 2);
        if (binary && cols > 1)
            throw new AugurException($"yTrue is binary while yScore has {cols} columns; if yTrue does not contain all the labels, pass them with 'labels'");
        var scoreClasses = cols == 1 ? 2 : cols;
        int[] cls;
        int nClasses;
        if (labels is null)
        {
            nClasses = set.Count;
            if (nClasses != scoreClasses)
                throw new AugurException($"the number of classes in yTrue ({nClasses}) is not equal to the number of classes in yScore ({scoreClasses}); pass all the classes with 'labels'");
            cls = t;
        }
        else
        {
            var sorted = SortedDistinct(labels);
            if (sorted.Length != labels.Count) throw new AugurException("parameter 'labels' must be unique");
            for (var i = 0; i < sorted.Length; i++)
                if (!sorted[i].Equals(labels[i])) throw new AugurException("parameter 'labels' must be ordered");
            nClasses = sorted.Length;
            if (nClasses != scoreClasses)
                throw new AugurException($"the number of given labels ({nClasses}) is not equal to the number of classes in yScore ({scoreClasses})");
            var resolved = LabelEncoding.Resolve(set, sorted);
            var map = new int[set.Count];
            Array.Fill(map, -1);
            for (var j = 0; j < nClasses; j++) if (resolved[j] >= 0) map[resolved[j]] = j;
            cls = new int[t.Length];
            for (var i = 0; i < t.Length; i++)
            {
                cls[i] = map[t[i]];
                if (cls[i] < 0) throw new AugurException("yTrue contains labels not in parameter 'labels'");
            }
        }

        double hits = 0, ws = 0;
        if (binary)
        {
            var threshold = 0.0;
            if (k == 1)
            {
                var min = double.PositiveInfinity;
                var max = double.NegativeInfinity;
                foreach (var s in scores) { if (s < min) min = s; if (s > max) max = s; }
                threshold = min >= 0 && max <= 1 ? 0.5 : 0;
            }
            for (var i = 0; i < t.Length; i++)
            {
                var wi = w is null ? 1.0 : w[i];
                ws += wi;
                var hit = k >= 2 || (scores[i] > threshold ? 1 : 0) == cls[i];
                if (hit) hits += wi;
            }
        }
        else
        {
            for (var i = 0; i < t.Length; i++)
            {
                var row = scores.Slice(i * cols, cols);
                var c = cls[i];
                var sc = row[c];
                var better = 0;
                for (var j = 0; j < cols; j++)
                    if (row[j] > sc || (row[j] == sc && j > c)) better++;
                var wi = w is null ? 1.0 : w[i];
                ws += wi;
                if (better < k) hits += wi;
            }
        }
        if (!normalize) return hits;
        return hits / RequirePositive(ws);
    }
}
