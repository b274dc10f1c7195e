using Augur.Data;

namespace Augur.ModelSelection;

/// <summary>
/// Leave one out (scikit-learn's <c>LeaveOneOut</c>): each row is the test set once, in row order. Deterministic.
/// </summary>
public sealed record LeaveOneOut : ISplitter
{
    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null) => rowCount;

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        FoldBuilder.CheckRows(nameof(LeaveOneOut), rowCount, y, groups);
        if (rowCount < 2) throw new AugurException($"LeaveOneOut needs at least 2 rows, not {rowCount}");
        return Folds(rowCount);
    }

    private static IEnumerable<Fold> Folds(int rowCount)
    {
        for (var i = 0; i < rowCount; i++)
        {
            var train = new int[rowCount - 1];
            for (var j = 0; j < i; j++) train[j] = j;
            for (var j = i + 1; j < rowCount; j++) train[j - 1] = j;
            yield return new Fold(train, [i]);
        }
    }
}

/// <summary>
/// Leave P out (scikit-learn's <c>LeavePOut</c>): every set of <see cref="P"/> rows is the test set once, in lexicographic
/// order of the row combinations. The number of folds, C(n, P), grows very fast. Deterministic.
/// </summary>
public sealed record LeavePOut : ISplitter
{
    /// <summary>Creates the splitter.</summary>
    /// <param name="p">The size of each test set (at least 1).</param>
    public LeavePOut(int p) => P = p;

    /// <summary>The size of each test set.</summary>
    public int P { get; init; }

    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null)
    {
        var c = Combinations(rowCount, P);
        if (c > int.MaxValue) throw new AugurException($"LeavePOut with p={P} on {rowCount} rows would make {c} folds, too many");
        return (int)c;
    }

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        FoldBuilder.CheckRows(nameof(LeavePOut), rowCount, y, groups);
        if (P < 1) throw new AugurException($"LeavePOut needs p ≥ 1, not p={P}");
        if (rowCount <= P) throw new AugurException($"LeavePOut with p={P} needs more than {P} rows, not {rowCount}");
        return Folds(rowCount);
    }

    private IEnumerable<Fold> Folds(int n)
    {
        var comb = new int[P];
        for (var i = 0; i < P; i++) comb[i] = i;
        while (true)
        {
            var mask = new bool[n];
            foreach (var i in comb) mask[i] = true;
            yield return FoldBuilder.FromTestMask(mask);
            var k = P - 1;
            while (k >= 0 && comb[k] == n - P + k) k--;
            if (k < 0) yield break;
            comb[k]++;
            for (var j = k + 1; j < P; j++) comb[j] = comb[j - 1] + 1;
        }
    }

    private static double Combinations(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        var r = 1.0;
        for (var i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return Math.Round(r);
    }
}
