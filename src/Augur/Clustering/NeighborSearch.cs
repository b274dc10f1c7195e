using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
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

/// <summary>How DBSCAN (and the nearest-row predictions of agglomerative clustering) find neighbours.</summary>
public enum DbscanAlgorithm
{
    /// <summary>A k-d tree for Euclidean and Manhattan distances in up to 16 dimensions, brute force otherwise.</summary>
    Auto,
    /// <summary>A k-d tree (Euclidean and Manhattan only).</summary>
    KdTree,
    /// <summary>Every pair of rows, computed in parallel blocks.</summary>
    Brute,
}

/// <summary>Distance helpers over rows of a matrix.</summary>
internal static class DistanceKernels
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
/// farther than the radius and take whole boxes that lie within it. Rows are copied in tree order so leaves are scanned
/// sequentially. Immutable after construction and safe for concurrent queries.
/// </summary>
internal sealed class KdTree
{
    private readonly int _d;
    private readonly bool _euclidean;
    private readonly int[] _index;
    private readonly double[] _points;
    private readonly Node[] _nodes;
    private readonly double[] _lower;
    private readonly double[] _upper;

    private readonly record struct Node(int Start, int End, int Left, int Right);

    public KdTree(Matrix data, ClusteringMetric metric, int leafSize = 30)
    {
        if (metric == ClusteringMetric.Cosine) throw new ArgumentException("a k-d tree needs Euclidean or Manhattan distances", nameof(metric));
        _d = data.Cols;
        _euclidean = metric == ClusteringMetric.Euclidean;
        _index = Enumerable.Range(0, data.Rows).ToArray();
        var nodes = new List<Node>();
        var lower = new List<double>();
        var upper = new List<double>();
        Build(data, 0, data.Rows, Math.Max(1, leafSize), nodes, lower, upper);
        _nodes = nodes.ToArray();
        _lower = lower.ToArray();
        _upper = upper.ToArray();
        _points = new double[data.Rows * _d];
        for (var p = 0; p < _index.Length; p++) data.Row(_index[p]).CopyTo(_points.AsSpan(p * _d, _d));
    }

    private int Build(Matrix data, int start, int end, int leafSize, List<Node> nodes, List<double> lower, List<double> upper)
    {
        var d = _d;
        var id = nodes.Count;
        nodes.Add(default);
        var lo = new double[d];
        var hi = new double[d];
        lo.AsSpan().Fill(double.PositiveInfinity);
        hi.AsSpan().Fill(double.NegativeInfinity);
        for (var i = start; i < end; i++)
        {
            var row = data.Row(_index[i]);
            for (var j = 0; j < d; j++)
            {
                if (row[j] < lo[j]) lo[j] = row[j];
                if (row[j] > hi[j]) hi[j] = row[j];
            }
        }
        lower.AddRange(lo);
        upper.AddRange(hi);
        var dim = 0;
        var spread = -1.0;
        for (var j = 0; j < d; j++)
            if (hi[j] - lo[j] > spread)
            {
                spread = hi[j] - lo[j];
                dim = j;
            }
        if (end - start <= leafSize || spread <= 0)
        {
            nodes[id] = new Node(start, end, -1, -1);
            return id;
        }
        var mid = (start + end) / 2;
        Select(data, start, end, mid, dim);
        var left = Build(data, start, mid, leafSize, nodes, lower, upper);
        var right = Build(data, mid, end, leafSize, nodes, lower, upper);
        nodes[id] = new Node(start, end, left, right);
        return id;
    }

    /// <summary>Quickselect: reorders <c>_index[start..end)</c> so that position <paramref name="k"/> holds the k-th smallest along <paramref name="dim"/>.</summary>
    private void Select(Matrix data, int start, int end, int k, int dim)
    {
        var lo = start;
        var hi = end - 1;
        while (lo < hi)
        {
            var pivot = data[_index[(lo + hi) >>> 1], dim];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (data[_index[i], dim] < pivot) i++;
                while (data[_index[j], dim] > pivot) j--;
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

    /// <summary>The reduced distance between the query and the point at tree position <paramref name="p"/> (features summed in order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double PointReduced(ReadOnlySpan<double> q, int p)
    {
        var s = 0.0;
        var offset = p * _d;
        if (_euclidean)
            for (var j = 0; j < q.Length; j++)
            {
                var t = q[j] - _points[offset + j];
                s += t * t;
            }
        else
            for (var j = 0; j < q.Length; j++) s += Math.Abs(q[j] - _points[offset + j]);
        return s;
    }

    /// <summary>The smallest and largest reduced distance from the query to node <paramref name="node"/>'s box.</summary>
    private (double Min, double Max) BoxReduced(int node, ReadOnlySpan<double> q)
    {
        var d = q.Length;
        var offset = node * d;
        double min = 0, max = 0;
        for (var j = 0; j < d; j++)
        {
            var lo = _lower[offset + j];
            var hi = _upper[offset + j];
            var gap = q[j] < lo ? lo - q[j] : q[j] > hi ? q[j] - hi : 0.0;
            var far = Math.Max(Math.Abs(q[j] - lo), Math.Abs(q[j] - hi));
            if (_euclidean)
            {
                min += gap * gap;
                max += far * far;
            }
            else
            {
                min += gap;
                max += far;
            }
        }
        return (min, max);
    }

    private double MinReducedToBox(int node, ReadOnlySpan<double> q)
    {
        var d = q.Length;
        var offset = node * d;
        var s = 0.0;
        for (var j = 0; j < d; j++)
        {
            var lo = _lower[offset + j];
            var hi = _upper[offset + j];
            var g = q[j] < lo ? lo - q[j] : q[j] > hi ? q[j] - hi : 0.0;
            s += _euclidean ? g * g : g;
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
            var (min, max) = BoxReduced(id, q);
            if (min > reducedRadius) continue;
            var node = _nodes[id];
            if (max <= reducedRadius)
            {
                for (var p = node.Start; p < node.End; p++) result.Add(_index[p]);
            }
            else if (node.Left < 0)
            {
                for (var p = node.Start; p < node.End; p++)
                    if (PointReduced(q, p) <= reducedRadius) result.Add(_index[p]);
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
                    var dist = PointReduced(q, p);
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

    public NeighborIndex(Matrix data, ClusteringMetric metric, DbscanAlgorithm algorithm, int leafSize = 30)
    {
        _metric = metric;
        _data = metric == ClusteringMetric.Cosine ? DistanceKernels.Normalized(data) : data;
        var useTree = algorithm switch
        {
            DbscanAlgorithm.KdTree => metric != ClusteringMetric.Cosine
                ? true
                : throw new AugurException("a k-d tree cannot search cosine distances; use algorithm brute or auto"),
            DbscanAlgorithm.Brute => false,
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

    /// <summary>Rows within <paramref name="radius"/> of the prepared query <paramref name="q"/> (inclusive), ascending when <paramref name="sorted"/> is set.</summary>
    public void Radius(ReadOnlySpan<double> q, double radius, List<int> result, bool sorted = true)
    {
        var reduced = DistanceKernels.ReduceRadius(_metric, radius);
        var start = result.Count;
        if (_tree is not null) _tree.Radius(q, reduced, result);
        else
            for (var r = 0; r < _data.Rows; r++)
                if (DistanceKernels.Reduced(_metric, q, _data.Row(r)) <= reduced) result.Add(r);
        if (sorted) result.Sort(start, result.Count - start, Comparer<int>.Default);
    }

    /// <summary>The nearest row to the prepared query within <paramref name="radius"/> (inclusive; lowest index on ties), or -1.</summary>
    public int Nearest(ReadOnlySpan<double> q, double radius)
    {
        var reduced = DistanceKernels.ReduceRadius(_metric, radius);
        if (_tree is not null) return _tree.Nearest(q, reduced, out _);
        var best = -1;
        var bestDist = reduced;
        for (var r = 0; r < _data.Rows; r++)
        {
            var dist = DistanceKernels.Reduced(_metric, q, _data.Row(r));
            if (dist < bestDist || (dist == bestDist && best < 0))
            {
                best = r;
                bestDist = dist;
            }
        }
        return best;
    }
}
