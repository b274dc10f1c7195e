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
/// A tree re-laid out for prediction: sibling pairs adjacent and placed depth-first, single-precision thresholds
/// and leaf outputs in one array, so that walking a row is a tight loop over 12-byte nodes. Leaves point to themselves
/// with an infinite threshold, so walking one step further from a leaf stays on it (<see cref="FindLeaves8Trees"/>).
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
        // Depth-first placement of sibling pairs: a node's two children sit side by side, and the pairs of the left
        // subtree follow right after, so a root-to-leaf walk stays in nearby cache lines.
        var stack = new Stack<(int Node, int Flat)>();
        stack.Push((0, 0));
        var next = 1;
        var leaves = 0;
        var left = tree.LeftChildren;
        var right = tree.RightChildren;
        var feature = tree.Features;
        var threshold = tree.Thresholds;
        var values = tree.Values;
        while (stack.Count > 0)
        {
            var (node, flat) = stack.Pop();
            if (left[node] == TreeStructure.Leaf)
            {
                nodes[flat] = new FlatNode { Feature = 0, Threshold = float.PositiveInfinity, Child = flat };
                leafOf[flat] = leaves;
                leafNode[leaves] = node;
                var dst = leafValues.AsSpan(leaves * width, width);
                values.Slice(node * width, width).CopyTo(dst);
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
                var c = next;
                next += 2;
                nodes[flat] = new FlatNode { Feature = feature[node], Threshold = RoundDown(threshold[node]), Child = c };
                stack.Push((right[node], c + 1));
                stack.Push((left[node], c));
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    /// The leaves of <paramref name="count"/> rows stored <paramref name="stride"/> floats apart from <paramref name="x"/>:
    /// eight lanes walk eight rows at once, and a lane that reaches its leaf takes the next row straight away, so the
    /// lanes' memory accesses overlap and no lane waits for the deepest one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FindLeaves(float* x, int stride, int count, int* leaves)
    {
        if (count < 8)
        {
            for (var r = 0; r < count; r++) leaves[r] = FindLeaf(new ReadOnlySpan<float>(x + r * stride, stride));
            return;
        }
        var leafOf = _leafOf;
        fixed (FlatNode* nodes = _nodes)
        {
            int i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0;
            int r0 = 0, r1 = 1, r2 = 2, r3 = 3, r4 = 4, r5 = 5, r6 = 6, r7 = 7;
            float* x0 = x, x1 = x + stride, x2 = x + 2 * stride, x3 = x + 3 * stride;
            float* x4 = x + 4 * stride, x5 = x + 5 * stride, x6 = x + 6 * stride, x7 = x + 7 * stride;
            var next = 8;
            while (next < count)
            {
                if (Step(nodes, ref i0, x0)) Refill(leaves, leafOf, ref i0, ref r0, ref x0, ref next, count, x, stride);
                if (Step(nodes, ref i1, x1)) Refill(leaves, leafOf, ref i1, ref r1, ref x1, ref next, count, x, stride);
                if (Step(nodes, ref i2, x2)) Refill(leaves, leafOf, ref i2, ref r2, ref x2, ref next, count, x, stride);
                if (Step(nodes, ref i3, x3)) Refill(leaves, leafOf, ref i3, ref r3, ref x3, ref next, count, x, stride);
                if (Step(nodes, ref i4, x4)) Refill(leaves, leafOf, ref i4, ref r4, ref x4, ref next, count, x, stride);
                if (Step(nodes, ref i5, x5)) Refill(leaves, leafOf, ref i5, ref r5, ref x5, ref next, count, x, stride);
                if (Step(nodes, ref i6, x6)) Refill(leaves, leafOf, ref i6, ref r6, ref x6, ref next, count, x, stride);
                if (Step(nodes, ref i7, x7)) Refill(leaves, leafOf, ref i7, ref r7, ref x7, ref next, count, x, stride);
            }
            Drain(nodes, leaves, leafOf, i0, r0, x0);
            Drain(nodes, leaves, leafOf, i1, r1, x1);
            Drain(nodes, leaves, leafOf, i2, r2, x2);
            Drain(nodes, leaves, leafOf, i3, r3, x3);
            Drain(nodes, leaves, leafOf, i4, r4, x4);
            Drain(nodes, leaves, leafOf, i5, r5, x5);
            Drain(nodes, leaves, leafOf, i6, r6, x6);
            Drain(nodes, leaves, leafOf, i7, r7, x7);
        }
    }

    /// <summary>One step down the tree; true when the lane is at a leaf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Step(FlatNode* nodes, ref int i, float* x)
    {
        var node = nodes + i;
        var c = node->Child;
        if (c == i) return true;
        i = c + (x[node->Feature] > node->Threshold ? 1 : 0);
        return false;
    }

    /// <summary>Records a lane's leaf and gives it the next row (a lane with no row left, marked −1, records nothing more).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Refill(int* leaves, int[] leafOf, ref int i, ref int r, ref float* xr, ref int next, int count, float* x, int stride)
    {
        if (r < 0) return;
        leaves[r] = leafOf[i];
        if (next < count)
        {
            r = next++;
            xr = x + (long)r * stride;
            i = 0;
        }
        else r = -1;
    }

    /// <summary>Finishes a lane's current row alone.</summary>
    private static void Drain(FlatNode* nodes, int* leaves, int[] leafOf, int i, int r, float* x)
    {
        if (r < 0) return;
        while (!Step(nodes, ref i, x)) { }
        leaves[r] = leafOf[i];
    }

    /// <summary>
    /// The leaves that one row reaches in trees <paramref name="first"/> … <paramref name="first"/> + 7, walked in lockstep
    /// so that the eight trees' memory accesses overlap (single-row latency is bound by cache misses otherwise).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FindLeaves8Trees(FlatTree[] trees, int first, float* x, int* leaves)
    {
        fixed (FlatNode* a0 = trees[first]._nodes, a1 = trees[first + 1]._nodes, a2 = trees[first + 2]._nodes, a3 = trees[first + 3]._nodes,
               a4 = trees[first + 4]._nodes, a5 = trees[first + 5]._nodes, a6 = trees[first + 6]._nodes, a7 = trees[first + 7]._nodes)
        {
            int i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0;
            while (true)
            {
                FlatNode* n0 = a0 + i0, n1 = a1 + i1, n2 = a2 + i2, n3 = a3 + i3, n4 = a4 + i4, n5 = a5 + i5, n6 = a6 + i6, n7 = a7 + i7;
                var j0 = n0->Child + (x[n0->Feature] > n0->Threshold ? 1 : 0);
                var j1 = n1->Child + (x[n1->Feature] > n1->Threshold ? 1 : 0);
                var j2 = n2->Child + (x[n2->Feature] > n2->Threshold ? 1 : 0);
                var j3 = n3->Child + (x[n3->Feature] > n3->Threshold ? 1 : 0);
                var j4 = n4->Child + (x[n4->Feature] > n4->Threshold ? 1 : 0);
                var j5 = n5->Child + (x[n5->Feature] > n5->Threshold ? 1 : 0);
                var j6 = n6->Child + (x[n6->Feature] > n6->Threshold ? 1 : 0);
                var j7 = n7->Child + (x[n7->Feature] > n7->Threshold ? 1 : 0);
                var moved = (j0 ^ i0) | (j1 ^ i1) | (j2 ^ i2) | (j3 ^ i3) | (j4 ^ i4) | (j5 ^ i5) | (j6 ^ i6) | (j7 ^ i7);
                i0 = j0; i1 = j1; i2 = j2; i3 = j3; i4 = j4; i5 = j5; i6 = j6; i7 = j7;
                if (moved == 0) break;
            }
            leaves[0] = trees[first]._leafOf[i0];
            leaves[1] = trees[first + 1]._leafOf[i1];
            leaves[2] = trees[first + 2]._leafOf[i2];
            leaves[3] = trees[first + 3]._leafOf[i3];
            leaves[4] = trees[first + 4]._leafOf[i4];
            leaves[5] = trees[first + 5]._leafOf[i5];
            leaves[6] = trees[first + 6]._leafOf[i6];
            leaves[7] = trees[first + 7]._leafOf[i7];
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
