using Augur.Numerics;

namespace Augur.Trees;

/// <summary>
/// Predicts with one or many flattened trees: rows are converted to single precision block by block, and each block is
/// walked through every tree in turn (the tree stays in cache while the block's rows pass through it). Per row, tree
/// outputs are added in tree order, so results do not depend on the number of threads.
/// </summary>
internal sealed class TreeEnsemblePredictor
{
    private const int BlockRows = 64;
    private readonly FlatTree[] _trees;

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

    /// <summary>The mean of the trees' leaf outputs for every row of <paramref name="x"/>, as a rows × width matrix.</summary>
    public Matrix PredictMean(Matrix x, int threads)
    {
        if (x.Cols != FeatureCount) throw new AugurException($"the input has {x.Cols} features but the model needs {FeatureCount}");
        var n = x.Rows;
        var result = new Matrix(n, Width);
        var blocks = (n + BlockRows - 1) / BlockRows;
        var work = (long)n * _trees.Length;
        if (threads > 1 && blocks > 1 && work >= 20_000)
        {
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads },
                () => new float[BlockRows * FeatureCount],
                (b, _, buffer) =>
                {
                    PredictBlock(x, result, b * BlockRows, Math.Min(BlockRows, n - b * BlockRows), buffer);
                    return buffer;
                },
                _ => { });
        }
        else
        {
            var buffer = new float[BlockRows * FeatureCount];
            for (var b = 0; b < blocks; b++) PredictBlock(x, result, b * BlockRows, Math.Min(BlockRows, n - b * BlockRows), buffer);
        }
        return result;
    }

    private void PredictBlock(Matrix x, Matrix result, int start, int count, float[] buffer)
    {
        var p = FeatureCount;
        var w = Width;
        for (var r = 0; r < count; r++) FlatTree.ToSingle(x.Row(start + r), buffer.AsSpan(r * p, p));
        var output = result.Data.AsSpan(start * w, count * w);
        foreach (var tree in _trees)
        {
            var leafValues = tree.LeafValues;
            for (var r = 0; r < count; r++)
            {
                var leaf = tree.FindLeaf(buffer.AsSpan(r * p, p));
                var src = leafValues.AsSpan(leaf * w, w);
                var dst = output.Slice(r * w, w);
                for (var c = 0; c < w; c++) dst[c] += src[c];
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
        foreach (var tree in _trees)
        {
            var src = tree.LeafValues.AsSpan(tree.FindLeaf(x) * w, w);
            for (var c = 0; c < w; c++) dst[c] += src[c];
        }
        if (_trees.Length > 1)
        {
            double divisor = _trees.Length;
            for (var c = 0; c < w; c++) dst[c] /= divisor;
        }
    }

    /// <summary>The output of tree <paramref name="tree"/> alone for rows given in single precision (used for out-of-bag estimates).</summary>
    public ReadOnlySpan<double> TreeOutput(int tree, ReadOnlySpan<float> x)
    {
        var t = _trees[tree];
        return t.LeafValues.AsSpan(t.FindLeaf(x) * Width, Width);
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
