using Augur.Numerics;

namespace Augur.Metrics;

/// <summary>
/// Classification metrics with scikit-learn 1.2.1's definitions, label handling and edge cases: accuracy, balanced
/// accuracy, precision / recall / F-scores, Jaccard, confusion matrix, Matthews correlation, Cohen's kappa, Hamming
/// loss, the classification report, ranking metrics (ROC, precision-recall, average precision) and probabilistic
/// ones (log loss, Brier score, top-k accuracy).
/// </summary>
/// <remarks>
/// Labels are matched as scikit-learn matches them: the sorted union of the true and predicted labels unless an
/// explicit <c>labels</c> list is given; numbers compare numerically and texts ordinally (see <see cref="LabelVector"/>).
/// Where scikit-learn raises an error (for example ROC AUC with one class present), these methods throw an
/// <see cref="AugurException"/> with a readable message; where scikit-learn returns a value with a warning, they
/// return the same value without warning.
/// </remarks>
public static partial class ClassificationMetrics
{
    private const string TrueName = "yTrue";
    private const string PredName = "yPred";

    /// <summary>
    /// The fraction (or, with <paramref name="normalize"/> false, the weighted number) of rows whose predicted label equals the true label.
    /// </summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yPred">The predicted labels.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="normalize">Return the fraction (true, default) or the (weighted) count of correct rows.</param>
    public static double Accuracy(LabelVector yTrue, LabelVector yPred, double[]? sampleWeight = null, bool normalize = true)
    {
        LabelEncoding.EncodePair(yTrue, yPred, TrueName, PredName, true, out var t, out var p);
        var w = CheckWeights(sampleWeight, t.Length);
        RequireRows(t.Length, "accuracy");
        double hit = 0, total = 0;
        for (var i = 0; i < t.Length; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            total += wi;
            if (t[i] == p[i]) hit += wi;
        }
        if (!normalize) return hit;
        return hit / RequirePositive(total);
    }

    /// <summary>
    /// The fraction (or the weighted number) of misclassified rows: 1 − accuracy (scikit-learn's <c>zero_one_loss</c>).
    /// </summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yPred">The predicted labels.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="normalize">Return the fraction (true, default) or the (weighted) count of wrong rows.</param>
    public static double ZeroOneLoss(LabelVector yTrue, LabelVector yPred, double[]? sampleWeight = null, bool normalize = true)
    {
        var score = Accuracy(yTrue, yPred, sampleWeight, normalize);
        if (normalize) return 1 - score;
        return sampleWeight is null ? yTrue.Length - score : Sum(sampleWeight) - score;
    }

    /// <summary>
    /// The mean of per-class recall over the classes present in <paramref name="yTrue"/>; with <paramref name="adjusted"/>,
    /// rescaled so that chance scores 0 and perfect prediction 1.
    /// </summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yPred">The predicted labels.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="adjusted">Adjust for chance: (score − 1/k) / (1 − 1/k).</param>
    public static double BalancedAccuracy(LabelVector yTrue, LabelVector yPred, double[]? sampleWeight = null, bool adjusted = false)
    {
        var set = LabelEncoding.EncodePair(yTrue, yPred, TrueName, PredName, true, out var t, out var p);
        var w = CheckWeights(sampleWeight, t.Length);
        RequireRows(t.Length, "balanced accuracy");
        var k = set.Count;
        var diag = new double[k];
        var rows = new double[k];
        for (var i = 0; i < t.Length; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            rows[t[i]] += wi;
            if (t[i] == p[i]) diag[t[i]] += wi;
        }
        double sum = 0;
        var classes = 0;
        for (var c = 0; c < k; c++)
        {
            var r = diag[c] / rows[c];
            if (double.IsNaN(r)) continue;
            sum += r;
            classes++;
        }
        var score = sum / classes;
        if (adjusted)
        {
            var chance = 1.0 / classes;
            score -= chance;
            score /= 1 - chance;
        }
        return score;
    }

    /// <summary>
    /// The confusion matrix: cell (i, j) counts rows with true label <c>labels[i]</c> predicted as <c>labels[j]</c>.
    /// </summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yPred">The predicted labels.</param>
    /// <param name="labels">The labels to index the matrix by, in order (default: the sorted union of labels); rows whose labels are not listed are left out. At least one must occur in <paramref name="yTrue"/>.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="normalize">Normalise over true labels (rows), predicted labels (columns), all cells, or not at all.</param>
    public static ConfusionMatrix ConfusionMatrix(LabelVector yTrue, LabelVector yPred, IReadOnlyList<Label>? labels = null,
        double[]? sampleWeight = null, ConfusionNormalization normalize = ConfusionNormalization.None)
    {
        var set = LabelEncoding.EncodePair(yTrue, yPred, TrueName, PredName, true, out var t, out var p);
        var w = CheckWeights(sampleWeight, t.Length);
        int m;
        int[] position;
        IReadOnlyList<string> names;
        if (labels is null)
        {
            m = set.Count;
            position = new int[m];
            for (var i = 0; i < m; i++) position[i] = i;
            names = set.Names;
        }
        else
        {
            m = labels.Count;
            if (m == 0) throw new AugurException("'labels' should contain at least one label");
            var resolved = LabelEncoding.Resolve(set, labels);
            names = NamesOf(set, labels, resolved);
            if (t.Length == 0) return new ConfusionMatrix(names, new Matrix(m, m));
            position = new int[set.Count];
            Array.Fill(position, -1);
            for (var j = 0; j < m; j++) if (resolved[j] >= 0) position[resolved[j]] = j;
            var inTrue = false;
            foreach (var c in t) if (position[c] >= 0) { inTrue = true; break; }
            if (!inTrue)
                throw new AugurException($"at least one label specified must be in yTrue; labels [{string.Join(", ", labels)}] do not occur in yTrue");
        }
        var cm = new Matrix(m, m);
        var data = cm.Data;
        for (var i = 0; i < t.Length; i++)
        {
            var a = position[t[i]];
            var b = position[p[i]];
            if (a < 0 || b < 0) continue;
            data[a * m + b] += w is null ? 1.0 : w[i];
        }
        NormalizeConfusion(cm, normalize);
        return new ConfusionMatrix(names, cm);
    }

    private static void NormalizeConfusion(Matrix cm, ConfusionNormalization normalize)
    {
        var m = cm.Rows;
        var d = cm.Data;
        switch (normalize)
        {
            case ConfusionNormalization.True:
                for (var i = 0; i < m; i++)
                {
                    double s = 0;
                    for (var j = 0; j < m; j++) s += d[i * m + j];
                    for (var j = 0; j < m; j++) d[i * m + j] = NanToZero(d[i * m + j] / s);
                }
                break;
            case ConfusionNormalization.Pred:
                for (var j = 0; j < m; j++)
                {
                    double s = 0;
                    for (var i = 0; i < m; i++) s += d[i * m + j];
                    for (var i = 0; i < m; i++) d[i * m + j] = NanToZero(d[i * m + j] / s);
                }
                break;
            case ConfusionNormalization.All:
            {
                double s = 0;
                foreach (var v in d) s += v;
                for (var i = 0; i < d.Length; i++) d[i] = NanToZero(d[i] / s);
                break;
            }
        }
    }

    private static double NanToZero(double v) => double.IsNaN(v) ? 0 : v;

    /// <summary>
    /// The Matthews correlation coefficient (binary and multiclass, Gorodkin's R_K statistic): +1 perfect, 0 no better
    /// than chance, −1 total disagreement. 0 when it is undefined (a constant prediction or a single true class).
    /// </summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yPred">The predicted labels.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    public static double MatthewsCorrCoef(LabelVector yTrue, LabelVector yPred, double[]? sampleWeight = null)
    {
        var set = LabelEncoding.EncodePair(yTrue, yPred, TrueName, PredName, true, out var t, out var p);
        var w = CheckWeights(sampleWeight, t.Length);
        RequireRows(t.Length, "the Matthews correlation coefficient");
        var k = set.Count;
        var tSum = new double[k];
        var pSum = new double[k];
        double correct = 0;
        for (var i = 0; i < t.Length; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            tSum[t[i]] += wi;
            pSum[p[i]] += wi;
            if (t[i] == p[i]) correct += wi;
        }
        double n = 0, tp = 0, pp = 0, tt = 0;
        for (var c = 0; c < k; c++)
        {
            n += pSum[c];
            tp += tSum[c] * pSum[c];
            pp += pSum[c] * pSum[c];
            tt += tSum[c] * tSum[c];
        }
        var covYtYp = correct * n - tp;
        var covYpYp = n * n - pp;
        var covYtYt = n * n - tt;
        if (covYpYp * covYtYt == 0) return 0.0;
        return covYtYp / Math.Sqrt(covYtYt * covYpYp);
    }

    /// <summary>
    /// Cohen's kappa, the agreement between two labellings corrected for chance; optionally with linear or quadratic
    /// disagreement weights for ordinal labels. NaN when undefined (for example a single label).
    /// </summary>
    /// <param name="y1">The labels of the first annotator.</param>
    /// <param name="y2">The labels of the second annotator.</param>
    /// <param name="labels">The labels to use, in order (default: the sorted union); weights follow this order.</param>
    /// <param name="weights">Disagreement weighting.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    public static double CohenKappa(LabelVector y1, LabelVector y2, IReadOnlyList<Label>? labels = null,
        KappaWeighting weights = KappaWeighting.None, double[]? sampleWeight = null)
    {
        var cm = ConfusionMatrix(y1, y2, labels, sampleWeight).Values;
        var k = cm.Rows;
        var sum0 = new double[k];
        var sum1 = new double[k];
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
            {
                sum0[j] += cm[i, j];
                sum1[i] += cm[i, j];
            }
        double total = 0;
        foreach (var v in sum0) total += v;
        double observed = 0, expected = 0;
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
            {
                double wij = weights switch
                {
                    KappaWeighting.Linear => Math.Abs(i - j),
                    KappaWeighting.Quadratic => (double)(i - j) * (i - j),
                    _ => i == j ? 0 : 1,
                };
                observed += wij * cm[i, j];
                expected += wij * (sum0[i] * sum1[j] / total);
            }
        return 1 - observed / expected;
    }

    /// <summary>The (weighted) fraction of rows whose predicted label differs from the true label.</summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yPred">The predicted labels.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    public static double HammingLoss(LabelVector yTrue, LabelVector yPred, double[]? sampleWeight = null)
    {
        LabelEncoding.EncodePair(yTrue, yPred, TrueName, PredName, true, out var t, out var p);
        var w = CheckWeights(sampleWeight, t.Length);
        RequireRows(t.Length, "the Hamming loss");
        double miss = 0, total = 0;
        for (var i = 0; i < t.Length; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            total += wi;
            if (t[i] != p[i]) miss += wi;
        }
        return miss / RequirePositive(total);
    }

    // ---------------------------------------------------------------- precision, recall, F-scores, Jaccard

    /// <summary>Precision tp / (tp + fp), averaged as <paramref name="average"/> says.</summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yPred">The predicted labels.</param>
    /// <param name="average">How to combine classes; <see cref="Average.Binary"/> (default) reports <paramref name="posLabel"/> only.</param>
    /// <param name="posLabel">The positive class for <see cref="Average.Binary"/> (default 1).</param>
    /// <param name="labels">The classes to include and their order (default: all labels); ignored for <see cref="Average.Binary"/>.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="zeroDivision">The value when no row is predicted as a class.</param>
    public static double Precision(LabelVector yTrue, LabelVector yPred, Average average = Average.Binary, Label? posLabel = null,
        IReadOnlyList<Label>? labels = null, double[]? sampleWeight = null, ZeroDivision zeroDivision = ZeroDivision.Warn) =>
        PrecisionRecallFScore(yTrue, yPred, average, 1.0, posLabel, labels, sampleWeight, zeroDivision).Precision;

    /// <summary>Recall tp / (tp + fn), averaged as <paramref name="average"/> says.</summary>
    /// <inheritdoc cref="Precision" path="/param"/>
    public static double Recall(LabelVector yTrue, LabelVector yPred, Average average = Average.Binary, Label? posLabel = null,
        IReadOnlyList<Label>? labels = null, double[]? sampleWeight = null, ZeroDivision zeroDivision = ZeroDivision.Warn) =>
        PrecisionRecallFScore(yTrue, yPred, average, 1.0, posLabel, labels, sampleWeight, zeroDivision).Recall;

    /// <summary>The F1 score, the harmonic mean of precision and recall, averaged as <paramref name="average"/> says.</summary>
    /// <inheritdoc cref="Precision" path="/param"/>
    public static double F1(LabelVector yTrue, LabelVector yPred, Average average = Average.Binary, Label? posLabel = null,
        IReadOnlyList<Label>? labels = null, double[]? sampleWeight = null, ZeroDivision zeroDivision = ZeroDivision.Warn) =>
        PrecisionRecallFScore(yTrue, yPred, average, 1.0, posLabel, labels, sampleWeight, zeroDivision).FScore;

    /// <summary>The F-beta score (recall weighted <paramref name="beta"/> times as much as precision), averaged as <paramref name="average"/> says.</summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yPred">The predicted labels.</param>
    /// <param name="beta">The weight of recall (non-negative; +∞ gives recall).</param>
    /// <param name="average">How to combine classes; <see cref="Average.Binary"/> (default) reports <paramref name="posLabel"/> only.</param>
    /// <param name="posLabel">The positive class for <see cref="Average.Binary"/> (default 1).</param>
    /// <param name="labels">The classes to include and their order (default: all labels); ignored for <see cref="Average.Binary"/>.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="zeroDivision">The value when precision or recall is undefined.</param>
    public static double FBeta(LabelVector yTrue, LabelVector yPred, double beta, Average average = Average.Binary, Label? posLabel = null,
        IReadOnlyList<Label>? labels = null, double[]? sampleWeight = null, ZeroDivision zeroDivision = ZeroDivision.Warn) =>
        PrecisionRecallFScore(yTrue, yPred, average, beta, posLabel, labels, sampleWeight, zeroDivision).FScore;

    /// <summary>Averaged precision, recall and F-beta score in one pass (scikit-learn's <c>precision_recall_fscore_support</c> with an average).</summary>
    /// <inheritdoc cref="FBeta" path="/param"/>
    public static AveragedScores PrecisionRecallFScore(LabelVector yTrue, LabelVector yPred, Average average = Average.Binary, double beta = 1.0,
        Label? posLabel = null, IReadOnlyList<Label>? labels = null, double[]? sampleWeight = null, ZeroDivision zeroDivision = ZeroDivision.Warn)
    {
        CheckBeta(beta);
        return Averaged(SetWiseCounts(yTrue, yPred, average, posLabel ?? 1, labels, sampleWeight), average, beta, zeroDivision);
    }

    /// <summary>Precision, recall and F-beta of set-wise counts, averaged as <paramref name="average"/> says (micro pools the counts first).</summary>
    private static AveragedScores Averaged(Counts c, Average average, double beta, ZeroDivision zeroDivision)
    {
        var tp = c.Tp;
        var pred = c.Pred;
        var truth = c.True;
        if (average == Average.Micro)
        {
            tp = [Sum(tp)];
            pred = [Sum(pred)];
            truth = [Sum(truth)];
        }
        var precision = Divide(tp, pred, zeroDivision);
        var recall = Divide(tp, truth, zeroDivision);
        var f = FScores(precision, recall, beta);
        if (average == Average.Weighted)
        {
            var total = Sum(truth);
            if (total == 0)
            {
                var z = zeroDivision == ZeroDivision.One ? 1.0 : 0.0;
                return Sum(pred) == 0 ? new AveragedScores(z, z, z) : new AveragedScores(0, z, 0);
            }
            return new AveragedScores(WeightedMean(precision, truth), WeightedMean(recall, truth), WeightedMean(f, truth));
        }
        return new AveragedScores(Mean(precision), Mean(recall), Mean(f));
    }

    /// <summary>Per-class precision, recall, F-beta score and support (scikit-learn's <c>precision_recall_fscore_support</c> with <c>average=None</c>).</summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yPred">The predicted labels.</param>
    /// <param name="beta">The weight of recall in the F-score.</param>
    /// <param name="labels">The classes to report and their order (default: the sorted union of labels).</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="zeroDivision">The value when precision or recall is undefined.</param>
    public static ClassScores PrecisionRecallFScoreSupport(LabelVector yTrue, LabelVector yPred, double beta = 1.0,
        IReadOnlyList<Label>? labels = null, double[]? sampleWeight = null, ZeroDivision zeroDivision = ZeroDivision.Warn)
    {
        CheckBeta(beta);
        var c = SetWiseCounts(yTrue, yPred, null, 1, labels, sampleWeight);
        var precision = Divide(c.Tp, c.Pred, zeroDivision);
        var recall = Divide(c.Tp, c.True, zeroDivision);
        return new ClassScores(c.Names, precision, recall, FScores(precision, recall, beta), c.True);
    }

    /// <summary>The Jaccard index tp / (tp + fp + fn), averaged as <paramref name="average"/> says.</summary>
    /// <inheritdoc cref="Precision" path="/param"/>
    public static double Jaccard(LabelVector yTrue, LabelVector yPred, Average average = Average.Binary, Label? posLabel = null,
        IReadOnlyList<Label>? labels = null, double[]? sampleWeight = null, ZeroDivision zeroDivision = ZeroDivision.Warn)
    {
        var c = SetWiseCounts(yTrue, yPred, average, posLabel ?? 1, labels, sampleWeight);
        var k = c.Tp.Length;
        var num = new double[k];
        var den = new double[k];
        for (var i = 0; i < k; i++)
        {
            num[i] = c.Tp[i];
            den[i] = c.Tp[i] + (c.Pred[i] - c.Tp[i]) + (c.True[i] - c.Tp[i]);
        }
        if (average == Average.Micro)
        {
            num = [Sum(num)];
            den = [Sum(den)];
        }
        var j = Divide(num, den, zeroDivision);
        if (average == Average.Weighted)
        {
            var weights = c.True;
            if (Sum(weights) != 0) return WeightedMean(j, weights);
        }
        return Mean(j);
    }

    /// <summary>
    /// Scikit-learn's <c>classification_report</c>: per-class precision, recall, F1 and support, accuracy (or the micro
    /// average when <paramref name="labels"/> lists only some labels), macro and weighted averages.
    /// </summary>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="yPred">The predicted labels.</param>
    /// <param name="labels">The classes to report and their order (default: the sorted union of labels).</param>
    /// <param name="targetNames">Display names for the reported classes, in order.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="digits">Digits printed by <see cref="ClassificationReport.ToString()"/>.</param>
    /// <param name="zeroDivision">The value when precision or recall is undefined.</param>
    public static ClassificationReport ClassificationReport(LabelVector yTrue, LabelVector yPred, IReadOnlyList<Label>? labels = null,
        IReadOnlyList<string>? targetNames = null, double[]? sampleWeight = null, int digits = 2, ZeroDivision zeroDivision = ZeroDivision.Warn)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        var c = SetWiseCounts(yTrue, yPred, null, 1, labels, sampleWeight);
        var set = c.Set;
        var microIsAccuracy = true;
        if (labels is not null)
        {
            var listed = new HashSet<int>();
            var absent = false;
            foreach (var r in c.Selection) { if (r < 0) absent = true; else listed.Add(r); }
            microIsAccuracy = !absent && listed.Count == set.Count;
        }
        var names = c.Names;
        if (targetNames is not null)
        {
            if (targetNames.Count != names.Count)
                throw new AugurException(labels is null
                    ? $"the number of classes, {names.Count}, does not match the number of target names, {targetNames.Count}; try specifying the labels"
                    : $"{names.Count} labels were given but {targetNames.Count} target names");
            names = targetNames;
        }
        var precision = Divide(c.Tp, c.Pred, zeroDivision);
        var recall = Divide(c.Tp, c.True, zeroDivision);
        var f1 = FScores(precision, recall, 1.0);
        var rows = new ReportRow[names.Count];
        for (var i = 0; i < rows.Length; i++) rows[i] = new ReportRow(names[i], precision[i], recall[i], f1[i], c.True[i]);
        var support = Sum(c.True);

        var micro = Averaged(c, Average.Micro, 1.0, zeroDivision);
        var macro = Averaged(c, Average.Macro, 1.0, zeroDivision);
        var weighted = Averaged(c, Average.Weighted, 1.0, zeroDivision);
        return new ClassificationReport
        {
            Classes = rows,
            Accuracy = microIsAccuracy ? micro.FScore : null,
            MicroAverage = microIsAccuracy ? null : new ReportRow("micro avg", micro.Precision, micro.Recall, micro.FScore, support),
            MacroAverage = new ReportRow("macro avg", macro.Precision, macro.Recall, macro.FScore, support),
            WeightedAverage = new ReportRow("weighted avg", weighted.Precision, weighted.Recall, weighted.FScore, support),
            TotalSupport = support,
            WeightedSupport = sampleWeight is not null,
            Digits = digits,
        };
    }

    private sealed class Counts
    {
        public required LabelSet Set { get; init; }
        public required int[] Selection { get; init; }
        public required IReadOnlyList<string> Names { get; init; }
        public required double[] Tp { get; init; }
        public required double[] Pred { get; init; }
        public required double[] True { get; init; }
    }

    /// <summary>Per-label true positives, predicted and true counts over the labels a set-wise metric reports.</summary>
    private static Counts SetWiseCounts(LabelVector yTrue, LabelVector yPred, Average? average, Label posLabel,
        IReadOnlyList<Label>? labels, double[]? sampleWeight)
    {
        var set = LabelEncoding.EncodePair(yTrue, yPred, TrueName, PredName, true, out var t, out var p);
        var w = CheckWeights(sampleWeight, t.Length);
        RequireRows(t.Length, "precision, recall and F-scores");
        int[] selection;
        IReadOnlyList<string> names;
        if (average == Average.Binary)
        {
            if (set.Count > 2)
                throw new AugurException(
                    $"the labels are multiclass ({set.Count} classes: {set.Describe()}) but average is Binary; choose Average.Micro, Average.Macro or Average.Weighted");
            var k = set.IndexOf(posLabel);
            if (k < 0 && set.Count >= 2)
                throw new AugurException($"posLabel={posLabel} is not a valid label; it should be one of {set.Describe()}");
            selection = [k];
            names = [k >= 0 ? set.Names[k] : posLabel.ToString()];
        }
        else if (labels is null)
        {
            selection = new int[set.Count];
            for (var i = 0; i < selection.Length; i++) selection[i] = i;
            names = set.Names;
        }
        else
        {
            if (labels.Count == 0) throw new AugurException("'labels' should contain at least one label");
            selection = LabelEncoding.Resolve(set, labels);
            names = NamesOf(set, labels, selection);
        }
        var kk = set.Count;
        var tpAll = new double[kk];
        var predAll = new double[kk];
        var trueAll = new double[kk];
        for (var i = 0; i < t.Length; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            trueAll[t[i]] += wi;
            predAll[p[i]] += wi;
            if (t[i] == p[i]) tpAll[t[i]] += wi;
        }
        var m = selection.Length;
        var tp = new double[m];
        var pred = new double[m];
        var truth = new double[m];
        for (var j = 0; j < m; j++)
        {
            var s = selection[j];
            if (s < 0) continue;
            tp[j] = tpAll[s];
            pred[j] = predAll[s];
            truth[j] = trueAll[s];
        }
        return new Counts { Set = set, Selection = selection, Names = names, Tp = tp, Pred = pred, True = truth };
    }

    private static IReadOnlyList<string> NamesOf(LabelSet set, IReadOnlyList<Label> labels, int[] resolved)
    {
        var names = new string[labels.Count];
        for (var i = 0; i < names.Length; i++) names[i] = resolved[i] >= 0 ? set.Names[resolved[i]] : labels[i].ToString();
        return names;
    }

    private static void CheckBeta(double beta)
    {
        if (!(beta >= 0)) throw new AugurException($"beta should be >= 0 in the F-beta score, got {beta}");
    }

    /// <summary>Element-wise division where a zero denominator gives the zero-division value.</summary>
    private static double[] Divide(double[] num, double[] den, ZeroDivision zeroDivision)
    {
        var r = new double[num.Length];
        var z = zeroDivision == ZeroDivision.One ? 1.0 : 0.0;
        for (var i = 0; i < r.Length; i++) r[i] = den[i] == 0 ? z : num[i] / den[i];
        return r;
    }

    private static double[] FScores(double[] precision, double[] recall, double beta)
    {
        var f = new double[precision.Length];
        if (double.IsPositiveInfinity(beta))
        {
            Array.Copy(recall, f, f.Length);
            return f;
        }
        var beta2 = beta * beta;
        for (var i = 0; i < f.Length; i++)
        {
            var denom = beta2 * precision[i] + recall[i];
            if (denom == 0) denom = 1;
            f[i] = (1 + beta2) * precision[i] * recall[i] / denom;
        }
        return f;
    }

    // ---------------------------------------------------------------- shared helpers

    /// <summary>Checks sample weights for a metric: one per row, finite and non-negative.</summary>
    internal static double[]? CheckWeights(double[]? sampleWeight, int rows)
    {
        if (sampleWeight is null) return null;
        if (sampleWeight.Length != rows)
            throw new AugurException($"{sampleWeight.Length} sample weights were given for {rows} rows");
        for (var i = 0; i < sampleWeight.Length; i++)
        {
            var w = sampleWeight[i];
            if (!double.IsFinite(w) || w < 0)
                throw new AugurException($"sample weight {i} is {w}; weights must be finite and non-negative");
        }
        return sampleWeight;
    }

    internal static void RequireRows(int rows, string metric)
    {
        if (rows == 0) throw new AugurException($"{metric} needs at least one row, but the inputs are empty");
    }

    internal static double RequirePositive(double totalWeight) =>
        totalWeight > 0 ? totalWeight : throw new AugurException("the sample weights sum to zero, so the weighted average is undefined");

    internal static double Sum(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (var v in values) s += v;
        return s;
    }

    internal static double Mean(ReadOnlySpan<double> values) => Sum(values) / values.Length;

    internal static double WeightedMean(ReadOnlySpan<double> values, ReadOnlySpan<double> weights)
    {
        double s = 0, ws = 0;
        for (var i = 0; i < values.Length; i++)
        {
            s += values[i] * weights[i];
            ws += weights[i];
        }
        return s / RequirePositive(ws);
    }
}
