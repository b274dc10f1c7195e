using Augur.Data;
using Augur.Numerics;

namespace Augur.ModelSelection;

/// <summary>
/// Repeated k-fold (scikit-learn's <c>RepeatedKFold</c>): <see cref="NRepeats"/> rounds of shuffled k-fold, each with its
/// own permutation derived from <see cref="RandomState"/> (<see cref="Rng.Derive"/>), so every repetition is reproducible on
/// its own. The folds of one round are cut like <c>KFold</c>'s (the first <c>n mod k</c> folds get one row more).
/// Train and test indices ascend.
/// </summary>
public sealed record RepeatedKFold : ISplitter
{
    /// <summary>The number of folds per repetition (at least 2).</summary>
    public int NSplits { get; init; } = 5;

    /// <summary>The number of repetitions (at least 1).</summary>
    public int NRepeats { get; init; } = 10;

    /// <summary>Seed of the permutations.</summary>
    public int RandomState { get; init; }

    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null) => NSplits * NRepeats;

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        FoldBuilder.CheckRows(nameof(RepeatedKFold), rowCount, y, groups);
        if (NSplits < 2) throw new AugurException($"RepeatedKFold needs at least 2 splits, not n_splits={NSplits}");
        if (NRepeats < 1) throw new AugurException($"RepeatedKFold needs at least 1 repetition, not n_repeats={NRepeats}");
        if (rowCount < NSplits) throw new AugurException($"RepeatedKFold cannot make n_splits={NSplits} folds from {rowCount} rows; use fewer splits");
        return Folds(rowCount);
    }

    private IEnumerable<Fold> Folds(int n)
    {
        for (var r = 0; r < NRepeats; r++)
        {
            var order = new Rng(Rng.Derive(RandomState, r)).Permutation(n);
            var start = 0;
            for (var f = 0; f < NSplits; f++)
            {
                var size = n / NSplits + (f < n % NSplits ? 1 : 0);
                var mask = new bool[n];
                for (var i = start; i < start + size; i++) mask[order[i]] = true;
                start += size;
                yield return FoldBuilder.FromTestMask(mask);
            }
        }
    }
}
