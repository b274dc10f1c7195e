using Augur.Data;

namespace Augur.ModelSelection;

/// <summary>Helpers shared by this area's splitters: input checks, label codes and folds from masks.</summary>
internal static class FoldBuilder
{
    /// <summary>A fold whose test rows are flagged in <paramref name="isTest"/>; both index lists ascend.</summary>
    public static Fold FromTestMask(bool[] isTest)
    {
        var testCount = 0;
        foreach (var t in isTest) if (t) testCount++;
        var test = new int[testCount];
        var train = new int[isTest.Length - testCount];
        int a = 0, b = 0;
        for (var i = 0; i < isTest.Length; i++)
        {
            if (isTest[i]) test[a++] = i;
            else train[b++] = i;
        }
        return new Fold(train, test);
    }

    /// <summary>A fold from explicit train and test rows, both sorted ascending.</summary>
    public static Fold Sorted(int[] train, int[] test)
    {
        Array.Sort(train);
        Array.Sort(test);
        return new Fold(train, test);
    }

    /// <summary>Checks the row count and the lengths of <paramref name="y"/> and <paramref name="groups"/>.</summary>
    public static void CheckRows(string splitter, int rowCount, Column? y, Column? groups)
    {
        if (rowCount < 1) throw new AugurException($"{splitter} needs at least one row");
        if (y is not null && y.Length != rowCount)
            throw new AugurException($"{splitter}: the target '{y.Name}' has {y.Length} rows but {rowCount} were given");
        if (groups is not null && groups.Length != rowCount)
            throw new AugurException($"{splitter}: the groups column '{groups.Name}' has {groups.Length} rows but {rowCount} were given");
    }

    /// <summary>
    /// The code of every row's group (groups sorted as NumPy's <c>unique</c> sorts them) and the number of groups.
    /// Missing groups are an error.
    /// </summary>
    public static (int[] Codes, int Count) GroupCodes(string splitter, Column? groups)
    {
        if (groups is null) throw new AugurException($"{splitter} needs a groups column (one group label per row)");
        if (groups.MissingCount > 0)
            throw new AugurException($"{splitter}: the groups column '{groups.Name}' has {groups.MissingCount} missing values; every row needs a group");
        var labels = ClassLabels.Of(groups);
        return (labels.Encode(groups), labels.Count);
    }

    /// <summary>The class code of every row of <paramref name="y"/> (classes sorted) and the number of classes.</summary>
    public static (int[] Codes, int Count) ClassCodes(string splitter, Column? y)
    {
        if (y is null) throw new AugurException($"{splitter} is stratified and needs the target (class labels)");
        if (y.MissingCount > 0)
            throw new AugurException($"{splitter}: the target '{y.Name}' has {y.MissingCount} missing values; drop those rows first");
        var labels = ClassLabels.Of(y);
        return (labels.Encode(y), labels.Count);
    }

    /// <summary>Counts of each code.</summary>
    public static int[] Counts(int[] codes, int count)
    {
        var counts = new int[count];
        foreach (var c in codes) counts[c]++;
        return counts;
    }

    /// <summary>
    /// Splits <paramref name="draws"/> among classes in proportion to <paramref name="classCounts"/> (the mode of the
    /// multivariate hypergeometric distribution, approximately): floors first, then the remaining draws go to the classes
    /// with the largest fractional parts, ties broken at random (as scikit-learn's <c>_approximate_mode</c>).
    /// </summary>
    public static int[] ApproximateMode(int[] classCounts, int draws, Numerics.Rng rng)
    {
        long total = 0;
        foreach (var c in classCounts) total += c;
        var result = new int[classCounts.Length];
        var remainder = new double[classCounts.Length];
        var need = draws;
        for (var k = 0; k < classCounts.Length; k++)
        {
            var continuous = (double)classCounts[k] / total * draws;
            var floor = Math.Floor(continuous);
            result[k] = (int)floor;
            remainder[k] = continuous - floor;
            need -= result[k];
        }
        if (need <= 0) return result;
        var values = remainder.Distinct().OrderByDescending(v => v).ToArray();
        foreach (var value in values)
        {
            var candidates = new List<int>();
            for (var k = 0; k < remainder.Length; k++) if (remainder[k] == value) candidates.Add(k);
            var take = Math.Min(candidates.Count, need);
            var chosen = rng.SampleWithoutReplacement(candidates.Count, take);
            foreach (var c in chosen) result[candidates[c]]++;
            need -= take;
            if (need == 0) break;
        }
        return result;
    }

    /// <summary>
    /// The train and test sizes of a shuffle split (scikit-learn's rules: a fraction of the test set rounds up, a fraction
    /// of the training set rounds down; a missing size is the complement; the default test size is 10 %).
    /// </summary>
    public static (int Train, int Test) ShuffleSizes(string splitter, int n, double? testSize, double? trainSize)
    {
        static void CheckSize(string splitter, string name, double v, int n)
        {
            var fraction = v > 0 && v < 1;
            var whole = v >= 1 && v == Math.Floor(v) && v < n;
            if (!fraction && !whole)
                throw new AugurException($"{splitter}: {name}={v} must be a fraction in (0, 1) or a whole number of rows in [1, {n - 1}]");
        }
        var test = testSize;
        if (test is null && trainSize is null) test = 0.1;
        if (test is { } t) CheckSize(splitter, "test_size", t, n);
        if (trainSize is { } tr) CheckSize(splitter, "train_size", tr, n);
        if (test is < 1 && trainSize is < 1 && test.Value + trainSize.Value > 1)
            throw new AugurException($"{splitter}: test_size + train_size = {test.Value + trainSize.Value} must not exceed 1");
        int nTest, nTrain;
        if (test is { } tv) nTest = tv < 1 ? (int)Math.Ceiling(tv * n) : (int)tv;
        else nTest = -1;
        if (trainSize is { } trv) nTrain = trv < 1 ? (int)Math.Floor(trv * n) : (int)trv;
        else nTrain = n - nTest;
        if (nTest < 0) nTest = n - nTrain;
        if (nTrain + nTest > n)
            throw new AugurException($"{splitter}: {nTrain} training plus {nTest} test rows exceed the {n} rows given");
        if (nTrain == 0)
            throw new AugurException($"{splitter}: with {n} rows and test_size={test}, train_size={trainSize} the training set would be empty; adjust the sizes");
        if (nTest == 0)
            throw new AugurException($"{splitter}: with {n} rows and test_size={test}, train_size={trainSize} the test set would be empty; adjust the sizes");
        return (nTrain, nTest);
    }
}
