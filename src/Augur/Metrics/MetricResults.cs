using System.Text;
using Augur.Numerics;

namespace Augur.Metrics;

/// <summary>
/// A confusion matrix: <c>Values[i, j]</c> is the (weighted) number of rows whose true label is <c>Labels[i]</c> and
/// whose predicted label is <c>Labels[j]</c>, possibly normalised.
/// </summary>
/// <param name="Labels">The label of each row and column, in order.</param>
/// <param name="Values">The square matrix of counts or fractions.</param>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, Matrix Values)
{
    /// <summary>The number of labels (rows and columns).</summary>
    public int Count => Labels.Count;

    /// <summary>The cell for true label index <paramref name="trueIndex"/> and predicted label index <paramref name="predictedIndex"/>.</summary>
    public double this[int trueIndex, int predictedIndex] => Values[trueIndex, predictedIndex];

    /// <summary>For two labels: true negatives, false positives, false negatives and true positives (the second label is positive), as scikit-learn's <c>ravel()</c> gives them.</summary>
    public (double TrueNegatives, double FalsePositives, double FalseNegatives, double TruePositives) Binary()
    {
        if (Count != 2) throw new AugurException($"the confusion matrix has {Count} labels; true/false positives/negatives need exactly two");
        return (Values[0, 0], Values[0, 1], Values[1, 0], Values[1, 1]);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var cells = new string[Count, Count];
        var width = Labels.Count == 0 ? 4 : Labels.Max(l => l.Length);
        for (var i = 0; i < Count; i++)
            for (var j = 0; j < Count; j++)
            {
                cells[i, j] = PythonFormat.General(Values[i, j]);
                width = Math.Max(width, cells[i, j].Length);
            }
        var sb = new StringBuilder();
        sb.Append(' ', width).Append("  (predicted →)").AppendLine();
        sb.Append(' ', width);
        foreach (var l in Labels) sb.Append(' ').Append(l.PadLeft(width));
        sb.AppendLine();
        for (var i = 0; i < Count; i++)
        {
            sb.Append(Labels[i].PadLeft(width));
            for (var j = 0; j < Count; j++) sb.Append(' ').Append(cells[i, j].PadLeft(width));
            sb.AppendLine();
        }
        return sb.ToString();
    }
}

/// <summary>Per-class precision, recall, F-score and support (scikit-learn's <c>precision_recall_fscore_support</c> with <c>average=None</c>).</summary>
/// <param name="Labels">The class of each entry.</param>
/// <param name="Precision">Precision of each class.</param>
/// <param name="Recall">Recall of each class.</param>
/// <param name="FScore">F-beta score of each class.</param>
/// <param name="Support">The (weighted) number of true instances of each class.</param>
public sealed record ClassScores(IReadOnlyList<string> Labels, double[] Precision, double[] Recall, double[] FScore, double[] Support);

/// <summary>Averaged precision, recall and F-score (scikit-learn's <c>precision_recall_fscore_support</c> with an average).</summary>
/// <param name="Precision">The averaged precision.</param>
/// <param name="Recall">The averaged recall.</param>
/// <param name="FScore">The averaged F-beta score.</param>
public readonly record struct AveragedScores(double Precision, double Recall, double FScore);

/// <summary>A receiver operating characteristic curve, as scikit-learn's <c>roc_curve</c> returns it.</summary>
/// <param name="FalsePositiveRate">Increasing false positive rates, starting at 0 (NaN when there are no negatives).</param>
/// <param name="TruePositiveRate">Increasing true positive rates, starting at 0 (NaN when there are no positives).</param>
/// <param name="Thresholds">Decreasing score thresholds; the first is the highest score plus 1 (the curve's (0, 0) point).</param>
public sealed record RocCurve(double[] FalsePositiveRate, double[] TruePositiveRate, double[] Thresholds)
{
    /// <summary>The area under this curve (trapezoidal rule).</summary>
    public double Area() => ClassificationMetrics.Auc(FalsePositiveRate, TruePositiveRate);
}

/// <summary>A precision-recall curve, as scikit-learn's <c>precision_recall_curve</c> returns it.</summary>
/// <param name="Precision">Precision at each threshold, then a final 1.</param>
/// <param name="Recall">Decreasing recall at each threshold, then a final 0.</param>
/// <param name="Thresholds">Increasing score thresholds (one fewer than the points).</param>
public sealed record PrecisionRecallCurve(double[] Precision, double[] Recall, double[] Thresholds);

/// <summary>One line of a <see cref="ClassificationReport"/>.</summary>
/// <param name="Name">The class (or <c>macro avg</c>, <c>weighted avg</c>, <c>micro avg</c>).</param>
/// <param name="Precision">Precision.</param>
/// <param name="Recall">Recall.</param>
/// <param name="F1">F1 score.</param>
/// <param name="Support">The (weighted) number of true instances.</param>
public sealed record ReportRow(string Name, double Precision, double Recall, double F1, double Support);

/// <summary>
/// Scikit-learn's <c>classification_report</c>: per-class precision, recall, F1 and support, then accuracy (or a
/// micro average when only some labels are reported), the macro average and the support-weighted average.
/// <see cref="ToString()"/> prints the same text as scikit-learn.
/// </summary>
public sealed record ClassificationReport
{
    /// <summary>One row per reported class, in label order.</summary>
    public required IReadOnlyList<ReportRow> Classes { get; init; }

    /// <summary>The accuracy, when the report covers all labels present (otherwise null and <see cref="MicroAverage"/> is set).</summary>
    public double? Accuracy { get; init; }

    /// <summary>The micro average, when the report covers only some of the labels (otherwise null).</summary>
    public ReportRow? MicroAverage { get; init; }

    /// <summary>The unweighted mean over classes.</summary>
    public required ReportRow MacroAverage { get; init; }

    /// <summary>The mean over classes weighted by support.</summary>
    public required ReportRow WeightedAverage { get; init; }

    /// <summary>The total support.</summary>
    public required double TotalSupport { get; init; }

    /// <summary>True when supports are sums of sample weights (printed as real numbers, as scikit-learn does).</summary>
    public bool WeightedSupport { get; init; }

    /// <summary>Digits printed by <see cref="ToString()"/> (scikit-learn's <c>digits</c>, default 2).</summary>
    public int Digits { get; init; } = 2;

    /// <summary>The report as scikit-learn prints it, with <see cref="Digits"/> digits.</summary>
    public override string ToString() => ToString(Digits);

    /// <summary>The report as scikit-learn prints it, with <paramref name="digits"/> digits.</summary>
    public string ToString(int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        const string longest = "weighted avg";
        var width = Math.Max(Math.Max(Classes.Count == 0 ? 0 : Classes.Max(c => c.Name.Length), longest.Length), digits);
        var sb = new StringBuilder();
        sb.Append(new string(' ', width)).Append(' ');
        foreach (var h in new[] { "precision", "recall", "f1-score", "support" }) sb.Append(' ').Append(h.PadLeft(9));
        sb.Append("\n\n");
        foreach (var row in Classes) AppendRow(sb, row, width, digits);
        sb.Append('\n');
        if (Accuracy is { } acc)
        {
            sb.Append("accuracy".PadLeft(width)).Append(' ');
            sb.Append(' ').Append(new string(' ', 9)).Append(' ').Append(new string(' ', 9));
            sb.Append(' ').Append(PythonFormat.Fixed(acc, digits).PadLeft(9));
            sb.Append(' ').Append(Support(TotalSupport).PadLeft(9)).Append('\n');
        }
        else if (MicroAverage is not null) AppendRow(sb, MicroAverage, width, digits);
        AppendRow(sb, MacroAverage, width, digits);
        AppendRow(sb, WeightedAverage, width, digits);
        return sb.ToString();
    }

    private void AppendRow(StringBuilder sb, ReportRow row, int width, int digits)
    {
        sb.Append(row.Name.PadLeft(width)).Append(' ');
        sb.Append(' ').Append(PythonFormat.Fixed(row.Precision, digits).PadLeft(9));
        sb.Append(' ').Append(PythonFormat.Fixed(row.Recall, digits).PadLeft(9));
        sb.Append(' ').Append(PythonFormat.Fixed(row.F1, digits).PadLeft(9));
        sb.Append(' ').Append(Support(row.Support).PadLeft(9)).Append('\n');
    }

    private string Support(double s) => WeightedSupport ? PythonFormat.Repr(s) : PythonFormat.Integer(s);
}

/// <summary>A contingency table of two labellings (scikit-learn's <c>contingency_matrix</c>).</summary>
/// <param name="Classes">The distinct labels of the first labelling (rows), sorted.</param>
/// <param name="Clusters">The distinct labels of the second labelling (columns), sorted.</param>
/// <param name="Counts">The number of rows with each pair of labels.</param>
public sealed record ContingencyTable(IReadOnlyList<string> Classes, IReadOnlyList<string> Clusters, Matrix Counts);

/// <summary>Homogeneity, completeness and V-measure of a clustering.</summary>
/// <param name="Homogeneity">Each cluster holds members of one class only (1 is best).</param>
/// <param name="Completeness">All members of a class are in one cluster (1 is best).</param>
/// <param name="VMeasure">Their weighted harmonic mean.</param>
public readonly record struct HomogeneityCompleteness(double Homogeneity, double Completeness, double VMeasure);
