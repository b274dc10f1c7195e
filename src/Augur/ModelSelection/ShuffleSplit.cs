using Augur.Data;
using Augur.Numerics;

namespace Augur.ModelSelection;

/// <summary>
/// Random permutation cross-validation (scikit-learn's <c>ShuffleSplit</c>): <see cref="NSplits"/> independent random
/// train/test splits. Sizes follow scikit-learn (a test fraction rounds up, a training fraction rounds down, the default
/// test size is 10 %). Reproducible from <see cref="RandomState"/> (Augur's generator, so not NumPy's permutations).
/// Train and test indices ascend.
/// </summary>
public sealed record ShuffleSplit : ISplitter
{
    /// <summary>The number of splits.</summary>
    public int NSplits { get; init; } = 10;

    /// <summary>The test set: a fraction in (0, 1) or a row count. Null means the complement of <see cref="TrainSize"/>, or 0.1 when both are null.</summary>
    public double? TestSize { get; init; }

    /// <summary>The training set: a fraction in (0, 1) or a row count. Null means the complement of the test set.</summary>
    public double? TrainSize { get; init; }

    /// <summary>Seed of the permutations.</summary>
    public int RandomState { get; init; }

    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null) => NSplits;

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        FoldBuilder.CheckRows(nameof(ShuffleSplit), rowCount, y, groups);
        if (NSplits < 1) throw new AugurException($"ShuffleSplit needs at least 1 split, not n_splits={NSplits}");
        var (nTrain, nTest) = FoldBuilder.ShuffleSizes(nameof(ShuffleSplit), rowCount, TestSize, TrainSize);
        return Folds(rowCount, nTrain, nTest);
    }

    private IEnumerable<Fold> Folds(int n, int nTrain, int nTest)
    {
        var rng = new Rng(RandomState);
        for (var s = 0; s < NSplits; s++)
        {
            var perm = rng.Permutation(n);
            yield return FoldBuilder.Sorted(perm.AsSpan(nTest, nTrain).ToArray(), perm.AsSpan(0, nTest).ToArray());
        }
    }
}

/// <summary>
/// Stratified random splits (scikit-learn's <c>StratifiedShuffleSplit</c>): like <see cref="ShuffleSplit"/>, but each
/// class is split in proportion to its size (scikit-learn's allocation: floors, then the leftover rows to the classes with
/// the largest fractional parts, ties at random). Reproducible from <see cref="RandomState"/>. Indices ascend.
/// </summary>
public sealed record StratifiedShuffleSplit : ISplitter
{
    /// <summary>The number of splits.</summary>
    public int NSplits { get; init; } = 10;

    /// <summary>The test set: a fraction in (0, 1) or a row count. Null means the complement of <see cref="TrainSize"/>, or 0.1 when both are null.</summary>
    public double? TestSize { get; init; }

    /// <summary>The training set: a fraction in (0, 1) or a row count. Null means the complement of the test set.</summary>
    public double? TrainSize { get; init; }

    /// <summary>Seed of the permutations.</summary>
    public int RandomState { get; init; }

    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null) => NSplits;

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        const string name = nameof(StratifiedShuffleSplit);
        FoldBuilder.CheckRows(name, rowCount, y, groups);
        if (NSplits < 1) throw new AugurException($"{name} needs at least 1 split, not n_splits={NSplits}");
        var (nTrain, nTest) = FoldBuilder.ShuffleSizes(name, rowCount, TestSize, TrainSize);
        var (codes, classCount) = FoldBuilder.ClassCodes(name, y);
        var counts = FoldBuilder.Counts(codes, classCount);
        if (counts.Min() < 2)
            throw new AugurException($"{name}: the least populated class of '{y!.Name}' has only {counts.Min()} row; every class needs at least 2");
        if (nTrain < classCount)
            throw new AugurException($"{name}: the training set ({nTrain} rows) must be at least the number of classes ({classCount})");
        if (nTest < classCount)
            throw new AugurException($"{name}: the test set ({nTest} rows) must be at least the number of classes ({classCount})");
        return Folds(codes, counts, nTrain, nTest);
    }

    private IEnumerable<Fold> Folds(int[] codes, int[] counts, int nTrain, int nTest)
    {
        var byClass = new int[counts.Length][];
        var fill = new int[counts.Length];
        for (var k = 0; k < counts.Length; k++) byClass[k] = new int[counts[k]];
        for (var i = 0; i < codes.Length; i++) byClass[codes[i]][fill[codes[i]]++] = i;
        var rng = new Rng(RandomState);
        for (var s = 0; s < NSplits; s++)
        {
            var trainPer = FoldBuilder.ApproximateMode(counts, nTrain, rng);
            var left = new int[counts.Length];
            for (var k = 0; k < counts.Length; k++) left[k] = counts[k] - trainPer[k];
            var testPer = FoldBuilder.ApproximateMode(left, nTest, rng);
            var train = new List<int>(nTrain);
            var test = new List<int>(nTest);
            for (var k = 0; k < counts.Length; k++)
            {
                var rows = (int[])byClass[k].Clone();
                rng.Shuffle<int>(rows);
                train.AddRange(rows.AsSpan(0, trainPer[k]));
                test.AddRange(rows.AsSpan(trainPer[k], testPer[k]));
            }
            yield return FoldBuilder.Sorted(train.ToArray(), test.ToArray());
        }
    }
}

/// <summary>
/// Random splits over groups (scikit-learn's <c>GroupShuffleSplit</c>): the sizes count groups, not rows; each group goes
/// wholly to the training or the test set. Reproducible from <see cref="RandomState"/>. Indices ascend.
/// </summary>
public sealed record GroupShuffleSplit : ISplitter
{
    /// <summary>The number of splits.</summary>
    public int NSplits { get; init; } = 5;

    /// <summary>The test groups: a fraction in (0, 1) or a group count. Null means the complement of <see cref="TrainSize"/>, or 0.2 when both are null.</summary>
    public double? TestSize { get; init; }

    /// <summary>The training groups: a fraction in (0, 1) or a group count. Null means the complement of the test groups.</summary>
    public double? TrainSize { get; init; }

    /// <summary>Seed of the permutations.</summary>
    public int RandomState { get; init; }

    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null) => NSplits;

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        const string name = nameof(GroupShuffleSplit);
        FoldBuilder.CheckRows(name, rowCount, y, groups);
        if (NSplits < 1) throw new AugurException($"{name} needs at least 1 split, not n_splits={NSplits}");
        var (codes, groupCount) = FoldBuilder.GroupCodes(name, groups);
        var test = TestSize is null && TrainSize is null ? 0.2 : TestSize;
        var (nTrain, nTest) = FoldBuilder.ShuffleSizes(name, groupCount, test, TrainSize);
        return Folds(codes, groupCount, nTrain, nTest);
    }

    private IEnumerable<Fold> Folds(int[] codes, int groupCount, int nTrain, int nTest)
    {
        var rng = new Rng(RandomState);
        for (var s = 0; s < NSplits; s++)
        {
            var perm = rng.Permutation(groupCount);
            var role = new sbyte[groupCount];
            for (var i = 0; i < nTest; i++) role[perm[i]] = 1;
            for (var i = nTest; i < nTest + nTrain; i++) role[perm[i]] = 2;
            var train = new List<int>();
            var testRows = new List<int>();
            for (var i = 0; i < codes.Length; i++)
            {
                if (role[codes[i]] == 1) testRows.Add(i);
                else if (role[codes[i]] == 2) train.Add(i);
            }
            yield return new Fold(train.ToArray(), testRows.ToArray());
        }
    }
}
