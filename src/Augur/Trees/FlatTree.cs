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

    /// <summary>Index of the left child (the right child follows it); a leaf points to itself (with threshold +∞, so it stays put).</summary>
    public int Child;
}

/// <summary>
/// A tree re-laid out for prediction: nodes in breadth-first order with siblings adjacent, single-precision thresholds
/// and leaf outputs in one array, so that walking a row is a tight loop over 12-byte nodes. Leaves point to themselves
/// with an infinite threshold, so several rows can be walked in lockstep without branches (<see cref="FindLeaves8"/>).
/// </summary>
internal sealed unsafe class FlatTree
{
    private readonly FlatNode[] _nodes;
    private readonly int[] _leafNode;
    private readonly int[] _leafOf;

    private FlatTree(FlatNode[] nodes, int[] leafNode, int[] leafOf, double[] leafValues, int width)
    {
        _nodes = nodes;
        _leafNode = leafNode;
        _leafOf = leafOf;
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
        var leafOf = new int[count];
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
                nodes[flat] = new FlatNode { Feature = 0, Threshold = float.PositiveInfinity, Child = flat };
                leafOf[flat] = leaves;
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
        return new FlatTree(nodes, leafNode, leafOf, leafValues, width);
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
            if (c == i) return _leafOf[i];
            i = c + (Unsafe.Add(ref xs, node.Feature) > node.Threshold ? 1 : 0);
        }
    }

    /// <summary>
    /// The leaves of eight rows stored <paramref name="stride"/> floats apart from <paramref name="x"/>, walked in lockstep
    /// so that their memory accesses overlap.
    /// </summary>
    public void FindLeaves8(float* x, int stride, int* leaves)
    {
        fixed (FlatNode* nodes = _nodes)
        {
            float* x1 = x + stride, x2 = x1 + stride, x3 = x2 + stride, x4 = x3 + stride, x5 = x4 + stride, x6 = x5 + stride, x7 = x6 + stride;
            int i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0;
            while (true)
            {
                FlatNode* n0 = nodes + i0, n1 = nodes + i1, n2 = nodes + i2, n3 = nodes + i3;
                FlatNode* n4 = nodes + i4, n5 = nodes + i5, n6 = nodes + i6, n7 = nodes + i7;
                var j0 = n0->Child + (x[n0->Feature] > n0->Threshold ? 1 : 0);
                var j1 = n1->Child + (x1[n1->Feature] > n1->Threshold ? 1 : 0);
                var j2 = n2->Child + (x2[n2->Feature] > n2->Threshold ? 1 : 0);
                var j3 = n3->Child + (x3[n3->Feature] > n3->Threshold ? 1 : 0);
                var j4 = n4->Child + (x4[n4->Feature] > n4->Threshold ? 1 : 0);
                var j5 = n5->Child + (x5[n5->Feature] > n5->Threshold ? 1 : 0);
                var j6 = n6->Child + (x6[n6->Feature] > n6->Threshold ? 1 : 0);
                var j7 = n7->Child + (x7[n7->Feature] > n7->Threshold ? 1 : 0);
                var moved = (j0 ^ i0) | (j1 ^ i1) | (j2 ^ i2) | (j3 ^ i3) | (j4 ^ i4) | (j5 ^ i5) | (j6 ^ i6) | (j7 ^ i7);
                i0 = j0; i1 = j1; i2 = j2; i3 = j3; i4 = j4; i5 = j5; i6 = j6; i7 = j7;
                if (moved == 0) break;
            }
            var leafOf = _leafOf;
            leaves[0] = leafOf[i0]; leaves[1] = leafOf[i1]; leaves[2] = leafOf[i2]; leaves[3] = leafOf[i3];
            leaves[4] = leafOf[i4]; leaves[5] = leafOf[i5]; leaves[6] = leafOf[i6]; leaves[7] = leafOf[i7];
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
