using Augur.Numerics;

namespace Augur.Neighbors;

/// <summary>
/// A KD-tree over the training rows (Bentley 1975): nodes split at the median of their widest coordinate until they hold
/// at most the leaf size; every node keeps its bounding box, whose distance to a query bounds the distance to any of
/// its rows. Built once, never changed afterwards, so concurrent queries are safe.
/// </summary>
internal sealed class KdTree
{
    private readonly int _dims;
    private readonly int[] _perm;          // tree order → training index
    private readonly double[] _points;     // rows in tree order
    private readonly List<int> _start = [];
    private readonly List<int> _end = [];
    private readonly List<int> _left = [];
    private readonly List<int> _right = [];
    private readonly List<double> _lo = [];
    private readonly List<double> _hi = [];
    private readonly int[] _startA, _endA, _leftA, _rightA;
    private readonly double[] _loA, _hiA;

    public KdTree(Matrix data, int leafSize)
    {
        _dims = data.Cols;
        var n = data.Rows;
        _perm = Enumerable.Range(0, n).ToArray();
        var key = new double[n];
        Build(data, 0, n, Math.Max(1, leafSize), key);
        _points = new double[n * _dims];
        for (var i = 0; i < n; i++) data.Row(_perm[i]).CopyTo(_points.AsSpan(i * _dims, _dims));
        _startA = [.. _start];
        _endA = [.. _end];
        _leftA = [.. _left];
        _rightA = [.. _right];
        _loA = [.. _lo];
        _hiA = [.. _hi];
    }

    private int Build(Matrix data, int start, int end, int leafSize, double[] key)
    {
        var node = _start.Count;
        _start.Add(start);
        _end.Add(end);
        _left.Add(-1);
        _right.Add(-1);
        var lo = new double[_dims];
        var hi = new double[_dims];
        Array.Fill(lo, double.PositiveInfinity);
        Array.Fill(hi, double.NegativeInfinity);
        for (var i = start; i < end; i++)
        {
            var row = data.Row(_perm[i]);
            for (var f = 0; f < _dims; f++)
            {
                if (row[f] < lo[f]) lo[f] = row[f];
                if (row[f] > hi[f]) hi[f] = row[f];
            }
        }
        _lo.AddRange(lo);
        _hi.AddRange(hi);
        if (end - start <= leafSize) return node;
        var dim = 0;
        var spread = -1.0;
        for (var f = 0; f < _dims; f++)
            if (hi[f] - lo[f] > spread) { spread = hi[f] - lo[f]; dim = f; }
        if (spread <= 0) return node; // all rows equal: keep them in one leaf
        var mid = start + (end - start) / 2;
        for (var i = start; i < end; i++) key[i] = data[_perm[i], dim];
        Select(key, _perm, start, end - 1, mid);
        var l = Build(data, start, mid, leafSize, key);
        var r = Build(data, mid, end, leafSize, key);
        _left[node] = l;
        _right[node] = r;
        return node;
    }

    // Quickselect on (key, index): afterwards position `nth` holds the element of that rank, smaller ones before it.
    private static void Select(double[] key, int[] perm, int lo, int hi, int nth)
    {
        static bool Less(double ka, int ia, double kb, int ib) => ka < kb || (ka == kb && ia < ib);
        void Swap(int a, int b)
        {
            (key[a], key[b]) = (key[b], key[a]);
            (perm[a], perm[b]) = (perm[b], perm[a]);
        }
        while (hi > lo)
        {
            var mid = lo + (hi - lo) / 2;
            // Median of three as pivot, moved to hi.
            if (Less(key[mid], perm[mid], key[lo], perm[lo])) Swap(mid, lo);
            if (Less(key[hi], perm[hi], key[lo], perm[lo])) Swap(hi, lo);
            if (Less(key[mid], perm[mid], key[hi], perm[hi])) Swap(mid, hi);
            var pk = key[hi];
            var pi = perm[hi];
            var store = lo;
            for (var i = lo; i < hi; i++)
                if (Less(key[i], perm[i], pk, pi)) Swap(i, store++);
            Swap(store, hi);
            if (store == nth) return;
            if (nth < store) hi = store - 1;
            else lo = store + 1;
        }
    }

    /// <summary>
    /// The vals.Length nearest rows to <paramref name="q"/> by (reduced distance, training index), unordered.
    /// </summary>
    public void Query(ReadOnlySpan<double> q, ReducedMetric metric, double p, Span<double> vals, Span<int> idx)
    {
        vals.Fill(double.PositiveInfinity);
        idx.Fill(int.MaxValue);
        Visit(0, q, metric, p, vals, idx);
    }

    private void Visit(int node, ReadOnlySpan<double> q, ReducedMetric metric, double p, Span<double> vals, Span<int> idx)
    {
        var left = _leftA[node];
        if (left < 0)
        {
            var end = _endA[node];
            for (var i = _startA[node]; i < end; i++)
            {
                var v = NeighborIndex.ReducedDistance(q, _points.AsSpan(i * _dims, _dims), metric, p);
                var t = _perm[i];
                if (v < vals[0] || (v == vals[0] && t < idx[0])) LexPush(vals, idx, v, t);
            }
            return;
        }
        var right = _rightA[node];
        var dl = MinReduced(left, q, metric, p);
        var dr = MinReduced(right, q, metric, p);
        var (first, dFirst, second, dSecond) = dl <= dr ? (left, dl, right, dr) : (right, dr, left, dl);
        if (dFirst <= vals[0]) Visit(first, q, metric, p, vals, idx);
        if (dSecond <= vals[0]) Visit(second, q, metric, p, vals, idx);
    }

    // Lower bound of the reduced distance from q to any row of the node (never above a row's computed distance:
    // each coordinate gap is at most that row's difference and the sums run in the same order).
    private double MinReduced(int node, ReadOnlySpan<double> q, ReducedMetric metric, double p)
    {
        var lo = _loA.AsSpan(node * _dims, _dims);
        var hi = _hiA.AsSpan(node * _dims, _dims);
        var acc = 0.0;
        for (var f = 0; f < _dims; f++)
        {
            var gap = q[f] < lo[f] ? lo[f] - q[f] : q[f] > hi[f] ? q[f] - hi[f] : 0.0;
            acc = metric switch
            {
                ReducedMetric.SquaredEuclidean => acc + gap * gap,
                ReducedMetric.Manhattan => acc + gap,
                ReducedMetric.Chebyshev => Math.Max(acc, gap),
                _ => acc + Math.Pow(gap, p),
            };
        }
        return acc;
    }

    // Bounded max-heap ordered by (value, index): the root is the worst kept pair.
    private static void LexPush(Span<double> vals, Span<int> idx, double v, int i)
    {
        var size = vals.Length;
        var pos = 0;
        while (true)
        {
            var c1 = 2 * pos + 1;
            if (c1 >= size) break;
            var c2 = c1 + 1;
            var c = c2 < size && Greater(vals[c2], idx[c2], vals[c1], idx[c1]) ? c2 : c1;
            if (!Greater(vals[c], idx[c], v, i)) break;
            vals[pos] = vals[c];
            idx[pos] = idx[c];
            pos = c;
        }
        vals[pos] = v;
        idx[pos] = i;
    }

    private static bool Greater(double va, int ia, double vb, int ib) => va > vb || (va == vb && ia > ib);
}
