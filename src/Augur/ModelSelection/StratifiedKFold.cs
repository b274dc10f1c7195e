using Augur.Data;
using Augur.Numerics;

namespace Augur.ModelSelection;

/// <summary>
/// Stratified k-fold cross-validation (scikit-learn's <c>StratifiedKFold</c>): every fold keeps roughly the class
/// proportions of the whole target. Classes are taken in order of first appearance; the rows of the target sorted by
/// class are dealt to the folds round-robin to decide how many rows of each class each fold gets, and each class's rows
/// then fill the folds in row order (or in a shuffled fold order when <see cref="Shuffle"/> is set). Without shuffling
/// the folds equal scikit-learn 1.2's. Train and test indices ascend.
/// </summary>
public sealed record StratifiedKFold : ISplitter
{
    /// <summary>The number of folds (at least 2).</summary>
    public int NSplits { get; init; } = 5;

    /// <summary>Whether to shuffle each class's rows among the folds.</summary>
    public bool Shuffle { get; init; }

    /// <summary>Seed of the shuffle.</summary>
    public int RandomState { get; init; }

    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null) => NSplits;

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        if (NSplits < 2) throw new AugurException($"StratifiedKFold needs at least 2 splits, not n_splits={NSplits}");
        if (y is null) throw new AugurException("StratifiedKFold needs the target column to stratify on");
        if (y.Length != rowCount) throw new AugurException($"the target '{y.Name}' has {y.Length} rows but {rowCount} were given");
        if (rowCount < NSplits)
            throw new AugurException($"StratifiedKFold cannot make n_splits={NSplits} folds from {rowCount} rows; use fewer splits");
        var testFold = TestFolds(y);
        return Folds(testFold);
    }

    private IEnumerable<Fold> Folds(int[] testFold)
    {
        for (var f = 0; f < NSplits; f++)
        {
            var mask = new bool[testFold.Length];
            for (var i = 0; i < mask.Length; i++) mask[i] = testFold[i] == f;
            yield return FromMask(mask);
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

    /// <summary>The test fold of every row.</summary>
    internal int[] TestFolds(Column y)
    {
        var n = y.Length;
        var sorted = ClassLabels.Of(y).Encode(y);
        // Renumber classes by first appearance.
        var byAppearance = new Dictionary<int, int>();
        var encoded = new int[n];
        for (var i = 0; i < n; i++)
        {
            if (!byAppearance.TryGetValue(sorted[i], out var c))
            {
                c = byAppearance.Count;
                byAppearance[sorted[i]] = c;
            }
            encoded[i] = c;
        }
        var classes = byAppearance.Count;
        var counts = new int[classes];
        foreach (var c in encoded) counts[c]++;
        if (counts.All(c => NSplits > c))
            throw new AugurException($"StratifiedKFold cannot make n_splits={NSplits} folds: every class of '{y.Name}' has fewer members (largest class: {counts.Max()})");
        // Deal the class-sorted rows to the folds round-robin: allocation[f, c] rows of class c go to fold f.
        var allocation = new int[NSplits, classes];
        var position = 0;
        for (var c = 0; c < classes; c++)
            for (var t = 0; t < counts[c]; t++, position++)
                allocation[position % NSplits, c]++;
        var rng = Shuffle ? new Rng(RandomState) : null;
        var testFold = new int[n];
        var cursor = new int[classes];
        var foldsOfClass = new int[classes][];
        for (var c = 0; c < classes; c++)
        {
            var list = new int[counts[c]];
            var p = 0;
            for (var f = 0; f < NSplits; f++)
                for (var t = 0; t < allocation[f, c]; t++) list[p++] = f;
            rng?.Shuffle<int>(list);
            foldsOfClass[c] = list;
        }
        for (var i = 0; i < n; i++)
        {
            var c = encoded[i];
            testFold[i] = foldsOfClass[c][cursor[c]++];
        }
        return testFold;
    }
}
