using Augur.Numerics;

namespace Augur.Clustering;

/// <summary>How agglomerative clustering measures the distance between two clusters.</summary>
public enum LinkageMethod
{
    /// <summary>Ward's minimum-variance criterion: merge the pair that least increases the within-cluster sum of squares (Euclidean only).</summary>
    Ward,
    /// <summary>The largest distance between members of the two clusters.</summary>
    Complete,
    /// <summary>The mean distance between members of the two clusters (UPGMA).</summary>
    Average,
    /// <summary>The smallest distance between members of the two clusters.</summary>
    Single,
}

/// <summary>One merge of the hierarchy: two nodes (leaves are 0 … n−1, the merge at step i creates node n + i).</summary>
/// <param name="Left">The first merged node.</param>
/// <param name="Right">The second merged node.</param>
/// <param name="Distance">The linkage distance at which they merged.</param>
/// <param name="Size">The number of leaves under the new node.</param>
public readonly record struct Merge(int Left, int Right, double Distance, int Size);

/// <summary>
/// Builds the stepwise dendrogram of agglomerative clustering with the algorithms of Müllner (2011), "Modern hierarchical,
/// agglomerative clustering algorithms": the nearest-neighbour chain for Ward, complete and average linkage, and Prim's
/// minimum spanning tree for single linkage. Merges are then sorted by distance (stably) and renumbered with a
/// union–find, as SciPy's <c>linkage</c> does.
/// </summary>
internal static class Linkage
{
    /// <summary>The merges, sorted by distance, with node numbers as SciPy and scikit-learn give them.</summary>
    /// <param name="x">The rows.</param>
    /// <param name="method">The linkage.</param>
    /// <param name="metric">The distance between rows.</param>
    /// <param name="squareLimit">Largest n² for which pairwise distances are kept as a full square matrix (else condensed).</param>
    /// <param name="wardMatrixLimit">Largest n(n−1)/2 for which Ward linkage keeps pairwise distances (else centroids).</param>
    public static Merge[] Build(Matrix x, LinkageMethod method, ClusteringMetric metric, long squareLimit = SquareLimit, long wardMatrixLimit = CondensedLimit)
    {
        var n = x.Rows;
        if (n < 2) return [];
        (int A, int B, double D)[] raw;
        bool orderChildren;
        switch (method)
        {
            case LinkageMethod.Ward:
                raw = WardChain(x, squareLimit, wardMatrixLimit);
                orderChildren = true;
                break;
            case LinkageMethod.Single:
                raw = PrimMst(x, metric);
                // scikit-learn labels its own minimum spanning tree without ordering the two children; SciPy (used by
                // scikit-learn for cosine) orders them.
                orderChildren = metric == ClusteringMetric.Cosine;
                break;
            default:
                raw = MatrixChain(x, method, metric, squareLimit);
                orderChildren = true;
                break;
        }
        var order = Enumerable.Range(0, raw.Length).OrderBy(i => raw[i].D).ToArray(); // stable
        return Label(order.Select(i => raw[i]).ToArray(), n, orderChildren);
    }

    private static Merge[] Label((int A, int B, double D)[] sorted, int n, bool orderChildren)
    {
        var parent = new int[2 * n - 1];
        var size = new int[2 * n - 1];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
            size[i] = i < n ? 1 : 0;
        }
        int Find(int v)
        {
            var root = v;
            while (parent[root] != root) root = parent[root];
            while (parent[v] != root) (parent[v], v) = (root, parent[v]);
            return root;
        }
        var result = new Merge[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            var a = Find(sorted[i].A);
            var b = Find(sorted[i].B);
            if (orderChildren && a > b) (a, b) = (b, a);
            var node = n + i;
            size[node] = size[a] + size[b];
            parent[a] = node;
            parent[b] = node;
            result[i] = new Merge(a, b, sorted[i].D, size[node]);
        }
        return result;
    }

    /// <summary>Pairwise distances kept in memory up to this many entries (256 MB); beyond it Ward linkage works from centroids.</summary>
    private const long CondensedLimit = 1L << 25;

    /// <summary>Ward linkage: Lance–Williams updates on the condensed matrix when it fits, otherwise centroid distances.</summary>
    private static (int, int, double)[] WardChain(Matrix x, long squareLimit, long matrixLimit)
    {
        var n = x.Rows;
        if ((long)n * (n - 1) / 2 <= matrixLimit) return MatrixChain(x, LinkageMethod.Ward, ClusteringMetric.Euclidean, squareLimit);
        var state = new CentroidWard(x);
        return Chain(n, ref state);
    }

    /// <summary>The nearest-neighbour chain over a condensed distance matrix updated with the Lance–Williams formulas.</summary>
    private static (int, int, double)[] MatrixChain(Matrix x, LinkageMethod method, ClusteringMetric metric, long squareLimit)
    {
        var n = x.Rows;
        if ((long)n * (n - 1) / 2 > Array.MaxLength)
            throw new AugurException($"{method.ToString().ToLowerInvariant()} linkage keeps all pairwise distances, which is too many for {n} rows; sample the rows or use ward or single linkage");
        var data = metric == ClusteringMetric.Cosine ? DistanceKernels.Normalized(x) : x;
        var large = (long)n * n * x.Cols >= DenseOps.ParallelThreshold;
        double Pair(int i, int j) => DistanceKernels.FromReduced(metric, DistanceKernels.Reduced(metric, data.Row(i), data.Row(j)));
        if ((long)n * n <= squareLimit)
        {
            // A full symmetric matrix: every row scan is contiguous.
            var square = new double[n * n];
            void FillSquare(int i)
            {
                for (var j = i + 1; j < n; j++) square[i * n + j] = Pair(i, j);
            }
            if (large) Parallel.For(0, n, FillSquare);
            else for (var i = 0; i < n; i++) FillSquare(i);
            for (var i = 0; i < n; i++)
                for (var j = 0; j < i; j++) square[i * n + j] = square[j * n + i];
            var full = new SquareLinkage(square, n, method);
            return Chain(n, ref full);
        }
        var dist = new double[(long)n * (n - 1) / 2];
        void FillRow(int i)
        {
            var offset = Condensed(n, i, i + 1);
            for (var j = i + 1; j < n; j++) dist[offset + j - i - 1] = Pair(i, j);
        }
        if (large) Parallel.For(0, n, FillRow);
        else for (var i = 0; i < n; i++) FillRow(i);
        var state = new CondensedLinkage(dist, n, method);
        return Chain(n, ref state);
    }

    /// <summary>Up to this many entries (256 MB) the pairwise distances are kept as a full square matrix.</summary>
    private const long SquareLimit = 1L << 25;

    /// <summary>The Lance–Williams update of the distance from cluster i to the merge of a and b.</summary>
    private static double LanceWilliams(LinkageMethod method, double da, double db, double dab, double na, double nb, double ni)
    {
        switch (method)
        {
            case LinkageMethod.Complete:
                return Math.Max(da, db);
            case LinkageMethod.Average:
                return (na * da + nb * db) / (na + nb);
            default:
            {
                var t = 1.0 / (na + nb + ni);
                return Math.Sqrt((ni + na) * t * da * da + (ni + nb) * t * db * db - ni * t * dab * dab);
            }
        }
    }

    private static long Condensed(int n, int i, int j) => (long)n * i - (long)i * (i + 1) / 2 + (j - i - 1);

    /// <summary>What the nearest-neighbour chain needs from a linkage: distances, nearest active cluster, merging.</summary>
    private interface IChainState
    {
        /// <summary>True while cluster <paramref name="i"/> has not been merged away.</summary>
        bool Active(int i);

        /// <summary>The linkage distance between two active clusters.</summary>
        double Distance(int a, int b);

        /// <summary>The nearest other active cluster (the lowest index on ties) and its distance.</summary>
        (int Index, double Distance) Nearest(int a);

        /// <summary>Merges cluster <paramref name="a"/> into <paramref name="b"/> (b &gt; a keeps the new cluster).</summary>
        void Merge(int a, int b, double distance);
    }

    /// <summary>
    /// The nearest-neighbour chain: grow a chain of nearest neighbours (preferring the previous chain element on ties,
    /// otherwise the lowest index) from the lowest active cluster until two clusters are each other's nearest; merge them
    /// (the higher index keeps the new cluster) and continue from what remains of the chain.
    /// </summary>
    private static (int, int, double)[] Chain<TState>(int n, ref TState state) where TState : struct, IChainState
    {
        var result = new (int, int, double)[n - 1];
        var chain = new int[n];
        var length = 0;
        for (var step = 0; step < n - 1; step++)
        {
            if (length == 0)
            {
                for (var i = 0; i < n; i++)
                    if (state.Active(i))
                    {
                        chain[0] = i;
                        length = 1;
                        break;
                    }
            }
            int a, b;
            double best;
            while (true)
            {
                a = chain[length - 1];
                b = -1;
                best = double.PositiveInfinity;
                if (length > 1)
                {
                    b = chain[length - 2];
                    best = state.Distance(a, b);
                }
                var (cand, candDist) = state.Nearest(a);
                if (cand >= 0 && candDist < best)
                {
                    best = candDist;
                    b = cand;
                }
                if (length > 1 && b == chain[length - 2]) break;
                chain[length++] = b;
            }
            length -= 2;
            if (a > b) (a, b) = (b, a);
            result[step] = (a, b, best);
            state.Merge(a, b, best);
        }
        return result;
    }

    /// <summary>Complete, average or Ward linkage on a condensed distance matrix (Lance–Williams updates).</summary>
    private struct CondensedLinkage : IChainState
    {
        private readonly double[] _dist;
        private readonly int[] _size;
        private readonly int _n;
        private readonly LinkageMethod _method;

        public CondensedLinkage(double[] dist, int n, LinkageMethod method)
        {
            _dist = dist;
            _n = n;
            _method = method;
            _size = Enumerable.Repeat(1, n).ToArray();
        }

        public readonly bool Active(int i) => _size[i] > 0;

        public readonly double Distance(int a, int b) => _dist[a < b ? Condensed(_n, a, b) : Condensed(_n, b, a)];

        public readonly (int Index, double Distance) Nearest(int a)
        {
            var best = -1;
            var bestDist = double.PositiveInfinity;
            var size = _size;
            var dist = _dist;
            // Rows above a: column a of the condensed matrix, stepping down.
            var idx = (long)a - 1;
            for (var i = 0; i < a; i++)
            {
                if (size[i] > 0 && dist[idx] < bestDist)
                {
                    bestDist = dist[idx];
                    best = i;
                }
                idx += _n - i - 2;
            }
            // Row a to the right: contiguous.
            var offset = Condensed(_n, a, a + 1) - a - 1;
            for (var i = a + 1; i < _n; i++)
                if (size[i] > 0 && dist[offset + i] < bestDist)
                {
                    bestDist = dist[offset + i];
                    best = i;
                }
            return (best, bestDist);
        }

        public readonly void Merge(int a, int b, double distance)
        {
            var na = (double)_size[a];
            var nb = (double)_size[b];
            var n = _n;
            for (var i = 0; i < n; i++)
            {
                var ni = _size[i];
                if (ni == 0 || i == a || i == b) continue;
                var ia = i < a ? Condensed(n, i, a) : Condensed(n, a, i);
                var ib = i < b ? Condensed(n, i, b) : Condensed(n, b, i);
                var da = _dist[ia];
                var db = _dist[ib];
                _dist[ib] = LanceWilliams(_method, da, db, distance, na, nb, ni);
            }
            _size[b] += _size[a];
            _size[a] = 0;
        }
    }

    /// <summary>Complete, average or Ward linkage on a full symmetric distance matrix (Lance–Williams updates).</summary>
    private struct SquareLinkage : IChainState
    {
        private readonly double[] _dist;
        private readonly int[] _size;
        private readonly int _n;
        private readonly LinkageMethod _method;

        public SquareLinkage(double[] dist, int n, LinkageMethod method)
        {
            _dist = dist;
            _n = n;
            _method = method;
            _size = Enumerable.Repeat(1, n).ToArray();
        }

        public readonly bool Active(int i) => _size[i] > 0;

        public readonly double Distance(int a, int b) => _dist[a * _n + b];

        public readonly (int Index, double Distance) Nearest(int a)
        {
            var best = -1;
            var bestDist = double.PositiveInfinity;
            var row = _dist.AsSpan(a * _n, _n);
            var size = _size;
            for (var i = 0; i < row.Length; i++)
                if (row[i] < bestDist && size[i] > 0 && i != a)
                {
                    bestDist = row[i];
                    best = i;
                }
            return (best, bestDist);
        }

        public readonly void Merge(int a, int b, double distance)
        {
            var na = (double)_size[a];
            var nb = (double)_size[b];
            var n = _n;
            var ra = _dist.AsSpan(a * n, n);
            var rb = _dist.AsSpan(b * n, n);
            for (var i = 0; i < n; i++)
            {
                var ni = _size[i];
                if (ni == 0 || i == a || i == b) continue;
                var v = LanceWilliams(_method, ra[i], rb[i], distance, na, nb, ni);
                rb[i] = v;
                _dist[i * n + b] = v;
            }
            _size[b] += _size[a];
            _size[a] = 0;
        }
    }

    /// <summary>
    /// Ward linkage from cluster centroids and sizes, d(A, B) = √(2 |A| |B| / (|A| + |B|)) ‖m_A − m_B‖, for data too
    /// large for the condensed matrix (O(n·d) memory, O(n²·d) time).
    /// </summary>
    private struct CentroidWard : IChainState
    {
        private readonly Matrix _centroid;
        private readonly int[] _size;
        private readonly bool _parallel;

        public CentroidWard(Matrix x)
        {
            _centroid = x.Clone();
            _size = Enumerable.Repeat(1, x.Rows).ToArray();
            _parallel = (long)x.Rows * x.Cols >= 1 << 16;
        }

        public readonly bool Active(int i) => _size[i] > 0;

        public readonly double Distance(int a, int b)
        {
            var sa = (double)_size[a];
            var sb = (double)_size[b];
            return Math.Sqrt(2 * sa * sb / (sa + sb) * KMeansCore.SquaredDistance(_centroid.Row(a), _centroid.Row(b)));
        }

        public readonly (int Index, double Distance) Nearest(int a)
        {
            var n = _size.Length;
            var self = this;
            var chunks = new RowChunks(n, 1, 2048);
            var bests = new int[chunks.Count];
            var dists = new double[chunks.Count];
            chunks.For(_parallel, c =>
            {
                var best = -1;
                var bestDist = double.PositiveInfinity;
                for (var i = chunks.Start(c); i < chunks.End(c); i++)
                {
                    if (i == a || !self.Active(i)) continue;
                    var v = self.Distance(a, i);
                    if (v < bestDist)
                    {
                        bestDist = v;
                        best = i;
                    }
                }
                bests[c] = best;
                dists[c] = bestDist;
            });
            var rb = -1;
            var rd = double.PositiveInfinity;
            for (var c = 0; c < chunks.Count; c++)
                if (bests[c] >= 0 && dists[c] < rd)
                {
                    rd = dists[c];
                    rb = bests[c];
                }
            return (rb, rd);
        }

        public readonly void Merge(int a, int b, double distance)
        {
            var sa = (double)_size[a];
            var sb = (double)_size[b];
            var ra = _centroid.Row(a);
            var rb = _centroid.Row(b);
            for (var j = 0; j < ra.Length; j++) rb[j] = (sa * ra[j] + sb * rb[j]) / (sa + sb);
            _size[b] += _size[a];
            _size[a] = 0;
        }
    }

    /// <summary>
    /// Prim's minimum spanning tree as in Müllner's MST-linkage-core: grow the tree from row 0, each step adding the
    /// nearest outside row (the lowest index on ties) and recording an edge from the row added last.
    /// </summary>
    private static (int, int, double)[] PrimMst(Matrix x, ClusteringMetric metric)
    {
        var n = x.Rows;
        var data = metric == ClusteringMetric.Cosine ? DistanceKernels.Normalized(x) : x;
        // Rows not yet in the tree, ascending, and each one's smallest (reduced) distance to the tree.
        var remaining = Enumerable.Range(1, n - 1).ToArray();
        var count = n - 1;
        var current = new double[n];
        current.AsSpan().Fill(double.PositiveInfinity);
        var result = new (int, int, double)[n - 1];
        var node = 0;
        var large = (long)n * x.Cols >= 1 << 18;
        const int chunkSize = 4096;
        var bests = new int[(n + chunkSize - 1) / chunkSize + 1];
        var dists = new double[bests.Length];
        for (var step = 0; step < n - 1; step++)
        {
            var from = data.Row(node).ToArray();
            var chunks = (count + chunkSize - 1) / chunkSize;
            void Scan(int c)
            {
                var best = -1;
                var bestDist = double.PositiveInfinity;
                var end = Math.Min(count, (c + 1) * chunkSize);
                for (var t = c * chunkSize; t < end; t++)
                {
                    var j = remaining[t];
                    var v = DistanceKernels.Reduced(metric, from, data.Row(j));
                    if (v < current[j]) current[j] = v;
                    if (current[j] < bestDist || best < 0)
                    {
                        bestDist = current[j];
                        best = t;
                    }
                }
                bests[c] = best;
                dists[c] = bestDist;
            }
            if (large && chunks > 1) Parallel.For(0, chunks, Scan);
            else for (var c = 0; c < chunks; c++) Scan(c);
            var pick = -1;
            var nd = double.PositiveInfinity;
            for (var c = 0; c < chunks; c++)
                if (bests[c] >= 0 && (pick < 0 || dists[c] < nd))
                {
                    nd = dists[c];
                    pick = bests[c];
                }
            var next = remaining[pick];
            Array.Copy(remaining, pick + 1, remaining, pick, count - pick - 1);
            count--;
            // The square root is monotone, so choosing by squared distance picks the same row.
            result[step] = (node, next, DistanceKernels.FromReduced(metric, nd));
            node = next;
        }
        return result;
    }

    /// <summary>
    /// Cuts the tree into <paramref name="clusters"/> clusters and numbers them as scikit-learn's <c>_hc_cut</c> does: the
    /// cluster roots are kept in a binary heap of negated node numbers, repeatedly replacing the highest node by its two
    /// children, and clusters are numbered by their position in the heap's array.
    /// </summary>
    public static int[] Cut(Merge[] merges, int n, int clusters)
    {
        var labels = new int[n];
        if (n == 0) return labels;
        if (clusters > n) throw new AugurException($"cannot cut {n} rows into {clusters} clusters");
        var heap = new List<int> { -(n == 1 ? 0 : Math.Max(merges[^1].Left, merges[^1].Right) + 1) };
        for (var i = 0; i < clusters - 1; i++)
        {
            var merge = merges[-heap[0] - n];
            HeapPush(heap, -merge.Left);
            HeapPushPop(heap, -merge.Right);
        }
        var stack = new Stack<int>();
        for (var c = 0; c < heap.Count; c++)
        {
            stack.Push(-heap[c]);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node < n) labels[node] = c;
                else
                {
                    stack.Push(merges[node - n].Left);
                    stack.Push(merges[node - n].Right);
                }
            }
        }
        return labels;
    }

    // A binary min-heap with the exact array layout of Python's heapq (push sifts up; push-pop replaces the root when the
    // new item is larger and sifts the hole down to a leaf before sifting the item up), so positions match scikit-learn.
    private static void HeapPush(List<int> heap, int item)
    {
        heap.Add(item);
        SiftDown(heap, 0, heap.Count - 1);
    }

    private static void HeapPushPop(List<int> heap, int item)
    {
        if (heap.Count > 0 && heap[0] < item)
        {
            heap[0] = item;
            SiftUp(heap, 0);
        }
    }

    private static void SiftDown(List<int> heap, int start, int pos)
    {
        var item = heap[pos];
        while (pos > start)
        {
            var parent = (pos - 1) >> 1;
            if (item < heap[parent])
            {
                heap[pos] = heap[parent];
                pos = parent;
                continue;
            }
            break;
        }
        heap[pos] = item;
    }

    private static void SiftUp(List<int> heap, int pos)
    {
        var end = heap.Count;
        var start = pos;
        var item = heap[pos];
        var child = 2 * pos + 1;
        while (child < end)
        {
            var right = child + 1;
            if (right < end && !(heap[child] < heap[right])) child = right;
            heap[pos] = heap[child];
            pos = child;
            child = 2 * pos + 1;
        }
        heap[pos] = item;
        SiftDown(heap, start, pos);
    }
}
