using Augur.Data;
using Augur.Numerics;

namespace Augur.ModelSelection;

/// <summary>
/// K-fold cross-validation (scikit-learn's <c>KFold</c>): the rows, optionally shuffled, are cut into
/// <see cref="NSplits"/> consecutive folds; the first <c>n mod k</c> folds get one row more. Each fold is the test set
/// once. Without shuffling the folds equal scikit-learn's; with shuffling they are reproducible from
/// <see cref="RandomState"/> (Augur's generator, so not the same permutation as NumPy's). Train and test indices ascend.
/// </summary>
public sealed record KFold : ISplitter
{
    /// <summary>The number of folds (at least 2).</summary>
    public int NSplits { get; init; } = 5;

    /// <summary>Whether to shuffle the rows before cutting them into folds.</summary>
    public bool Shuffle { get; init; }

    /// <summary>Seed of the shuffle.</summary>
    public int RandomState { get; init; }

    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null) => NSplits;

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        if (NSplits < 2) throw new AugurException($"KFold needs at least 2 splits, not n_splits={NSplits}");
        if (rowCount < NSplits)
            throw new AugurException($"KFold cannot make n_splits={NSplits} folds from {rowCount} rows; use fewer splits");
        if (y is not null && y.Length != rowCount) throw new AugurException($"the target has {y.Length} rows but {rowCount} were given");
        return Folds(rowCount);
    }

    private IEnumerable<Fold> Folds(int rowCount)
    {
        var order = Enumerable.Range(0, rowCount).ToArray();
        if (Shuffle) new Rng(RandomState).Shuffle<int>(order);
        var start = 0;
        for (var f = 0; f < NSplits; f++)
        {
            var size = rowCount / NSplits + (f < rowCount % NSplits ? 1 : 0);
            var isTest = new bool[rowCount];
            for (var i = start; i < start + size; i++) isTest[order[i]] = true;
            start += size;
            yield return FromMask(isTest);
        }
    }

    /// <summary>A fold whose test rows are those flagged in <paramref name="isTest"/>; both index lists ascend.</summary>
    private static Fold FromMask(bool[] isTest)
    {
        var test = new List<int>();
        var train = new List<int>();
        for (var i = 0; i < isTest.Length; i++) (isTest[i] ? test : train).Add(i);
        return new Fold(train.ToArray(), test.ToArray());
    }
}
