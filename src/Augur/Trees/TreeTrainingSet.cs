using Augur.Numerics;

namespace Augur.Trees;

/// <summary>
/// Training data prepared once for growing one tree or a whole forest: features rounded to single precision (as
/// scikit-learn does) and stored column by column, each feature's dense rank of every row (from one radix sort per
/// feature), the sorted distinct values, and the target encoded as class indices or values.
/// </summary>
internal sealed class TreeTrainingSet
{
    private TreeTrainingSet(int rows, int features, float[] x, int[] ranks, ulong[] sortedKeys, float[][] distinct, int outputs, int[]? classes, double[]? targets)
    {
        SortedKeys = sortedKeys;
        Rows = rows;
        Features = features;
        X = x;
        Ranks = ranks;
        Distinct = distinct;
        Outputs = outputs;
        Classes = classes;
        Targets = targets;
    }

    /// <summary>
    /// Largest rows × features for which presorted row lists are kept (8 bytes per entry here and in every grower);
    /// larger data gathers and sorts ranks at each node instead.
    /// </summary>
    public const long PresortedBudget = 1L << 25;

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of features.</summary>
    public int Features { get; }

    /// <summary>Feature values in single precision, feature after feature (<c>X[f * Rows + i]</c>).</summary>
    public float[] X { get; }

    /// <summary>Dense rank of each value within its feature (<c>Ranks[f * Rows + i]</c>), 0 for the smallest.</summary>
    public int[] Ranks { get; }

    /// <summary>
    /// Each feature's rows in ascending order of value (ties by row index) as <c>(rank &lt;&lt; 32) | row</c> keys, feature
    /// after feature (<c>SortedKeys[f * Rows + k]</c>); trees filter these instead of sorting. Empty above <see cref="PresortedBudget"/>.
    /// </summary>
    public ulong[] SortedKeys { get; }

    /// <summary>Sorted distinct values of each feature; <c>Distinct[f][Ranks[f * Rows + i]] == X[f * Rows + i]</c>.</summary>
    public float[][] Distinct { get; }

    /// <summary>Number of classes (classification) or 1 (regression).</summary>
    public int Outputs { get; }

    /// <summary>Class index of each row, or null for regression.</summary>
    public int[]? Classes { get; }

    /// <summary>Target value of each row, or null for classification.</summary>
    public double[]? Targets { get; }

    /// <summary>True for classification data.</summary>
    public bool IsClassification => Classes is not null;

    /// <summary>Prepares classification data.</summary>
    public static TreeTrainingSet ForClassification(Matrix x, IReadOnlyList<string> names, int[] classes, int classCount, int threads, string consumer) =>
        Create(x, names, classCount, classes, null, threads, consumer);

    /// <summary>Prepares regression data.</summary>
    public static TreeTrainingSet ForRegression(Matrix x, IReadOnlyList<string> names, double[] targets, int threads, string consumer) =>
        Create(x, names, 1, null, targets, threads, consumer);

    private static TreeTrainingSet Create(Matrix x, IReadOnlyList<string> names, int outputs, int[]? classes, double[]? targets, int threads, string consumer)
    {
        var n = x.Rows;
        var p = x.Cols;
        if (n == 0) throw new AugurException($"{consumer} needs at least one row to fit");
        if (p == 0) throw new AugurException($"{consumer} needs at least one feature column");
        var cols = ToSingleColumns(x, names, consumer);
        var ranks = new int[(long)n * p > Array.MaxLength ? throw new AugurException($"{consumer}: the data is too large ({n} × {p})") : n * p];
        var distinct = new float[p][];
        var order = new ulong[(long)n * p > PresortedBudget ? 0 : n * p];
        void RankFeature(int f)
        {
            var keys = new uint[n];
            var idx = new int[n];
            var column = cols.AsSpan(f * n, n);
            for (var i = 0; i < n; i++)
            {
                keys[i] = SortableBits(column[i]);
                idx[i] = i;
            }
            RadixSort.SortPairs(keys, idx, new uint[n], new int[n]);
            var rankSpan = ranks.AsSpan(f * n, n);
            var values = new List<float>();
            var r = -1;
            var previous = 0u;
            for (var k = 0; k < n; k++)
            {
                if (k == 0 || keys[k] != previous)
                {
                    r++;
                    previous = keys[k];
                    values.Add(column[idx[k]]);
                }
                rankSpan[idx[k]] = r;
            }
            distinct[f] = values.ToArray();
            if (order.Length == 0) return;
            var sortedKeys = order.AsSpan(f * n, n);
            for (var k = 0; k < n; k++) sortedKeys[k] = ((ulong)(uint)rankSpan[idx[k]] << 32) | (uint)idx[k];
        }
        if (threads > 1 && (long)n * p >= 1 << 16)
            Parallel.For(0, p, new ParallelOptions { MaxDegreeOfParallelism = threads }, RankFeature);
        else
            for (var f = 0; f < p; f++) RankFeature(f);
        return new TreeTrainingSet(n, p, cols, ranks, order, distinct, outputs, classes, targets);
    }

    /// <summary>
    /// Rounds a row-major double matrix to single precision, column by column. Values beyond the single-precision range
    /// are an error (as in scikit-learn); negative zero becomes zero.
    /// </summary>
    public static float[] ToSingleColumns(Matrix x, IReadOnlyList<string> names, string consumer)
    {
        var n = x.Rows;
        var p = x.Cols;
        var cols = new float[n * p];
        var data = x.Data;
        for (var i = 0; i < n; i++)
        {
            var row = data.AsSpan(i * p, p);
            for (var f = 0; f < p; f++) cols[f * n + i] = ToSingle(row[f], names, f, consumer);
        }
        return cols;
    }

    /// <summary>Rounds one feature value to single precision, rejecting values that do not fit.</summary>
    public static float ToSingle(double value, IReadOnlyList<string> names, int feature, string consumer)
    {
        var v = (float)value;
        if (!float.IsFinite(v))
        {
            var name = feature < names.Count ? names[feature] : $"#{feature}";
            throw new AugurException(double.IsNaN(value)
                ? $"column '{name}' has missing values, which {consumer} does not accept; impute them first (for example with SimpleImputer)"
                : $"column '{name}' holds {value}, which is too large for {consumer} (tree models work in single precision, up to ±3.4e38)");
        }
        return v + 0f;
    }

    /// <summary>Maps a float to an unsigned integer whose order is the float's order.</summary>
    public static uint SortableBits(float value)
    {
        var b = BitConverter.SingleToUInt32Bits(value);
        return (b & 0x80000000u) != 0 ? ~b : b | 0x80000000u;
    }
}
