using Augur.Data;
using Augur.Numerics;

namespace Augur.Trees;

/// <summary>
/// Predicts with one or many flattened trees: rows are converted to single precision block by block, and each block is
/// walked through every tree in turn (the tree stays in cache while the block's rows pass through it, eight rows in
/// lockstep). Per row, tree
/// outputs are added in tree order, so results do not depend on the number of threads.
/// </summary>
internal sealed unsafe class TreeEnsemblePredictor
{
    private readonly FlatTree[] _trees;

    /// <summary>
    /// The most rows in one block: tens of thousands, up to 16 MB of single-precision features. Walking a tree costs
    /// mostly the loading of its nodes (a fully grown forest is far larger than the caches), so each tree should meet as
    /// many rows as possible per load; the rows themselves stream through sequentially.
    /// </summary>
    private int MaxBlockRows => Math.Clamp(4_194_304 / FeatureCount, 64, 65_536);

    /// <summary>Rows per block for <paramref name="n"/> rows: as large as allowed, and an equal share for each thread.</summary>
    private int BlockRowsFor(int n, int threads)
    {
        var blocks = (n + MaxBlockRows - 1) / MaxBlockRows;
        if (threads > 1) blocks = (Math.Max(blocks, threads) + threads - 1) / threads * threads;
        var rows = (n + blocks - 1) / Math.Max(blocks, 1);
        return Math.Max(8, (rows + 7) & ~7);
    }

    /// <summary>Wraps flattened trees sharing the same feature count and output width.</summary>
    public TreeEnsemblePredictor(FlatTree[] trees, int featureCount, int width)
    {
        _trees = trees;
        FeatureCount = featureCount;
        Width = width;
    }

    /// <summary>Number of input features.</summary>
    public int FeatureCount { get; }

    /// <summary>Outputs per row.</summary>
    public int Width { get; }

    /// <summary>Number of trees.</summary>
    public int TreeCount => _trees.Length;

    /// <summary>Builds the predictor of <paramref name="trees"/>; classifier leaves are normalized to probabilities.</summary>
    public static TreeEnsemblePredictor Create(IReadOnlyList<TreeStructure> trees, bool probabilities)
    {
        var flat = new FlatTree[trees.Count];
        for (var t = 0; t < flat.Length; t++) flat[t] = FlatTree.Build(trees[t], probabilities);
        return new TreeEnsemblePredictor(flat, trees[0].FeatureCount, trees[0].OutputWidth);
    }

    /// <summary>
    /// The mean of the trees' leaf outputs for every row of <paramref name="x"/> (already conformed to the model's signature:
    /// its columns in training order), as a rows × width matrix. Columns are read straight into single-precision row blocks.
    /// </summary>
    public Matrix PredictMean(Frame x, int threads)
    {
        if (x.ColumnCount != FeatureCount) throw new AugurException($"the input has {x.ColumnCount} features but the model needs {FeatureCount}");
        var columns = x.Columns.ToArray();
        foreach (var c in columns)
            if (!c.IsNumeric) throw new AugurException($"column '{c.Name}' holds {c.Type.ToName()} values but tree models need numbers");
        return PredictMean(x.RowCount, threads, (start, count, buffer) => FillBlock(columns, start, count, buffer));
    }

    /// <summary>The mean of the trees' leaf outputs for every row of <paramref name="x"/>, as a rows × width matrix.</summary>
    public Matrix PredictMean(Matrix x, int threads)
    {
        if (x.Cols != FeatureCount) throw new AugurException($"the input has {x.Cols} features but the model needs {FeatureCount}");
        var p = FeatureCount;
        return PredictMean(x.Rows, threads, (start, count, buffer) =>
        {
            for (var r = 0; r < count; r++) FlatTree.ToSingle(x.Row(start + r), buffer.AsSpan(r * p, p));
        });
    }

    private void FillBlock(Column[] columns, int start, int count, float[] buffer)
    {
        var p = FeatureCount;
        for (var j = 0; j < columns.Length; j++)
        {
            var column = columns[j];
            if (column is Float64Column f)
            {
                var values = f.Values.Slice(start, count);
                for (var r = 0; r < count; r++) buffer[r * p + j] = Single(values[r], column);
            }
            else
                for (var r = 0; r < count; r++) buffer[r * p + j] = Single(column.GetDouble(start + r), column);
        }
    }

    private static float Single(double value, Column column)
    {
        var v = (float)value;
        if (!float.IsFinite(v))
            throw new AugurException(double.IsNaN(value)
                ? $"column '{column.Name}' has missing values, which tree models do not accept; impute them first"
                : $"column '{column.Name}' holds {value}, which is too large for tree models (they work in single precision, up to ±3.4e38)");
        return v;
    }

    private Matrix PredictMean(int n, int threads, Action<int, int, float[]> fill)
    {
        var result = new Matrix(n, Width);
        var work = (long)n * _trees.Length;
        var parallel = threads > 1 && work >= 20_000;
        var blockRows = BlockRowsFor(n, parallel ? threads : 1);
        var blocks = (n + blockRows - 1) / blockRows;
        if (parallel && blocks > 1)
        {
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads },
                () => System.Buffers.ArrayPool<float>.Shared.Rent(blockRows * FeatureCount),
                (b, _, buffer) =>
                {
                    var count = Math.Min(blockRows, n - b * blockRows);
                    fill(b * blockRows, count, buffer);
                    PredictBlock(result, b * blockRows, count, buffer);
                    return buffer;
                },
                buffer => System.Buffers.ArrayPool<float>.Shared.Return(buffer));
        }
        else
        {
            var buffer = System.Buffers.ArrayPool<float>.Shared.Rent(Math.Min(blockRows, n) * FeatureCount);
            try
            {
                for (var b = 0; b < blocks; b++)
                {
                    var count = Math.Min(blockRows, n - b * blockRows);
                    fill(b * blockRows, count, buffer);
                    PredictBlock(result, b * blockRows, count, buffer);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(buffer);
            }
        }
        return result;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void PredictBlock(Matrix result, int start, int count, float[] buffer)
    {
        var p = FeatureCount;
        var w = Width;
        var output = result.Data.AsSpan(start * w, count * w);
        var leaves = new int[count];
        fixed (float* xs = buffer)
        fixed (int* leafIndex = leaves)
        {
            foreach (var tree in _trees)
            {
                var leafValues = tree.LeafValues;
                tree.FindLeaves(xs, p, count, leafIndex);
                for (var r = 0; r < count; r++)
                {
                    var src = leafValues.AsSpan(leaves[r] * w, w);
                    var dst = output.Slice(r * w, w);
                    for (var c = 0; c < w; c++) dst[c] += src[c];
                }
            }
        }
        if (_trees.Length > 1)
        {
            double divisor = _trees.Length;
            for (var i = 0; i < output.Length; i++) output[i] /= divisor;
        }
    }

    /// <summary>The mean leaf output of one row into <paramref name="output"/> (<see cref="Width"/> values); allocation-free for up to 512 features.</summary>
    public void PredictRow(ReadOnlySpan<double> row, Span<double> output)
    {
        if (row.Length != FeatureCount) throw new AugurException($"the row has {row.Length} values but the model needs {FeatureCount} features");
        if (output.Length < Width) throw new ArgumentException($"the output needs room for {Width} values", nameof(output));
        Span<float> x = FeatureCount <= 512 ? stackalloc float[FeatureCount] : new float[FeatureCount];
        FlatTree.ToSingle(row, x);
        var w = Width;
        var dst = output[..w];
        dst.Clear();
        var t = 0;
        if (_trees.Length >= 8)
        {
            var leaves = stackalloc int[8];
            fixed (float* xs = x)
            {
                for (; t + 8 <= _trees.Length; t += 8)
                {
                    FlatTree.FindLeaves8Trees(_trees, t, xs, leaves);
                    for (var j = 0; j < 8; j++)
                    {
                        var src = _trees[t + j].LeafValues.AsSpan(leaves[j] * w, w);
                        for (var c = 0; c < w; c++) dst[c] += src[c];
                    }
                }
            }
        }
        for (; t < _trees.Length; t++)
        {
            var tree = _trees[t];
            var src = tree.LeafValues.AsSpan(tree.FindLeaf(x) * w, w);
            for (var c = 0; c < w; c++) dst[c] += src[c];
        }
        if (_trees.Length > 1)
        {
            double divisor = _trees.Length;
            for (var c = 0; c < w; c++) dst[c] /= divisor;
        }
    }

    /// <summary>The most probable class of one row (the first on ties); allocation-free for up to 256 classes.</summary>
    public int PredictClassRow(ReadOnlySpan<double> row)
    {
        Span<double> proba = Width <= 256 ? stackalloc double[Width] : new double[Width];
        PredictRow(row, proba);
        return ArgMax(proba);
    }

    /// <summary>The prediction of a single-output (regression) ensemble for one row (no allocation).</summary>
    public double PredictValueRow(ReadOnlySpan<double> row)
    {
        Span<double> value = stackalloc double[1];
        PredictRow(row, value);
        return value[0];
    }

    /// <summary>The output of tree <paramref name="tree"/> alone for rows given in single precision (used for out-of-bag estimates).</summary>
    public ReadOnlySpan<double> TreeOutput(int tree, ReadOnlySpan<float> x)
    {
        var t = _trees[tree];
        return t.LeafValues.AsSpan(t.FindLeaf(x) * Width, Width);
    }

    /// <summary>The index of the largest value of each row of <paramref name="proba"/> (the first on ties).</summary>
    public static int[] ArgMaxRows(Matrix proba)
    {
        var idx = new int[proba.Rows];
        for (var i = 0; i < idx.Length; i++) idx[i] = ArgMax(proba.Row(i));
        return idx;
    }

    /// <summary>Index of the largest value (the first on ties, as NumPy's argmax).</summary>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var c = 1; c < values.Length; c++)
            if (values[c] > values[best]) best = c;
        return best;
    }
}
