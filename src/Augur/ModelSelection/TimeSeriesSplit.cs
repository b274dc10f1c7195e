using Augur.Data;

namespace Augur.ModelSelection;

/// <summary>
/// Time-series cross-validation (scikit-learn's <c>TimeSeriesSplit</c>): rows are in time order; each test fold follows its
/// training rows, and successive training sets grow (or slide, with <see cref="MaxTrainSize"/>). The last
/// <c>NSplits × test size</c> rows are cut into the test folds; <see cref="Gap"/> rows are left out between the end of each
/// training set and its test fold. Deterministic; the folds equal scikit-learn 1.2.1's.
/// </summary>
public sealed record TimeSeriesSplit : ISplitter
{
    /// <summary>The number of folds (at least 2).</summary>
    public int NSplits { get; init; } = 5;

    /// <summary>The largest training set; older rows are dropped beyond it. Null means no limit.</summary>
    public int? MaxTrainSize { get; init; }

    /// <summary>Rows per test fold. Null means <c>rows / (NSplits + 1)</c>.</summary>
    public int? TestSize { get; init; }

    /// <summary>Rows left out between each training set and its test fold.</summary>
    public int Gap { get; init; }

    /// <inheritdoc />
    public int SplitCount(int rowCount, Column? y = null, Column? groups = null) => NSplits;

    /// <inheritdoc />
    public IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null)
    {
        const string name = nameof(TimeSeriesSplit);
        FoldBuilder.CheckRows(name, rowCount, y, groups);
        if (NSplits < 2) throw new AugurException($"{name} needs at least 2 splits, not n_splits={NSplits}");
        if (Gap < 0) throw new AugurException($"{name}: gap={Gap} cannot be negative");
        if (MaxTrainSize is < 1) throw new AugurException($"{name}: max_train_size={MaxTrainSize} must be at least 1");
        if (TestSize is < 1) throw new AugurException($"{name}: test_size={TestSize} must be at least 1");
        var folds = NSplits + 1;
        var testSize = TestSize ?? rowCount / folds;
        if (folds > rowCount)
            throw new AugurException($"{name} cannot make n_splits={NSplits} folds from {rowCount} rows; it needs at least {folds} rows");
        if ((long)rowCount - Gap - (long)testSize * NSplits <= 0)
            throw new AugurException($"{name}: {rowCount} rows are too few for n_splits={NSplits} test folds of {testSize} rows with gap={Gap}");
        return Folds(rowCount, testSize);
    }

    private IEnumerable<Fold> Folds(int rowCount, int testSize)
    {
        for (var start = rowCount - NSplits * testSize; start < rowCount; start += testSize)
        {
            var trainEnd = start - Gap;
            var trainStart = MaxTrainSize is { } max && max < trainEnd ? trainEnd - max : 0;
            yield return new Fold(Range(trainStart, trainEnd), Range(start, start + testSize));
        }
    }

    private static int[] Range(int from, int to)
    {
        var r = new int[Math.Max(0, to - from)];
        for (var i = 0; i < r.Length; i++) r[i] = from + i;
        return r;
    }
}
