using Augur.Data;
using Augur.Numerics;

namespace Augur.Explain;

/// <summary>
/// SHAP values of some rows: for every explained row, output and feature, the feature's additive contribution.
/// <c>BaseValues[k] + Σ_j Values[k][i, j] = ModelOutput[i, k]</c> for every row <c>i</c> and output <c>k</c>
/// (the efficiency property), all on the scale named by <see cref="OutputSpace"/>.
/// </summary>
/// <remarks>A plain immutable record of arrays and names: charts and reports read it directly.</remarks>
public sealed record ShapExplanation
{
    /// <summary>The algorithm that produced the values: <c>tree</c>, <c>tree_interventional</c>, <c>linear</c>, <c>kernel</c> or <c>lightgbm_native</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The scale of <see cref="Values"/>, <see cref="BaseValues"/> and <see cref="ModelOutput"/>.</summary>
    public required OutputSpace OutputSpace { get; init; }

    /// <summary>The feature names, one per column of each matrix in <see cref="Values"/>.</summary>
    public required IReadOnlyList<string> FeatureNames { get; init; }

    /// <summary>
    /// The name of each output: the class labels when an output is explained per class, otherwise one name
    /// (<c>value</c> for regressors, <c>margin</c> for a single-score classifier margin).
    /// </summary>
    public required IReadOnlyList<string> OutputNames { get; init; }

    /// <summary>The expected model output over the background (one per output): what the values are measured from.</summary>
    public required IReadOnlyList<double> BaseValues { get; init; }

    /// <summary>The SHAP values: one rows × features matrix per output.</summary>
    public required IReadOnlyList<Matrix> Values { get; init; }

    /// <summary>The model output the values add up to: rows × outputs, on the scale of <see cref="OutputSpace"/>.</summary>
    public required Matrix ModelOutput { get; init; }

    /// <summary>The explained rows' positions in the frame passed to the explainer.</summary>
    public required IReadOnlyList<int> Rows { get; init; }

    /// <summary>
    /// The feature values of the explained rows as numbers (rows × features; categories as NaN), for colouring charts.
    /// Null when not available.
    /// </summary>
    public Matrix? FeatureValues { get; init; }

    /// <summary>Number of explained rows.</summary>
    public int RowCount => ModelOutput.Rows;

    /// <summary>Number of outputs (classes, or 1).</summary>
    public int OutputCount => OutputNames.Count;

    /// <summary>The largest |base + Σ values − output| over all rows and outputs (0 up to rounding for exact explainers).</summary>
    public double MaxAdditivityError()
    {
        var worst = 0.0;
        for (var k = 0; k < OutputCount; k++)
            for (var i = 0; i < RowCount; i++)
            {
                var sum = BaseValues[k];
                foreach (var v in Values[k].Row(i)) sum += v;
                worst = Math.Max(worst, Math.Abs(sum - ModelOutput[i, k]));
            }
        return worst;
    }

    /// <summary>The mean absolute SHAP value of each feature over rows (and summed over outputs): a global importance.</summary>
    public double[] MeanAbsolute()
    {
        var result = new double[FeatureNames.Count];
        if (RowCount == 0) return result;
        foreach (var m in Values)
            for (var i = 0; i < m.Rows; i++)
            {
                var row = m.Row(i);
                for (var j = 0; j < row.Length; j++) result[j] += Math.Abs(row[j]);
            }
        for (var j = 0; j < result.Length; j++) result[j] /= RowCount;
        return result;
    }

    /// <summary>
    /// Sums the values of features that come from the same source column: <paramref name="groups"/> gives, for each
    /// feature, the index of its group in <paramref name="groupNames"/>. Efficiency is kept (values are only regrouped).
    /// </summary>
    /// <param name="groupNames">The names of the groups (for example the pipeline's input columns).</param>
    /// <param name="groups">One group index per feature of this explanation.</param>
    /// <param name="groupValues">Optional numeric values of the explained rows per group (rows × groups).</param>
    public ShapExplanation Fold(IReadOnlyList<string> groupNames, IReadOnlyList<int> groups, Matrix? groupValues = null)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count != FeatureNames.Count)
            throw new ArgumentException($"fold needs one group per feature ({FeatureNames.Count}), not {groups.Count}", nameof(groups));
        foreach (var g in groups)
            if ((uint)g >= (uint)groupNames.Count) throw new ArgumentException($"group index {g} is outside 0…{groupNames.Count - 1}", nameof(groups));
        var folded = new Matrix[Values.Count];
        for (var k = 0; k < Values.Count; k++)
        {
            var src = Values[k];
            var dst = new Matrix(src.Rows, groupNames.Count);
            for (var i = 0; i < src.Rows; i++)
            {
                var s = src.Row(i);
                var d = dst.Row(i);
                for (var j = 0; j < s.Length; j++) d[groups[j]] += s[j];
            }
            folded[k] = dst;
        }
        return this with { FeatureNames = groupNames.ToArray(), Values = folded, FeatureValues = groupValues };
    }

    /// <summary>Numeric values of a frame's columns for <see cref="FeatureValues"/> (NaN for categories and text).</summary>
    public static Matrix NumericValues(Frame rows, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(names);
        var m = new Matrix(rows.RowCount, names.Count);
        for (var j = 0; j < names.Count; j++)
        {
            if (!rows.TryGetColumn(names[j], out var c) || !c.IsNumeric || c.Type == ColumnType.Sparse)
            {
                for (var i = 0; i < rows.RowCount; i++) m[i, j] = double.NaN;
                continue;
            }
            for (var i = 0; i < rows.RowCount; i++) m[i, j] = c.IsMissing(i) ? double.NaN : c.GetDouble(i);
        }
        return m;
    }
}
