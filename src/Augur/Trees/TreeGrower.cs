using System.Runtime.CompilerServices;
using Augur.Numerics;

namespace Augur.Trees;

/// <summary>The split quality measure used while growing.</summary>
internal enum SplitCriterion
{
    Gini,
    Entropy,
    SquaredError,
    FriedmanMse,
}

/// <summary>Resolved growth settings of one tree.</summary>
internal readonly record struct GrowSettings(
    SplitCriterion Criterion,
    bool RandomSplits,
    int MaxDepth,
    int MinSamplesSplit,
    int MinSamplesLeaf,
    double MinWeightFractionLeaf,
    int MaxFeatures,
    int MaxLeafNodes,
    double MinImpurityDecrease);

/// <summary>
/// Grows CART trees (scikit-learn semantics) on a <see cref="TreeTrainingSet"/>. One grower holds the scratch buffers
/// for one thread; it is reused for every tree that thread grows, so growing allocates only the output tree.
/// </summary>
/// <remarks>
/// Exact best splits without sorting at each node. Every feature is ranked once per fit (one radix sort per feature).
/// For each tree, each feature's rows are kept in ascending order in one list whose segments are the nodes; a split
/// stably partitions every list's segment, so a node's candidate features are scanned in order with no sorting and a
/// feature is known constant from the segment's two ends. When rows × features exceed
/// <see cref="TreeTrainingSet.PresortedBudget"/>, a node instead gathers the ranks of each candidate feature and groups
/// them with a counting pass (small rank span) or a radix sort on just the span's bits. Split positions, thresholds
/// (midpoints in double of consecutive single-precision values at least 1e-7 apart) and the impurity arithmetic follow
/// scikit-learn's so that trees match it split for split. Among exactly tied splits the feature visited first wins: the
/// lowest index when all features are scanned (best splits, max_features = all), else the first in the random draw order.
/// </remarks>
internal sealed class TreeGrower
{
    private const double FeatureThreshold = 1e-7;
    private const double Epsilon = 2.220446049250313e-16; // DBL_EPSILON, scikit-learn's EPSILON
    private static readonly double Ln2 = Math.Log(2.0);

    private readonly TreeTrainingSet _data;
    private readonly int _n;
    private readonly int _p;
    private readonly int _k;
    private readonly bool _classification;

    private readonly int[] _samples;
    private readonly int[] _tmp;
    private readonly double[] _weight;
    private readonly double[] _stat;
    private readonly int[] _slot;
    private readonly RowStat[] _rowStats;

    /// <summary>A row's weight, statistic (weight, or weight × target) and slot (class, or 0), read together.</summary>
    private struct RowStat
    {
        public double Weight;
        public double Stat;
        public int Slot;
    }

    private readonly int[] _lSlot;
    private readonly double[] _lStat;
    private readonly double[] _lWeight;
    private readonly int[] _lRank;
    private readonly float[] _lValue;
    private readonly ulong[] _keys;
    private readonly ulong[] _keysTmp;
    private readonly int[] _radixCounts = new int[2048];

    private readonly int[] _gRank;
    private readonly int[] _gCount;
    private readonly double[] _gWeight;
    private double[] _gStat;
    private readonly double[] _gValue;

    private int[] _hCount = [];
    private double[] _hWeight = [];
    private double[] _hStat = [];

    private readonly int[] _features;

    // Presorted mode: for every feature, the node's rows as (rank << 32 | row) keys in ascending rank, each node a
    // contiguous segment at the same positions as in _samples; kept aligned by a stable partition at every split.
    private ulong[]? _sorted;
    private ulong[]? _sortTmp;
    private byte[]? _goLeft;
    private bool _presorted;
    private readonly double[] _total;
    private readonly double[] _left;
    private readonly double[] _right;

    private NodeBuffer _nodes;
    private GrowSettings _s;
    private double _minWeightLeaf;
    private double _rootWeight;
    private Rng? _rng;

    // Statistics of the node being split.
    private double _nodeWeight;
    private double _nodeSqSum;

    /// <summary>
    /// Creates a grower with buffers sized for <paramref name="data"/>. Presorted row lists are used when the data fits
    /// <see cref="TreeTrainingSet.PresortedBudget"/> and <paramref name="allowPresorted"/> is set; otherwise each node
    /// gathers and sorts ranks (same trees, less memory).
    /// </summary>
    public TreeGrower(TreeTrainingSet data, bool allowPresorted = true)
    {
        _data = data;
        _n = data.Rows;
        _p = data.Features;
        _k = data.Outputs;
        _classification = data.IsClassification;
        _samples = new int[_n];
        _tmp = new int[_n];
        _weight = new double[_n];
        _stat = new double[_n];
        _slot = new int[_n];
        _rowStats = new RowStat[_n];
        _lSlot = new int[_n];
        _lStat = new double[_n];
        _lWeight = new double[_n];
        _lRank = new int[_n];
        _lValue = new float[_n];
        _keys = new ulong[_n];
        _keysTmp = new ulong[_n];
        _gRank = new int[_n];
        _gCount = new int[_n];
        _gWeight = new double[_n];
        _gValue = new double[_n];
        _gStat = new double[Math.Min((long)_n * _k, 1 << 16)];
        _features = new int[_p];
        for (var f = 0; f < _p; f++) _features[f] = f;
        _total = new double[_k];
        _left = new double[_k];
        _right = new double[_k];
        _nodes = new NodeBuffer(_k);
        if (allowPresorted && data.SortedKeys.Length == _n * _p)
        {
            _sorted = new ulong[_n * _p];
            _sortTmp = new ulong[_n];
            _goLeft = new byte[_n];
        }
        if (_classification)
        {
            var y = data.Classes!;
            for (var i = 0; i < _n; i++) _slot[i] = y[i];
        }
    }

    /// <summary>
    /// Grows one tree. <paramref name="weights"/> holds one non-negative weight per row (null: all 1); rows of weight 0
    /// take no part. <paramref name="rng"/> drives feature sampling and random thresholds (unused when neither applies).
    /// </summary>
    public TreeStructure Grow(double[]? weights, in GrowSettings settings, Rng? rng)
    {
        _s = settings;
        _rng = rng;
        // Feature draws are a partial Fisher–Yates shuffle of this array; restart it so a tree never depends on the trees
        // this grower (thread) grew before.
        for (var f = 0; f < _p; f++) _features[f] = f;
        var rootCount = 0;
        var totalWeight = 0.0;
        var y = _data.Targets;
        for (var i = 0; i < _n; i++)
        {
            var w = weights is null ? 1.0 : weights[i];
            _weight[i] = w;
            _stat[i] = _classification ? w : w * y![i];
            _rowStats[i] = new RowStat { Weight = w, Stat = _stat[i], Slot = _slot[i] };
            if (w != 0) _samples[rootCount++] = i;
            totalWeight += w;
        }
        _minWeightLeaf = settings.MinWeightFractionLeaf * totalWeight;
        _presorted = _sorted is not null && !settings.RandomSplits;
        if (_presorted) BuildSortedLists(rootCount);
        _nodes.Clear();
        if (rootCount == 0) throw new AugurException("every training row has weight 0, so there is nothing to grow a tree on");
        if (settings.MaxLeafNodes > 0) GrowBestFirst(rootCount);
        else GrowDepthFirst(rootCount);
        return _nodes.ToStructure(_p);
    }

    /// <summary>Fills the per-feature sorted lists with the rows of non-zero weight (filtering the global order: no sorting).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BuildSortedLists(int rootCount)
    {
        var sorted = _sorted!;
        var keys = _data.SortedKeys;
        if (rootCount == _n)
        {
            keys.AsSpan(0, _n * _p).CopyTo(sorted);
            return;
        }
        var keep = _goLeft!;
        for (var i = 0; i < _n; i++) keep[i] = _weight[i] != 0 ? (byte)1 : (byte)0;
        for (var f = 0; f < _p; f++)
        {
            var src = keys.AsSpan(f * _n, _n);
            var dst = sorted.AsSpan(f * _n, _n);
            var count = 0;
            for (var k = 0; k < src.Length; k++)
            {
                var key = src[k];
                dst[count] = key;
                count += keep[(int)(uint)key];
            }
        }
    }

    /// <summary>Splits every feature's list segment [start, end) stably into the rows flagged in <c>_goLeft</c> and the rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PartitionSortedLists(int start, int end)
    {
        var sorted = _sorted!;
        var tmp = _sortTmp!;
        var goLeft = _goLeft!;
        for (var f = 0; f < _p; f++)
        {
            var seg = sorted.AsSpan(f * _n + start, end - start);
            var l = 0;
            var r = 0;
            // Branch-free: the direction is a coin flip, so write both ways and advance one cursor (l ≤ q keeps it in place).
            for (var q = 0; q < seg.Length; q++)
            {
                var key = seg[q];
                int g = goLeft[(int)(uint)key];
                seg[l] = key;
                tmp[r] = key;
                l += g;
                r += 1 - g;
            }
            tmp.AsSpan(0, r).CopyTo(seg[l..]);
        }
    }

    private struct Split
    {
        public int Feature;
        public double Threshold;
        public int Position;
        public double Improvement;
        public double ImpurityLeft;
        public double ImpurityRight;
        public double Proxy;
    }

    private struct StackEntry
    {
        public int Start, End, Depth, Parent;
        public bool IsLeft;
        public double Impurity;
    }

    private void GrowDepthFirst(int rootCount)
    {
        var stack = new Stack<StackEntry>();
        stack.Push(new StackEntry { Start = 0, End = rootCount, Depth = 0, Parent = -1, Impurity = double.NaN });
        var first = true;
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            var n = e.End - e.Start;
            NodeStatistics(e.Start, e.End);
            if (first) _rootWeight = _nodeWeight;
            var impurity = first ? NodeImpurity() : e.Impurity;
            first = false;
            var isLeaf = e.Depth >= _s.MaxDepth || n < _s.MinSamplesSplit || n < 2 * _s.MinSamplesLeaf ||
                         _nodeWeight < 2 * _minWeightLeaf || impurity <= Epsilon;
            var split = default(Split);
            if (!isLeaf)
            {
                split = FindSplit(e.Start, e.End, impurity, e.Depth);
                isLeaf = split.Position >= e.End || split.Improvement + Epsilon < _s.MinImpurityDecrease;
            }
            var id = _nodes.Add(e.Parent, e.IsLeft, isLeaf, split.Feature, split.Threshold, impurity, n, _nodeWeight, NodeValue());
            if (!isLeaf)
            {
                stack.Push(new StackEntry { Start = split.Position, End = e.End, Depth = e.Depth + 1, Parent = id, IsLeft = false, Impurity = split.ImpurityRight });
                stack.Push(new StackEntry { Start = e.Start, End = split.Position, Depth = e.Depth + 1, Parent = id, IsLeft = true, Impurity = split.ImpurityLeft });
            }
        }
    }

    private struct Frontier
    {
        public int Node, Start, End, Position, Depth;
        public bool IsLeaf;
        public double Improvement, ImpurityLeft, ImpurityRight;
    }

    private void GrowBestFirst(int rootCount)
    {
        var frontier = new PriorityQueue<Frontier, (double, int)>();
        void Push(in Frontier f) => frontier.Enqueue(f, (-f.Improvement, f.Node));
        Push(AddSplitNode(0, rootCount, double.NaN, true, false, -1, 0));
        var maxSplitNodes = _s.MaxLeafNodes - 1;
        while (frontier.Count > 0)
        {
            var r = frontier.Dequeue();
            if (r.IsLeaf || maxSplitNodes <= 0)
            {
                _nodes.MakeLeaf(r.Node);
                continue;
            }
            maxSplitNodes--;
            var left = AddSplitNode(r.Start, r.Position, r.ImpurityLeft, false, true, r.Node, r.Depth + 1);
            var right = AddSplitNode(r.Position, r.End, r.ImpurityRight, false, false, r.Node, r.Depth + 1);
            Push(left);
            Push(right);
        }
    }

    private Frontier AddSplitNode(int start, int end, double impurity, bool first, bool isLeft, int parent, int depth)
    {
        var n = end - start;
        NodeStatistics(start, end);
        if (first)
        {
            _rootWeight = _nodeWeight;
            impurity = NodeImpurity();
        }
        var isLeaf = depth >= _s.MaxDepth || n < _s.MinSamplesSplit || n < 2 * _s.MinSamplesLeaf ||
                     _nodeWeight < 2 * _minWeightLeaf || impurity <= Epsilon;
        var split = default(Split);
        if (!isLeaf)
        {
            split = FindSplit(start, end, impurity, depth);
            isLeaf = split.Position >= end || split.Improvement + Epsilon < _s.MinImpurityDecrease;
        }
        var id = _nodes.Add(parent, isLeft, isLeaf, split.Feature, split.Threshold, impurity, n, _nodeWeight, NodeValue());
        return isLeaf
            ? new Frontier { Node = id, Start = start, End = end, Position = end, Depth = depth, IsLeaf = true, ImpurityLeft = impurity, ImpurityRight = impurity }
            : new Frontier
            {
                Node = id, Start = start, End = end, Position = split.Position, Depth = depth, IsLeaf = false,
                Improvement = split.Improvement, ImpurityLeft = split.ImpurityLeft, ImpurityRight = split.ImpurityRight,
            };
    }

    /// <summary>Weighted totals of the node's rows (in their current order, as scikit-learn's criterion does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void NodeStatistics(int start, int end)
    {
        var total = _total.AsSpan();
        total.Clear();
        var w = 0.0;
        var sq = 0.0;
        var y = _data.Targets;
        for (var p = start; p < end; p++)
        {
            var i = _samples[p];
            w += _weight[i];
            total[_slot[i]] += _stat[i];
            if (!_classification) sq += _stat[i] * y![i];
        }
        _nodeWeight = w;
        _nodeSqSum = sq;
    }

    private double NodeImpurity() => Impurity(_total, _nodeWeight, _nodeSqSum);

    private double Impurity(ReadOnlySpan<double> sums, double weight, double sqSum)
    {
        switch (_s.Criterion)
        {
            case SplitCriterion.Gini:
            {
                var sq = 0.0;
                for (var c = 0; c < sums.Length; c++) sq += sums[c] * sums[c];
                return 1.0 - sq / (weight * weight);
            }
            case SplitCriterion.Entropy:
            {
                var e = 0.0;
                for (var c = 0; c < sums.Length; c++)
                {
                    var q = sums[c];
                    if (q > 0.0)
                    {
                        q /= weight;
                        e -= q * (Math.Log(q) / Ln2);
                    }
                }
                return e;
            }
            default:
            {
                var imp = sqSum / weight;
                var mean = sums[0] / weight;
                return imp - mean * mean;
            }
        }
    }

    private double[] NodeValue()
    {
        var v = new double[_k];
        if (_classification) _total.AsSpan().CopyTo(v);
        else v[0] = _total[0] / _nodeWeight;
        return v;
    }

    /// <summary>Finds the best split of the node's rows and partitions them; <c>Position == end</c> when there is none.</summary>
    private bool ChildrenAreLeaves(int depth, int left, int right) =>
        depth + 1 >= _s.MaxDepth || (left < _s.MinSamplesSplit && right < _s.MinSamplesSplit);

    /// <summary>The best split of one feature from its presorted list segment (exact, no sorting).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool EvaluatePresorted(int feature, int start, int end, out bool constant, out double proxy, out double threshold, out int leftCount)
    {
        proxy = double.NegativeInfinity;
        threshold = 0;
        leftCount = 0;
        var seg = _sorted.AsSpan(feature * _n + start, end - start);
        var distinct = _data.Distinct[feature];
        var minR = (int)(seg[0] >> 32);
        var maxR = (int)(seg[^1] >> 32);
        constant = distinct[maxR] <= distinct[minR] + FeatureThreshold;
        if (constant) return false;
        var best = _s.Criterion switch
        {
            SplitCriterion.Gini => ScanSorted<GiniProxy>(seg, distinct),
            SplitCriterion.Entropy => ScanSorted<EntropyProxy>(seg, distinct),
            SplitCriterion.SquaredError => ScanSorted<MseProxy>(seg, distinct),
            _ => ScanSorted<FriedmanProxy>(seg, distinct),
        };
        if (!best) return false;
        proxy = _scanBest;
        leftCount = _scanLeftCount;
        threshold = Midpoint(_scanLower, _scanUpper);
        return true;
    }

    private double _scanLower;
    private double _scanUpper;

    /// <summary>
    /// Scans a presorted segment row by row, scoring a split wherever the rank changes (and the values differ by more
    /// than 1e-7); the best split's bounding values go to <c>_scanLower</c> / <c>_scanUpper</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ScanSorted<T>(ReadOnlySpan<ulong> seg, float[] distinct) where T : struct, IProxy
    {
        var left = _left.AsSpan();
        left.Clear();
        ReadOnlySpan<double> total = _total;
        var rows = _rowStats;
        var minLeaf = _s.MinSamplesLeaf;
        var minWeight = _minWeightLeaf;
        var wt = _nodeWeight;
        var n = seg.Length;
        var wl = 0.0;
        var best = double.NegativeInfinity;
        var bestCount = 0;
        double lower = 0, upper = 0;
        var r = (int)(seg[0] >> 32);
        for (var q = 0; q < n - 1; q++)
        {
            ref readonly var row = ref rows[(int)(uint)seg[q]];
            wl += row.Weight;
            left[row.Slot] += row.Stat;
            var next = (int)(seg[q + 1] >> 32);
            if (next == r) continue;
            double v0 = distinct[r], v1 = distinct[next];
            r = next;
            if (!(v1 > v0 + FeatureThreshold)) continue;
            var nl = q + 1;
            if (nl < minLeaf) continue;
            if (n - nl < minLeaf) break;
            var wr = wt - wl;
            if (wl < minWeight || wr < minWeight) continue;
            var proxy = T.Compute(wl, wr, left, total);
            if (proxy > best)
            {
                best = proxy;
                bestCount = nl;
                lower = v0;
                upper = v1;
            }
        }
        _scanBest = best;
        _scanLeftCount = bestCount;
        _scanLower = lower;
        _scanUpper = upper;
        return bestCount > 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Split FindSplit(int start, int end, double impurity, int depth)
    {
        var n = end - start;
        if (!_presorted)
            for (var p = 0; p < n; p++)
            {
                var i = _samples[start + p];
                _lSlot[p] = _slot[i];
                _lStat[p] = _stat[i];
                _lWeight[p] = _weight[i];
            }
        var best = new Split { Position = end, Proxy = double.NegativeInfinity, Feature = -1 };
        var maxFeatures = _s.MaxFeatures;
        var sampled = maxFeatures < _p || _s.RandomSplits;
        var visited = 0;
        for (var k = 0; k < _p && visited < maxFeatures; k++)
        {
            int f;
            if (sampled)
            {
                var j = _rng!.NextInt(k, _p);
                (_features[k], _features[j]) = (_features[j], _features[k]);
                f = _features[k];
            }
            else f = k;
            double proxy;
            double threshold;
            int leftCount;
            var found = _s.RandomSplits
                ? EvaluateRandom(f, start, n, out var constant, out proxy, out threshold, out leftCount)
                : _presorted
                    ? EvaluatePresorted(f, start, end, out constant, out proxy, out threshold, out leftCount)
                    : EvaluateBest(f, start, n, out constant, out proxy, out threshold, out leftCount);
            if (constant) continue;
            visited++;
            if (!found) continue;
            // Ties keep the feature visited first: the lowest index when every feature is scanned in order, a random one
            // when features are drawn in random order (as scikit-learn, whose order is always random).
            if (proxy > best.Proxy)
            {
                best.Proxy = proxy;
                best.Feature = f;
                best.Threshold = threshold;
                best.Position = start + leftCount;
            }
        }
        if (best.Position >= end) return best;
        var pos = Partition(start, end, best.Feature, best.Threshold);
        if (pos != best.Position) throw new InvalidOperationException("tree partition disagrees with the split search");
        if (_presorted && !ChildrenAreLeaves(depth, pos - start, end - pos))
        {
            var goLeft = _goLeft!;
            for (var p = start; p < pos; p++) goLeft[_samples[p]] = 1;
            for (var p = pos; p < end; p++) goLeft[_samples[p]] = 0;
            PartitionSortedLists(start, end);
        }
        ChildrenImpurity(start, pos, end, out best.ImpurityLeft, out best.ImpurityRight, out var wl, out var wr);
        best.Improvement = _s.Criterion == SplitCriterion.FriedmanMse
            ? FriedmanImprovement(wl, wr)
            : _nodeWeight / _rootWeight * (impurity - wr / _nodeWeight * best.ImpurityRight - wl / _nodeWeight * best.ImpurityLeft);
        return best;
    }

    private double FriedmanImprovement(double wl, double wr)
    {
        var diff = wr * _left[0] - wl * _right[0];
        return diff * diff / (wl * wr * _nodeWeight);
    }

    /// <summary>Moves the rows with <c>x[feature] ≤ threshold</c> first, keeping order on both sides; returns the boundary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Partition(int start, int end, int feature, double threshold)
    {
        var column = _data.X.AsSpan(feature * _n, _n);
        var l = start;
        var r = 0;
        for (var p = start; p < end; p++)
        {
            var i = _samples[p];
            var g = column[i] <= threshold ? 1 : 0;
            _samples[l] = i;
            _tmp[r] = i;
            l += g;
            r += 1 - g;
        }
        _tmp.AsSpan(0, r).CopyTo(_samples.AsSpan(l));
        return l;
    }

    /// <summary>
    /// Children statistics after partitioning, accumulated as scikit-learn does: left sums forward from the start, or the
    /// node totals minus the right rows when the right side is shorter; squared sums always forward over the left rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ChildrenImpurity(int start, int pos, int end, out double impurityLeft, out double impurityRight, out double wl, out double wr)
    {
        var left = _left.AsSpan();
        var right = _right.AsSpan();
        if (pos - start <= end - pos)
        {
            left.Clear();
            wl = 0;
            for (var p = start; p < pos; p++)
            {
                var i = _samples[p];
                left[_slot[i]] += _stat[i];
                wl += _weight[i];
            }
        }
        else
        {
            _total.AsSpan().CopyTo(left);
            wl = _nodeWeight;
            for (var p = end - 1; p >= pos; p--)
            {
                var i = _samples[p];
                left[_slot[i]] -= _stat[i];
                wl -= _weight[i];
            }
        }
        for (var c = 0; c < _k; c++) right[c] = _total[c] - left[c];
        wr = _nodeWeight - wl;
        var sqLeft = 0.0;
        if (!_classification)
        {
            var y = _data.Targets!;
            for (var p = start; p < pos; p++)
            {
                var i = _samples[p];
                sqLeft += _stat[i] * y[i];
            }
        }
        impurityLeft = Impurity(left, wl, sqLeft);
        impurityRight = Impurity(right, wr, _nodeSqSum - sqLeft);
    }

    /// <summary>
    /// The best split of one feature (exact). Returns false when no position is valid; <paramref name="constant"/> is set
    /// when the feature does not vary by more than 1e-7 in the node (such features do not count towards max_features).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool EvaluateBest(int feature, int start, int n, out bool constant, out double proxy, out double threshold, out int leftCount)
    {
        proxy = double.NegativeInfinity;
        threshold = 0;
        leftCount = 0;
        var ranks = _data.Ranks.AsSpan(feature * _n, _n);
        var lRank = _lRank.AsSpan(0, n);
        var minR = int.MaxValue;
        var maxR = int.MinValue;
        for (var p = 0; p < n; p++)
        {
            var r = ranks[_samples[start + p]];
            lRank[p] = r;
            if (r < minR) minR = r;
            if (r > maxR) maxR = r;
        }
        var distinct = _data.Distinct[feature];
        constant = distinct[maxR] <= distinct[minR] + FeatureThreshold;
        if (constant) return false;
        var span = maxR - minR + 1;
        var groups = span <= 2 * n + 64 && (long)span * _k <= 1 << 24
            ? GroupByCounting(distinct, minR, span, n)
            : GroupBySorting(distinct, minR, span, n);
        int g = _s.Criterion switch
        {
            SplitCriterion.Gini => Scan<GiniProxy>(groups, n),
            SplitCriterion.Entropy => Scan<EntropyProxy>(groups, n),
            SplitCriterion.SquaredError => Scan<MseProxy>(groups, n),
            _ => Scan<FriedmanProxy>(groups, n),
        };
        if (g < 0) return false;
        proxy = _scanBest;
        leftCount = _scanLeftCount;
        threshold = Midpoint(_gValue[g], _gValue[g + 1]);
        return true;
    }

    /// <summary>scikit-learn's threshold between consecutive values: their midpoint, or the lower one when that rounds up to the upper.</summary>
    internal static double Midpoint(double lower, double upper)
    {
        var t = lower / 2.0 + upper / 2.0;
        if (t == upper || double.IsInfinity(t)) t = lower;
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int GroupByCounting(float[] distinct, int minR, int span, int n)
    {
        if (_hCount.Length < span)
        {
            var size = Math.Max(span, Math.Min(2 * _n + 64, _hCount.Length * 2));
            _hCount = new int[size];
            _hWeight = new double[size];
            _hStat = new double[(long)size * _k];
        }
        var k = _k;
        var hCount = _hCount;
        var hWeight = _hWeight;
        var hStat = _hStat;
        for (var p = 0; p < n; p++)
        {
            var b = _lRank[p] - minR;
            hCount[b]++;
            hWeight[b] += _lWeight[p];
            hStat[b * k + _lSlot[p]] += _lStat[p];
        }
        EnsureGroupStat(Math.Min(span, n));
        var gStat = _gStat;
        var g = 0;
        for (var b = 0; b < span; b++)
        {
            var c = hCount[b];
            if (c == 0) continue;
            _gRank[g] = minR + b;
            _gValue[g] = distinct[minR + b];
            _gCount[g] = c;
            _gWeight[g] = hWeight[b];
            hCount[b] = 0;
            hWeight[b] = 0;
            for (var s = 0; s < k; s++)
            {
                gStat[g * k + s] = hStat[b * k + s];
                hStat[b * k + s] = 0;
            }
            g++;
        }
        return g;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int GroupBySorting(float[] distinct, int minR, int span, int n)
    {
        var keys = _keys.AsSpan(0, n);
        for (var p = 0; p < n; p++) keys[p] = ((ulong)(uint)(_lRank[p] - minR) << 32) | (uint)p;
        var bits = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(span - 1));
        RadixSort.SortByHigh(keys, _keysTmp, bits, _radixCounts);
        EnsureGroupStat(n);
        var k = _k;
        var gStat = _gStat;
        var g = -1;
        var current = -1;
        for (var q = 0; q < n; q++)
        {
            var key = keys[q];
            var r = (int)(key >> 32);
            var p = (int)(uint)key;
            if (r != current)
            {
                current = r;
                g++;
                _gRank[g] = minR + r;
                _gValue[g] = distinct[minR + r];
                _gCount[g] = 0;
                _gWeight[g] = 0;
                gStat.AsSpan(g * k, k).Clear();
            }
            _gCount[g]++;
            _gWeight[g] += _lWeight[p];
            gStat[g * k + _lSlot[p]] += _lStat[p];
        }
        return g + 1;
    }

    private void EnsureGroupStat(int groups)
    {
        var needed = (long)groups * _k;
        if (_gStat.Length < needed) _gStat = new double[Math.Max(needed, Math.Min((long)_n * _k, _gStat.Length * 2L))];
    }

    private double _scanBest;
    private int _scanLeftCount;

    private interface IProxy
    {
        static abstract double Compute(double wl, double wr, ReadOnlySpan<double> left, ReadOnlySpan<double> total);
    }

    private struct GiniProxy : IProxy
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Compute(double wl, double wr, ReadOnlySpan<double> left, ReadOnlySpan<double> total)
        {
            var sqLeft = 0.0;
            var sqRight = 0.0;
            for (var c = 0; c < left.Length; c++)
            {
                var l = left[c];
                sqLeft += l * l;
                var r = total[c] - l;
                sqRight += r * r;
            }
            var giniLeft = 1.0 - sqLeft / (wl * wl);
            var giniRight = 1.0 - sqRight / (wr * wr);
            return -wr * giniRight - wl * giniLeft;
        }
    }

    private struct EntropyProxy : IProxy
    {
        public static double Compute(double wl, double wr, ReadOnlySpan<double> left, ReadOnlySpan<double> total)
        {
            var el = 0.0;
            var er = 0.0;
            for (var c = 0; c < left.Length; c++)
            {
                var l = left[c];
                if (l > 0.0)
                {
                    l /= wl;
                    el -= l * (Math.Log(l) / Ln2);
                }
                var r = total[c] - left[c];
                if (r > 0.0)
                {
                    r /= wr;
                    er -= r * (Math.Log(r) / Ln2);
                }
            }
            return -wr * er - wl * el;
        }
    }

    private struct MseProxy : IProxy
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Compute(double wl, double wr, ReadOnlySpan<double> left, ReadOnlySpan<double> total)
        {
            var sl = left[0];
            var sr = total[0] - sl;
            return sl * sl / wl + sr * sr / wr;
        }
    }

    private struct FriedmanProxy : IProxy
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Compute(double wl, double wr, ReadOnlySpan<double> left, ReadOnlySpan<double> total)
        {
            var sl = left[0];
            var sr = total[0] - sl;
            var diff = wr * sl - wl * sr;
            return diff * diff / (wl * wr);
        }
    }

    /// <summary>Scans the node's ordered distinct values; returns the group after which the best split falls, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Scan<T>(int groups, int n) where T : struct, IProxy
    {
        var k = _k;
        var left = _left.AsSpan();
        left.Clear();
        ReadOnlySpan<double> total = _total;
        var gStat = _gStat;
        var minLeaf = _s.MinSamplesLeaf;
        var minWeight = _minWeightLeaf;
        var wt = _nodeWeight;
        var wl = 0.0;
        var nl = 0;
        var best = double.NegativeInfinity;
        var bestG = -1;
        var bestCount = 0;
        for (var g = 0; g < groups - 1; g++)
        {
            nl += _gCount[g];
            wl += _gWeight[g];
            for (var c = 0; c < k; c++) left[c] += gStat[g * k + c];
            if (!(_gValue[g + 1] > _gValue[g] + FeatureThreshold)) continue;
            if (nl < minLeaf) continue;
            if (n - nl < minLeaf) break;
            var wr = wt - wl;
            if (wl < minWeight || wr < minWeight) continue;
            var proxy = T.Compute(wl, wr, left, total);
            if (proxy > best)
            {
                best = proxy;
                bestG = g;
                bestCount = nl;
            }
        }
        _scanBest = best;
        _scanLeftCount = bestCount;
        return bestG;
    }

    /// <summary>One random threshold for the feature (extremely randomized trees), scored like a best split.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool EvaluateRandom(int feature, int start, int n, out bool constant, out double proxy, out double threshold, out int leftCount)
    {
        proxy = double.NegativeInfinity;
        threshold = 0;
        leftCount = 0;
        var column = _data.X.AsSpan(feature * _n, _n);
        var values = _lValue.AsSpan(0, n);
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        for (var p = 0; p < n; p++)
        {
            var v = column[_samples[start + p]];
            values[p] = v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        constant = max <= min + FeatureThreshold;
        if (constant) return false;
        threshold = _rng!.NextDouble(min, max);
        if (threshold >= max) threshold = min;
        var left = _left.AsSpan();
        left.Clear();
        var wl = 0.0;
        var nl = 0;
        for (var p = 0; p < n; p++)
        {
            if (values[p] <= threshold)
            {
                nl++;
                wl += _lWeight[p];
                left[_lSlot[p]] += _lStat[p];
            }
        }
        leftCount = nl;
        if (nl < _s.MinSamplesLeaf || n - nl < _s.MinSamplesLeaf) return false;
        var wr = _nodeWeight - wl;
        if (wl < _minWeightLeaf || wr < _minWeightLeaf) return false;
        ReadOnlySpan<double> total = _total;
        proxy = _s.Criterion switch
        {
            SplitCriterion.Gini => GiniProxy.Compute(wl, wr, left, total),
            SplitCriterion.Entropy => EntropyProxy.Compute(wl, wr, left, total),
            SplitCriterion.SquaredError => MseProxy.Compute(wl, wr, left, total),
            _ => FriedmanProxy.Compute(wl, wr, left, total),
        };
        return true;
    }

    /// <summary>Growable node arrays, in creation order (which is scikit-learn's node numbering).</summary>
    private sealed class NodeBuffer(int width)
    {
        private int[] _left = new int[64];
        private int[] _right = new int[64];
        private int[] _feature = new int[64];
        private double[] _threshold = new double[64];
        private double[] _impurity = new double[64];
        private int[] _samples = new int[64];
        private double[] _weighted = new double[64];
        private double[] _value = new double[64 * width];
        private int _count;

        public void Clear() => _count = 0;

        public int Add(int parent, bool isLeft, bool isLeaf, int feature, double threshold, double impurity, int samples, double weighted, double[] value)
        {
            if (_count == _left.Length)
            {
                var size = _count * 2;
                Array.Resize(ref _left, size);
                Array.Resize(ref _right, size);
                Array.Resize(ref _feature, size);
                Array.Resize(ref _threshold, size);
                Array.Resize(ref _impurity, size);
                Array.Resize(ref _samples, size);
                Array.Resize(ref _weighted, size);
                Array.Resize(ref _value, size * width);
            }
            var id = _count++;
            if (parent >= 0)
            {
                if (isLeft) _left[parent] = id;
                else _right[parent] = id;
            }
            _left[id] = TreeStructure.Leaf;
            _right[id] = TreeStructure.Leaf;
            _feature[id] = isLeaf ? TreeStructure.UndefinedFeature : feature;
            _threshold[id] = isLeaf ? TreeStructure.UndefinedFeature : threshold;
            _impurity[id] = impurity;
            _samples[id] = samples;
            _weighted[id] = weighted;
            value.CopyTo(_value, id * width);
            return id;
        }

        public void MakeLeaf(int id)
        {
            _left[id] = TreeStructure.Leaf;
            _right[id] = TreeStructure.Leaf;
            _feature[id] = TreeStructure.UndefinedFeature;
            _threshold[id] = TreeStructure.UndefinedFeature;
        }

        public TreeStructure ToStructure(int features) => new(features, width, _left[.._count], _right[.._count], _feature[.._count],
            _threshold[.._count], _value[..(_count * width)], _impurity[.._count], _samples[.._count], _weighted[.._count]);
    }
}
