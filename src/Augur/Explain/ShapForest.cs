using System.Runtime.CompilerServices;

namespace Augur.Explain;

/// <summary>
/// One tree as the tree explainers read it: leaves and internal nodes in one index space (root 0), each internal node
/// with its split feature, threshold and decision rule, each node with its cover (training samples or weight reaching
/// it) and each leaf with its output values.
/// </summary>
internal sealed class ShapTree
{
    /// <summary>Split rules.</summary>
    public const byte LessEqual = 0, LightGbmNumerical = 1, LightGbmCategorical = 2;

    private static readonly double s_zeroThreshold = 1e-35f;

    public required int[] Left { get; init; }
    public required int[] Right { get; init; }
    public required int[] Feature { get; init; }
    public required double[] Threshold { get; init; }
    public required byte[] Rule { get; init; }
    /// <summary>LightGBM's decision_type per node (default-left and missing-type bits).</summary>
    public required byte[] Decision { get; init; }
    public required double[] Cover { get; init; }
    /// <summary>Leaf values: <see cref="Width"/> per node (zero for internal nodes).</summary>
    public required double[] Values { get; init; }
    public required int Width { get; init; }
    /// <summary>The output a single-width tree adds to (LightGBM multiclass), or −1 when the tree's values cover every output.</summary>
    public int Output { get; init; } = -1;
    public int[] CatBoundaries { get; init; } = [];
    public uint[] CatBits { get; init; } = [];
    public int MaxDepth { get; private set; }

    public int NodeCount => Left.Length;
    public bool IsLeaf(int node) => Left[node] < 0;

    public ShapTree Finish()
    {
        var depth = new int[NodeCount];
        var max = 0;
        for (var n = 0; n < NodeCount; n++)
        {
            if (IsLeaf(n)) continue;
            depth[Left[n]] = depth[Right[n]] = depth[n] + 1;
            max = Math.Max(max, depth[n] + 1);
        }
        MaxDepth = max;
        return this;
    }

    /// <summary>The child a value goes to (the value of a <see cref="LessEqual"/> split already rounded as the model rounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int node, double x)
    {
        var rule = Rule[node];
        if (rule == LessEqual) return x <= Threshold[node] ? Left[node] : Right[node];
        return rule == LightGbmNumerical ? Numerical(node, x) : Categorical(node, x);
    }

    private int Numerical(int node, double x)
    {
        var decision = Decision[node];
        var missing = (decision >> 2) & 3;
        if (double.IsNaN(x) && missing != 2) x = 0;
        if ((missing == 1 && x >= -s_zeroThreshold && x <= s_zeroThreshold) || (missing == 2 && double.IsNaN(x)))
            return (decision & 2) != 0 ? Left[node] : Right[node];
        return x <= Threshold[node] ? Left[node] : Right[node];
    }

    private int Categorical(int node, double x)
    {
        if (double.IsNaN(x)) return Right[node];
        var v = (int)x;
        if (v < 0) return Right[node];
        var set = (int)Threshold[node];
        var start = CatBoundaries[set];
        var words = CatBoundaries[set + 1] - start;
        var word = v / 32;
        if (word >= words) return Right[node];
        return ((CatBits[start + word] >> (v % 32)) & 1) != 0 ? Left[node] : Right[node];
    }

    /// <summary>The cover-weighted mean leaf value of output <paramref name="k"/> (the tree's expected value).</summary>
    public double Expected(int k)
    {
        double Walk(int n) => IsLeaf(n) ? Values[n * Width + k] :
            (Cover[Left[n]] * Walk(Left[n]) + Cover[Right[n]] * Walk(Right[n])) / Cover[n];
        return Walk(0);
    }
}

/// <summary>A tree ensemble for the explainers: trees, how their outputs combine, and how input rows are prepared.</summary>
internal sealed class ShapForest
{
    public required ShapTree[] Trees { get; init; }
    /// <summary>Number of input features (columns of the prepared rows).</summary>
    public required int Features { get; init; }
    /// <summary>Number of outputs.</summary>
    public required int Outputs { get; init; }
    /// <summary>Each tree's output is multiplied by this (1/T for averaging forests, 1 for boosting).</summary>
    public required double Scale { get; init; }
    /// <summary>Round feature values to single precision before comparing (scikit-learn style trees).</summary>
    public required bool RoundToSingle { get; init; }

    public int MaxDepth => Trees.Length == 0 ? 0 : Trees.Max(t => t.MaxDepth);

    /// <summary>The expected output (cover-weighted) of each output: the path-dependent base value.</summary>
    public double[] Expected()
    {
        var e = new double[Outputs];
        foreach (var t in Trees)
        {
            if (t.Output >= 0) e[t.Output] += Scale * t.Expected(0);
            else for (var k = 0; k < Outputs; k++) e[k] += Scale * t.Expected(k);
        }
        return e;
    }

    /// <summary>Prepares one row in place (rounds to single precision when the trees do).</summary>
    public void Prepare(Span<double> row)
    {
        if (!RoundToSingle) return;
        for (var j = 0; j < row.Length; j++) row[j] = (float)row[j];
    }

    /// <summary>The ensemble's output for one prepared row (adds into <paramref name="output"/>).</summary>
    public void Predict(ReadOnlySpan<double> row, Span<double> output)
    {
        foreach (var t in Trees)
        {
            var n = 0;
            while (!t.IsLeaf(n)) n = t.Next(n, row[t.Feature[n]]);
            if (t.Output >= 0) output[t.Output] += Scale * t.Values[n];
            else for (var k = 0; k < Outputs; k++) output[k] += Scale * t.Values[n * t.Width + k];
        }
    }
}
