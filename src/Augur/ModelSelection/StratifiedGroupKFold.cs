using Augur.Data;
using Augur.Numerics;

namespace Augur.ModelSelection;

/// <summary>
/// Stratified k-fold over groups (scikit-learn's <c>StratifiedGroupKFold</c>): every group lands in one test fold and the
/// class proportions of the folds are kept as close as possible to the whole. Groups are placed greedily, those with the
/// most uneven class counts first (standard deviation of the counts), each into the fold that minimises the mean over
/// classes of the spread of per-fold class fractions, ties going to the fold with fewer rows. Without shuffling the folds
/// equal scikit-learn 1.2.1's. With <see cref="Shuffle"/> the order in which groups of equally uneven class counts are
/// placed is shuffled from <see cref="RandomState"/> (scikit-learn 1.2.1 shuffles the count rows without the group
/// identities, a known bug this does not copy). Train and test indices ascend.
/// </summary>
public sealed record StratifiedGroupKFold : ISplitter
{
    /// <summary>The number of folds (at least 2).</summary>
    public int NSplits { get; init; } = 5;

    /// <summary>Whether to shuffle the groups before placing them.</summary>
    public bool Shuffle { get; init; }

    /// <summary>Seed of the shuffle.</summary>
    public int RandomState { get; init; }

    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null) => NSplits;

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        const string name = nameof(StratifiedGroupKFold);
        FoldBuilder.CheckRows(name, rowCount, y, groups);
        if (NSplits < 2) throw new AugurException($"{name} needs at least 2 splits, not n_splits={NSplits}");
        var (classes, classCount) = FoldBuilder.ClassCodes(name, y);
        var classTotals = FoldBuilder.Counts(classes, classCount);
        if (classTotals.All(c => c < NSplits))
            throw new AugurException($"{name}: n_splits={NSplits} is larger than the number of rows of every class; use fewer splits");
        var (groupCodes, groupCount) = FoldBuilder.GroupCodes(name, groups);
        var perGroup = new double[groupCount, classCount];
        for (var i = 0; i < rowCount; i++) perGroup[groupCodes[i], classes[i]] += 1;

        var order = Enumerable.Range(0, groupCount).ToArray();
        if (Shuffle) new Rng(RandomState).Shuffle<int>(order);
        var spread = new double[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            var row = new double[classCount];
            for (var k = 0; k < classCount; k++) row[k] = perGroup[g, k];
            spread[g] = Std(row);
        }
        // Stable sort by descending spread keeps the (shuffled) order among equals.
        order = order.OrderBy(g => -spread[g]).ToArray();

        var perFold = new double[NSplits, classCount];
        var groupFold = new int[groupCount];
        var column = new double[NSplits];
        foreach (var g in order)
        {
            var best = -1;
            var bestEval = double.PositiveInfinity;
            var bestRows = double.PositiveInfinity;
            for (var f = 0; f < NSplits; f++)
            {
                for (var k = 0; k < classCount; k++) perFold[f, k] += perGroup[g, k];
                var sum = 0.0;
                for (var k = 0; k < classCount; k++)
                {
                    for (var ff = 0; ff < NSplits; ff++) column[ff] = perFold[ff, k] / classTotals[k];
                    sum += Std(column);
                }
                for (var k = 0; k < classCount; k++) perFold[f, k] -= perGroup[g, k];
                var eval = sum / classCount;
                var rows = 0.0;
                for (var k = 0; k < classCount; k++) rows += perFold[f, k];
                var better = eval < bestEval || (IsClose(eval, bestEval) && rows < bestRows);
                if (better)
                {
                    bestEval = eval;
                    bestRows = rows;
                    best = f;
                }
            }
            for (var k = 0; k < classCount; k++) perFold[best, k] += perGroup[g, k];
            groupFold[g] = best;
        }
        return Folds(groupCodes, groupFold);
    }

    private IEnumerable<Fold> Folds(int[] codes, int[] groupFold)
    {
        for (var f = 0; f < NSplits; f++)
        {
            var mask = new bool[codes.Length];
            for (var i = 0; i < codes.Length; i++) mask[i] = groupFold[codes[i]] == f;
            yield return FoldBuilder.FromTestMask(mask);
        }
    }

    // NumPy's isclose defaults: |a − b| ≤ 1e-8 + 1e-5·|b|.
    private static bool IsClose(double a, double b) =>
        !double.IsInfinity(b) && Math.Abs(a - b) <= 1e-8 + 1e-5 * Math.Abs(b);

    // Population standard deviation, summing in order as NumPy does for short arrays.
    private static double Std(ReadOnlySpan<double> values)
    {
        var mean = 0.0;
        foreach (var v in values) mean += v;
        mean /= values.Length;
        var ss = 0.0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / values.Length);
    }
}
