using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augur.Trees;

/// <summary>One node of the compact traversal layout: the two children of an internal node sit side by side.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FlatNode
{
    /// <summary>Split feature (0 for leaves).</summary>
    public int Feature;

    /// <summary>Split threshold rounded down to single precision, so that <c>x ≤ Threshold</c> in float equals <c>(double)x ≤ threshold</c>.</summary>
    public float Threshold;

    /// <summary>Index of the left child (the right child follows it), or the bitwise complement of the leaf index.</summary>
    public int Child;
}

/// <summary>
/// A tree re-laid out for prediction: nodes in breadth-first order with siblings adjacent, single-precision thresholds
/// and leaf outputs in one array, so that walking a row is a tight loop over 12-byte nodes.
/// </summary>
internal sealed class FlatTree
{
    private readonly FlatNode[] _nodes;
    private readonly int[] _leafNode;

    private FlatTree(FlatNode[] nodes, int[] leafNode, double[] leafValues, int width)
    {
        _nodes = nodes;
        _leafNode = leafNode;
        LeafValues = leafValues;
        Width = width;
    }

    /// <summary>Output values per leaf.</summary>
    public int Width { get; }

    /// <summary>Leaf outputs, <see cref="Width"/> per leaf: class probabilities (normalized) or raw node values.</summary>
    public double[] LeafValues { get; }

    /// <summary>The node index (in the original tree) of leaf <paramref name="leaf"/>.</summary>
    public int LeafNode(int leaf) => _leafNode[leaf];

    /// <summary>
    /// Builds the layout. With <paramref name="normalize"/>, each leaf's values are divided by their sum (class counts
    /// become probabilities, as scikit-learn's <c>predict_proba</c>; a zero sum is left as is).
    /// </summary>
    public static FlatTree Build(TreeStructure tree, bool normalize)
    {
        var count = tree.NodeCount;
        var width = tree.OutputWidth;
        var nodes = new FlatNode[count];
        var leafNode = new int[tree.LeafCount];
        var leafValues = new double[tree.LeafCount * width];
        var queue = new int[count];
        int head = 0, tail = 0, leaves = 0;
        queue[tail++] = 0;
        var left = tree.LeftChildren;
        var right = tree.RightChildren;
        var feature = tree.Features;
        var threshold = tree.Thresholds;
        var values = tree.Values;
        // queue[k] holds the original node placed at flat position k (breadth-first order).
        while (head < tail)
        {
            var flat = head;
            var node = queue[head++];
            if (left[node] == TreeStructure.Leaf)
            {
                nodes[flat] = new FlatNode { Feature = 0, Threshold = 0, Child = ~leaves };
                leafNode[leaves] = node;
                var src = values.Slice(node * width, width);
                var dst = leafValues.AsSpan(leaves * width, width);
                src.CopyTo(dst);
                if (normalize)
                {
                    var sum = 0.0;
                    foreach (var v in dst) sum += v;
                    if (sum == 0) sum = 1;
                    for (var c = 0; c < width; c++) dst[c] /= sum;
                }
                leaves++;
            }
            else
            {
                nodes[flat] = new FlatNode { Feature = feature[node], Threshold = RoundDown(threshold[node]), Child = tail };
                queue[tail++] = left[node];
                queue[tail++] = right[node];
            }
        }
        return new FlatTree(nodes, leafNode, leafValues, width);
    }

    /// <summary>The largest float not above <paramref name="threshold"/>.</summary>
    public static float RoundDown(double threshold)
    {
        var f = (float)threshold;
        if (float.IsPositiveInfinity(f)) return float.MaxValue;
        if (float.IsNegativeInfinity(f)) return float.NegativeInfinity;
        return f > threshold ? MathF.BitDecrement(f) : f;
    }

    /// <summary>The leaf index reached by <paramref name="x"/> (single-precision features, already checked in length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindLeaf(ReadOnlySpan<float> x)
    {
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var xs = ref MemoryMarshal.GetReference(x);
        var i = 0;
        while (true)
        {
            ref var node = ref Unsafe.Add(ref nodes, i);
            var c = node.Child;
            if (c < 0) return ~c;
            i = c + (Unsafe.Add(ref xs, node.Feature) <= node.Threshold ? 0 : 1);
        }
    }

    /// <summary>Rounds a row to single precision, rejecting values that do not fit (as scikit-learn does).</summary>
    public static void ToSingle(ReadOnlySpan<double> row, Span<float> x)
    {
        for (var j = 0; j < row.Length; j++)
        {
            var v = (float)row[j];
            if (!float.IsFinite(v))
                throw new AugurException(double.IsNaN(row[j])
                    ? $"feature {j} is missing (NaN); tree models do not accept missing values, impute them first"
                    : $"feature {j} holds {row[j]}, which is too large for tree models (they work in single precision, up to ±3.4e38)");
            x[j] = v;
        }
    }
}
