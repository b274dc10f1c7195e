using System.Numerics.Tensors;
using Augur.Numerics;

namespace Augur.Clustering;

/// <summary>A distance between rows, as used by DBSCAN and agglomerative clustering.</summary>
public enum ClusteringMetric
{
    /// <summary>Euclidean (L2) distance.</summary>
    Euclidean,
    /// <summary>Manhattan (L1, city-block) distance.</summary>
    Manhattan,
    /// <summary>Cosine distance 1 − x·y / (‖x‖ ‖y‖), clipped to [0, 2] (a zero row is at distance 1 from everything).</summary>
    Cosine,
}

/// <summary>How DBSCAN finds each row's neighbours.</summary>
public enum NeighborAlgorithm
{
    /// <summary>A k-d tree for Euclidean and Manhattan distances in up to 16 dimensions, brute force otherwise.</summary>
    Auto,
    /// <summary>A k-d tree (Euclidean and Manhattan only).</summary>
    KdTree,
    /// <summary>Every pair of rows, computed in parallel blocks.</summary>
    Brute,
}

/// <summary>Distance helpers over rows of a matrix.</summary>
internal static class Metrics
{
    /// <summary>The Manhattan distance without allocating.</summary>
    public static double Manhattan(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += Math.Abs(a[i] - b[i]);
        return s;
    }

    /// <summary>The reduced form of a radius.</summary>
    public static double ReduceRadius(ClusteringMetric metric, double r) => metric == ClusteringMetric.Euclidean ? r * r : r;

    /// <summary>The true distance from a reduced distance.</summary>
    public static double FromReduced(ClusteringMetric metric, double reduced) => metric == ClusteringMetric.Euclidean ? Math.Sqrt(reduced) : reduced;

    /// <summary>The reduced distance between two rows (allocation-free).</summary>
    public static double Reduced(ClusteringMetric metric, ReadOnlySpan<double> a, ReadOnlySpan<double> b) => metric switch
    {
        ClusteringMetric.Euclidean => KMeansCore.SquaredDistance(a, b),
        ClusteringMetric.Manhattan => Manhattan(a, b),
        _ => Math.Clamp(1.0 - DeterministicOps.Dot(a, b), 0.0, 2.0),
    };

    /// <summary>Rows scaled to unit Euclidean norm (zero rows stay zero), for cosine distances.</summary>
    public static Matrix Normalized(Matrix x)
    {
        var result = x.Clone();
        for (var i = 0; i < result.Rows; i++)
        {
            var row = result.Row(i);
            var norm = DeterministicOps.Norm(row);
            if (norm > 0) TensorPrimitives.Divide(row, norm, row);
        }
        return result;
    }
}

/// <summary>
/// A k-d tree (Bentley 1975) over the rows of a matrix for Euclidean or Manhattan distances: nodes split at the median
/// of their widest dimension and keep bounding boxes, so radius and nearest-neighbour queries skip boxes that lie
/// farther than the radius. Immutable after construction and safe for concurrent queries.
/// </summary>
internal sealed class KdTree
{
    private readonly Matrix _data;
    private readonly ClusteringMetric _metric;
    private readonly int[] _index;
    private readonly List<Node> _nodes = [];
    private readonly double[] _lower;
    private readonly double[] _upper;

    private readonly record struct Node(int Start, int End, int Left, int Right);

    public KdTree(Matrix data, ClusteringMetric metric, int leafSize = 30)
    {
        if (metric == ClusteringMetric.Cosine) throw new ArgumentException("a k-d tree needs Euclidean or Manhattan distances", nameof(metric));
        _data = data;
        _metric = metric;
        _index = Enumerable.Range(0, data.Rows).ToArray();
        var bounds = new List<double>();
        var ub = new List<double>();
        Build(0, data.Rows, Math.Max(1, leafSize), bounds, ub);
        _lower = bounds.ToArray();
        _upper = ub.ToArray();
    }

    private int Build(int start, int end, int leafSize, List<double> lower, List<double> upper)
    {
        var d = _data.Cols;
        var id = _nodes.Count;
        _nodes.Add(default);
        var lo = new double[d];
        var hi = new double[d];
        lo.AsSpan().Fill(double.PositiveInfinity);
        hi.AsSpan().Fill(double.NegativeInfinity);
        for (var i = start; i < end; i++)
        {
            var row = _data.Row(_index[i]);
            for (var j = 0; j < d; j++)
            {
                if (row[j] < lo[j]) lo[j] = row[j];
                if (row[j] > hi[j]) hi[j] = row[j];
            }
        }
        lower.AddRange(lo);
        upper.AddRange(hi);
        if (end - start <= leafSize)
        {
            _nodes[id] = new Node(start, end, -1, -1);
            return id;
        }
        var dim = 0;
        var spread = -1.0;
        for (var j = 0; j < d; j++)
            if (hi[j] - lo[j] > spread)
            {
                spread = hi[j] - lo[j];
                dim = j;
            }
        if (spread <= 0)
        {
            _nodes[id] = new Node(start, end, -1, -1);
            return id;
        }
        var mid = (start + end) / 2;
        Select(start, end, mid, dim);
        var left = Build(start, mid, leafSize, lower, upper);
        var right = Build(mid, end, leafSize, lower, upper);
        _nodes[id] = new Node(start, end, left, right);
        return id;
    }

    /// <summary>Quickselect: reorders <c>_index[start..end)</c> so that position <paramref name="k"/> holds the k-th smallest along <paramref name="dim"/>.</summary>
    private void Select(int start, int end, int k, int dim)
    {
        var lo = start;
        var hi = end - 1;
        while (lo < hi)
        {
            var pivot = Value((lo + hi) >>> 1, dim);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (Value(i, dim) < pivot) i++;
                while (Value(j, dim) > pivot) j--;
                if (i <= j)
                {
                    (_index[i], _index[j]) = (_index[j], _index[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else break;
        }
    }

    private double Value(int position, int dim) => _data[_index[position], dim];

    private double MinReducedToBox(int node, ReadOnlySpan<double> q)
    {
        var d = q.Length;
        var lo = _lower.AsSpan(node * d, d);
        var hi = _upper.AsSpan(node * d, d);
        var s = 0.0;
        if (_metric == ClusteringMetric.Euclidean)
        {
            for (var j = 0; j < d; j++)
            {
                var g = q[j] < lo[j] ? lo[j] - q[j] : q[j] > hi[j] ? q[j] - hi[j] : 0.0;
                s += g * g;
            }
        }
        else
        {
            for (var j = 0; j < d; j++) s += q[j] < lo[j] ? lo[j] - q[j] : q[j] > hi[j] ? q[j] - hi[j] : 0.0;
        }
        return s;
    }

    /// <summary>Adds the rows within reduced distance <paramref name="reducedRadius"/> of <paramref name="q"/> (inclusive) to <paramref name="result"/>, in tree order.</summary>
    public void Radius(ReadOnlySpan<double> q, double reducedRadius, List<int> result)
    {
        Span<int> stack = stackalloc int[256];
        var top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            var id = stack[--top];
            if (MinReducedToBox(id, q) > reducedRadius) continue;
            var node = _nodes[id];
            if (node.Left < 0)
            {
                for (var p = node.Start; p < node.End; p++)
                {
                    var r = _index[p];
                    if (Metrics.Reduced(_metric, q, _data.Row(r)) <= reducedRadius) result.Add(r);
                }
            }
            else
            {
                stack[top++] = node.Right;
                stack[top++] = node.Left;
            }
        }
    }

    /// <summary>The nearest row within reduced distance <paramref name="reducedRadius"/> (the lowest row index on ties), or -1.</summary>
    public int Nearest(ReadOnlySpan<double> q, double reducedRadius, out double reduced)
    {
        Span<int> stack = stackalloc int[256];
        var top = 0;
        stack[top++] = 0;
        var best = -1;
        var bestDist = reducedRadius;
        while (top > 0)
        {
            var id = stack[--top];
            if (MinReducedToBox(id, q) > bestDist) continue;
            var node = _nodes[id];
            if (node.Left < 0)
            {
                for (var p = node.Start; p < node.End; p++)
                {
                    var r = _index[p];
                    var dist = Metrics.Reduced(_metric, q, _data.Row(r));
                    if (dist < bestDist || (dist == bestDist && (best < 0 || r < best)))
                    {
                        bestDist = dist;
                        best = r;
                    }
                }
            }
            else
            {
                // Visit the nearer child first.
                var dl = MinReducedToBox(node.Left, q);
                var dr = MinReducedToBox(node.Right, q);
                if (dl <= dr)
                {
                    stack[top++] = node.Right;
                    stack[top++] = node.Left;
                }
                else
                {
                    stack[top++] = node.Left;
                    stack[top++] = node.Right;
                }
            }
        }
        reduced = bestDist;
        return best;
    }
}

/// <summary>Nearest-neighbour queries over a fixed set of rows by k-d tree or brute force.</summary>
internal sealed class NeighborIndex
{
    private readonly Matrix _data;
    private readonly ClusteringMetric _metric;
    private readonly KdTree? _tree;

    public NeighborIndex(Matrix data, ClusteringMetric metric, NeighborAlgorithm algorithm, int leafSize = 30)
    {
        _metric = metric;
        _data = metric == ClusteringMetric.Cosine ? Metrics.Normalized(data) : data;
        var useTree = algorithm switch
        {
            NeighborAlgorithm.KdTree => metric != ClusteringMetric.Cosine
                ? true
                : throw new AugurException("a k-d tree cannot search cosine distances; use algorithm brute or auto"),
            NeighborAlgorithm.Brute => false,
            _ => metric != ClusteringMetric.Cosine && data.Cols <= 16,
        };
        if (useTree && data.Rows > 0) _tree = new KdTree(_data, metric, leafSize);
    }

    public ClusteringMetric Metric => _metric;

    /// <summary>Prepares a query row (normalised for cosine).</summary>
    public double[] Prepare(ReadOnlySpan<double> q)
    {
        var r = q.ToArray();
        if (_metric == ClusteringMetric.Cosine)
        {
            var norm = DeterministicOps.Norm(r);
            if (norm > 0) TensorPrimitives.Divide(r, norm, r);
        }
        return r;
    }

    /// <summary>Rows within <paramref name="radius"/> of the prepared query <paramref name="q"/> (inclusive), ascending.</summary>
    public void Radius(ReadOnlySpan<double> q, double radius, List<int> result)
    {
        var reduced = Metrics.ReduceRadius(_metric, radius);
        var start = result.Count;
        if (_tree is not null) _tree.Radius(q, reduced, result);
        else
            for (var r = 0; r < _data.Rows; r++)
                if (Metrics.Reduced(_metric, q, _data.Row(r)) <= reduced) result.Add(r);
        result.Sort(start, result.Count - start, Comparer<int>.Default);
    }

    /// <summary>The nearest row to the prepared query within <paramref name="radius"/> (inclusive; lowest index on ties), or -1.</summary>
    public int Nearest(ReadOnlySpan<double> q, double radius)
    {
        var reduced = Metrics.ReduceRadius(_metric, radius);
        if (_tree is not null) return _tree.Nearest(q, reduced, out _);
        var best = -1;
        var bestDist = reduced;
        for (var r = 0; r < _data.Rows; r++)
        {
            var dist = Metrics.Reduced(_metric, q, _data.Row(r));
            if (dist < bestDist || (dist == bestDist && best < 0))
            {
                best = r;
                bestDist = dist;
            }
        }
        return best;
    }
}
