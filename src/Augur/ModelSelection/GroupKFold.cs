using Augur.Data;

namespace Augur.ModelSelection;

/// <summary>
/// K-fold over groups (scikit-learn's <c>GroupKFold</c>): every group lands in exactly one test fold, and folds are
/// balanced by row count. Groups are taken from the largest to the smallest and each goes to the fold with the fewest rows
/// so far (the first such fold on ties). Deterministic; the folds equal scikit-learn 1.2.1's (groups of equal size are
/// ordered by descending group label, which is what NumPy's sort gives for up to 16 groups; beyond that NumPy's unstable
/// quicksort may order equal-size groups differently). Train and test indices ascend.
/// </summary>
public sealed record GroupKFold : ISplitter
{
    /// <summary>The number of folds (at least 2, at most the number of groups).</summary>
    public int NSplits { get; init; } = 5;

    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null) => NSplits;

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        FoldBuilder.CheckRows(nameof(GroupKFold), rowCount, y, groups);
        if (NSplits < 2) throw new AugurException($"GroupKFold needs at least 2 splits, not n_splits={NSplits}");
        var (codes, groupCount) = FoldBuilder.GroupCodes(nameof(GroupKFold), groups);
        if (NSplits > groupCount)
            throw new AugurException($"GroupKFold cannot make n_splits={NSplits} folds from {groupCount} groups; use at most {groupCount} splits");
        var sizes = FoldBuilder.Counts(codes, groupCount);
        // Ascending stable order by size, then reversed: largest first, equal sizes by descending label.
        var order = Enumerable.Range(0, groupCount).OrderBy(g => sizes[g]).Reverse().ToArray();
        var foldRows = new long[NSplits];
        var groupFold = new int[groupCount];
        foreach (var g in order)
        {
            var lightest = 0;
            for (var f = 1; f < NSplits; f++) if (foldRows[f] < foldRows[lightest]) lightest = f;
            foldRows[lightest] += sizes[g];
            groupFold[g] = lightest;
        }
        return Folds(codes, groupFold);
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
}

/// <summary>
/// Leave one group out (scikit-learn's <c>LeaveOneGroupOut</c>): each group, in sorted label order, is the test set once.
/// Deterministic; train and test indices ascend.
/// </summary>
public sealed record LeaveOneGroupOut : ISplitter
{
    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null) =>
        FoldBuilder.GroupCodes(nameof(LeaveOneGroupOut), groups).Count;

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        FoldBuilder.CheckRows(nameof(LeaveOneGroupOut), rowCount, y, groups);
        var (codes, count) = FoldBuilder.GroupCodes(nameof(LeaveOneGroupOut), groups);
        if (count < 2) throw new AugurException($"LeaveOneGroupOut needs at least 2 groups, but '{groups!.Name}' has {count}");
        return Folds(codes, count);
    }

    private static IEnumerable<Fold> Folds(int[] codes, int count)
    {
        for (var g = 0; g < count; g++)
        {
            var mask = new bool[codes.Length];
            for (var i = 0; i < codes.Length; i++) mask[i] = codes[i] == g;
            yield return FoldBuilder.FromTestMask(mask);
        }
    }
}
