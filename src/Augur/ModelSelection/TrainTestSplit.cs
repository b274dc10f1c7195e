using Augur.Data;
using Augur.Numerics;

namespace Augur.ModelSelection;

/// <summary>The two parts of a train/test split and the rows that went into each.</summary>
/// <param name="XTrain">The training rows of the features.</param>
/// <param name="XTest">The test rows of the features.</param>
/// <param name="YTrain">The training rows of the target, or null when no target was given.</param>
/// <param name="YTest">The test rows of the target, or null when no target was given.</param>
/// <param name="TrainIndices">The rows of the input in the training part, in the order they appear there.</param>
/// <param name="TestIndices">The rows of the input in the test part, in the order they appear there.</param>
public sealed record TrainTestSplitResult(Frame XTrain, Frame XTest, Column? YTrain, Column? YTest, int[] TrainIndices, int[] TestIndices);

/// <summary>
/// Splits rows into a training and a test part, as scikit-learn's <c>train_test_split</c>: a fractional test size
/// takes <c>ceil(testSize · n)</c> rows for testing and the rest for training; a whole number is a row count. Rows
/// are shuffled (reproducibly, from <c>randomState</c>) unless <c>shuffle</c> is false, in which case the first rows
/// train and the last rows test. With <c>stratify</c>, every class gets its share of both parts, allocated as
/// scikit-learn's <c>StratifiedShuffleSplit</c> does: the floor of each class's proportional share, with the rows
/// left over going to the classes with the largest remainders (ties broken at random).
/// </summary>
public static class TrainTestSplit
{
    /// <summary>Splits with <paramref name="testSize"/> as a fraction of the rows, strictly between 0 and 1 (default 0.25).</summary>
    public static TrainTestSplitResult Split(Frame x, Column? y = null, double testSize = 0.25, int randomState = 0, bool shuffle = true, Column? stratify = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = RowCount(x, y);
        if (double.IsNaN(testSize) || testSize <= 0 || testSize >= 1)
            throw new AugurException($"test size {testSize} is not a fraction strictly between 0 and 1; give a fraction such as 0.25, or a whole number of test rows");
        var nTest = (int)Math.Ceiling(testSize * n);
        return SplitCounts(x, y, n, nTest, randomState, shuffle, stratify);
    }

    /// <summary>Splits with <paramref name="testCount"/> rows for testing (at least 1, fewer than the rows).</summary>
    public static TrainTestSplitResult Split(Frame x, Column? y, int testCount, int randomState = 0, bool shuffle = true, Column? stratify = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = RowCount(x, y);
        if (testCount <= 0 || testCount >= n)
            throw new AugurException($"a test size of {testCount} rows is not possible with {n} rows; it must be at least 1 and less than {n}");
        return SplitCounts(x, y, n, testCount, randomState, shuffle, stratify);
    }

    /// <summary>The train and test row indices alone (the same rows <see cref="Split(Frame, Column?, double, int, bool, Column?)"/> would choose).</summary>
    public static (int[] Train, int[] Test) Indices(int rowCount, int testCount, int randomState = 0, bool shuffle = true, Column? stratify = null)
    {
        if (rowCount < 2) throw new AugurException($"cannot split {rowCount} rows into a training and a test part");
        if (testCount <= 0 || testCount >= rowCount)
            throw new AugurException($"a test size of {testCount} rows is not possible with {rowCount} rows; it must be at least 1 and less than {rowCount}");
        var nTrain = rowCount - testCount;
        if (stratify is not null)
        {
            if (!shuffle)
                throw new AugurException("a stratified split needs shuffling; set shuffle to true or drop stratify");
            return Stratified(rowCount, nTrain, testCount, randomState, stratify);
        }
        if (!shuffle)
            return (Enumerable.Range(0, nTrain).ToArray(), Enumerable.Range(nTrain, testCount).ToArray());
        var permutation = new Rng(randomState).Permutation(rowCount);
        return (permutation[testCount..], permutation[..testCount]);
    }

    private static int RowCount(Frame x, Column? y)
    {
        var n = x.ColumnCount == 0 && y is not null ? y.Length : x.RowCount;
        if (y is not null && y.Length != n)
            throw new AugurException($"the target '{y.Name}' has {y.Length} rows but the features have {n}");
        if (n < 2) throw new AugurException($"cannot split {n} rows into a training and a test part");
        return n;
    }

    private static TrainTestSplitResult SplitCounts(Frame x, Column? y, int n, int nTest, int randomState, bool shuffle, Column? stratify)
    {
        if (n - nTest <= 0)
            throw new AugurException($"with {n} rows and a test size of {nTest} rows the training part would be empty; use a smaller test size");
        if (stratify is not null && stratify.Length != n)
            throw new AugurException($"the stratify column '{stratify.Name}' has {stratify.Length} rows but the data has {n}");
        var (train, test) = Indices(n, nTest, randomState, shuffle, stratify);
        return new TrainTestSplitResult(
            x.ColumnCount == 0 ? x : x.Take(train),
            x.ColumnCount == 0 ? x : x.Take(test),
            y?.Take(train), y?.Take(test), train, test);
    }

    private static (int[] Train, int[] Test) Stratified(int n, int nTrain, int nTest, int randomState, Column stratify)
    {
        if (stratify.MissingCount > 0)
            throw new AugurException($"the stratify column '{stratify.Name}' has {stratify.MissingCount} missing values; drop or fill them first");
        var classes = ClassLabels.Of(stratify);
        var codes = classes.Encode(stratify);
        var k = classes.Count;
        var counts = new int[k];
        foreach (var c in codes) counts[c]++;
        for (var c = 0; c < k; c++)
            if (counts[c] < 2)
                throw new AugurException(
                    $"class '{classes[c]}' of the stratify column '{stratify.Name}' has only {counts[c]} member; every class needs at least 2 to appear in both parts");
        if (nTrain < k)
            throw new AugurException($"the training part ({nTrain} rows) is smaller than the number of classes ({k}); use a smaller test size");
        if (nTest < k)
            throw new AugurException($"the test part ({nTest} rows) is smaller than the number of classes ({k}); use a larger test size");

        var rng = new Rng(randomState);
        var trainPerClass = ApproximateMode(counts, nTrain, rng);
        var remaining = new int[k];
        for (var c = 0; c < k; c++) remaining[c] = counts[c] - trainPerClass[c];
        var testPerClass = ApproximateMode(remaining, nTest, rng);

        // The rows of each class, in order, then shuffled within the class.
        var members = new int[k][];
        var fill = new int[k];
        for (var c = 0; c < k; c++) members[c] = new int[counts[c]];
        for (var i = 0; i < n; i++) members[codes[i]][fill[codes[i]]++] = i;
        var train = new List<int>(nTrain);
        var test = new List<int>(nTest);
        for (var c = 0; c < k; c++)
        {
            var rows = members[c];
            rng.Shuffle<int>(rows);
            train.AddRange(rows.AsSpan(0, trainPerClass[c]));
            test.AddRange(rows.AsSpan(trainPerClass[c], testPerClass[c]));
        }
        var trainRows = train.ToArray();
        var testRows = test.ToArray();
        rng.Shuffle<int>(trainRows);
        rng.Shuffle<int>(testRows);
        return (trainRows, testRows);
    }

    /// <summary>
    /// Allocates <paramref name="draws"/> items to classes of the given sizes in proportion to their sizes: each class
    /// first gets the floor of its proportional share, then the items left over go one each to the classes with the
    /// largest fractional remainders, choosing at random among classes whose remainders tie.
    /// </summary>
    internal static int[] ApproximateMode(int[] classCounts, int draws, Rng rng)
    {
        var total = 0L;
        foreach (var c in classCounts) total += c;
        var k = classCounts.Length;
        var allocation = new int[k];
        var remainder = new double[k];
        var allocated = 0;
        for (var c = 0; c < k; c++)
        {
            var share = (double)classCounts[c] / total * draws;
            var floor = Math.Floor(share);
            allocation[c] = (int)floor;
            remainder[c] = share - floor;
            allocated += allocation[c];
        }
        var left = draws - allocated;
        if (left <= 0) return allocation;
        // Distinct remainders from the largest down; within a tie, pick at random.
        foreach (var value in remainder.Distinct().OrderByDescending(v => v))
        {
            var tied = Enumerable.Range(0, k).Where(c => remainder[c] == value).ToArray();
            var take = Math.Min(tied.Length, left);
            var chosen = take == tied.Length ? tied : rng.SampleWithoutReplacement(tied.Length, take).Select(i => tied[i]).ToArray();
            foreach (var c in chosen) allocation[c]++;
            left -= take;
            if (left == 0) break;
        }
        return allocation;
    }
}
