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
    public static Merge[] Build(Matrix x, LinkageMethod method, ClusteringMetric metric)
    {
        var n = x.Rows;
        if (n < 2) return [];
        (int A, int B, double D)[] raw;
        bool orderChildren;
        switch (method)
        {
            case LinkageMethod.Ward:
                raw = WardChain(x);
                orderChildren = true;
                break;
            case LinkageMethod.Single:
                raw = PrimMst(x, metric);
                // scikit-learn labels its own minimum spanning tree without ordering the two children; SciPy (used by
                // scikit-learn for cosine) orders them.
                orderChildren = metric == ClusteringMetric.Cosine;
                break;
            default:
                raw = MatrixChain(x, method, metric);
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

    /// <summary>
    /// The nearest-neighbour chain with Ward distances computed from cluster centroids and sizes:
    /// d(A, B) = √(2 |A| |B| / (|A| + |B|)) ‖m_A − m_B‖ (O(n·d) memory).
    /// </summary>
    private static (int, int, double)[] WardChain(Matrix x)
    {
        var n = x.Rows;
        var d = x.Cols;
        var centroid = x.Clone();
        var size = Enumerable.Repeat(1, n).ToArray();
        double Dist(int a, int b)
        {
            var sa = (double)size[a];
            var sb = (double)size[b];
            return Math.Sqrt(2 * sa * sb / (sa + sb) * KMeansCore.SquaredDistance(centroid.Row(a), centroid.Row(b)));
        }
        return Chain(n, Dist, (a, b) =>
        {
            // b keeps the merged cluster.
            var sa = (double)size[a];
            var sb = (double)size[b];
            var ra = centroid.Row(a);
            var rb = centroid.Row(b);
            for (var j = 0; j < d; j++) rb[j] = (sa * ra[j] + sb * rb[j]) / (sa + sb);
            size[b] += size[a];
            size[a] = 0;
        }, i => size[i] > 0, parallelNearest: (long)n * d >= 1 << 16);
    }

    /// <summary>The nearest-neighbour chain over a condensed distance matrix updated with the Lance–Williams formulas.</summary>
    private static (int, int, double)[] MatrixChain(Matrix x, LinkageMethod method, ClusteringMetric metric)
    {
        var n = x.Rows;
        if ((long)n * (n - 1) / 2 > Array.MaxLength)
            throw new AugurException($"{method.ToString().ToLowerInvariant()} linkage keeps all pairwise distances, which is too many for {n} rows; sample the rows or use ward or single linkage");
        var data = metric == ClusteringMetric.Cosine ? Metrics.Normalized(x) : x;
        var dist = new double[(long)n * (n - 1) / 2];
        var large = (long)n * n * x.Cols >= DenseOps.ParallelThreshold;
        void FillRow(int i)
        {
            var ri = data.Row(i);
            var offset = Condensed(n, i, i + 1);
            for (var j = i + 1; j < n; j++) dist[offset + j - i - 1] = Metrics.FromReduced(metric, Metrics.Reduced(metric, ri, data.Row(j)));
        }
        if (large) Parallel.For(0, n, FillRow);
        else for (var i = 0; i < n; i++) FillRow(i);
        var size = Enumerable.Repeat(1, n).ToArray();
        double Get(int a, int b) => dist[a < b ? Condensed(n, a, b) : Condensed(n, b, a)];
        return Chain(n, Get, (a, b) =>
        {
            var na = (double)size[a];
            var nb = (double)size[b];
            for (var i = 0; i < n; i++)
            {
                if (size[i] == 0 || i == a || i == b) continue;
                var da = Get(i, a);
                var db = Get(i, b);
                var v = method == LinkageMethod.Complete ? Math.Max(da, db) : (na * da + nb * db) / (na + nb);
                dist[i < b ? Condensed(n, i, b) : Condensed(n, b, i)] = v;
            }
            size[b] += size[a];
            size[a] = 0;
        }, i => size[i] > 0, parallelNearest: false);
    }

    private static long Condensed(int n, int i, int j) => (long)n * i - (long)i * (i + 1) / 2 + (j - i - 1);

    /// <summary>
    /// The nearest-neighbour chain: grow a chain of nearest neighbours (preferring the previous chain element on ties,
    /// otherwise the lowest index) from the lowest active cluster until two clusters are each other's nearest; merge them
    /// (the higher index keeps the new cluster) and continue from what remains of the chain.
    /// </summary>
    private static (int, int, double)[] Chain(int n, Func<int, int, double> dist, Action<int, int> merge, Func<int, bool> active, bool parallelNearest)
    {
        var result = new (int, int, double)[n - 1];
        var chain = new int[n];
        var length = 0;
        for (var step = 0; step < n - 1; step++)
        {
            if (length == 0)
            {
                for (var i = 0; i < n; i++)
                    if (active(i))
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
                    best = dist(a, b);
                }
                var (cand, candDist) = parallelNearest ? NearestParallel(n, a, dist, active) : NearestSerial(n, a, dist, active);
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
            merge(a, b);
        }
        return result;
    }

    private static (int, double) NearestSerial(int n, int a, Func<int, int, double> dist, Func<int, bool> active)
    {
        var best = -1;
        var bestDist = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            if (i == a || !active(i)) continue;
            var v = dist(a, i);
            if (v < bestDist)
            {
                bestDist = v;
                best = i;
            }
        }
        return (best, bestDist);
    }

    private static (int, double) NearestParallel(int n, int a, Func<int, int, double> dist, Func<int, bool> active)
    {
        var chunks = new RowChunks(n, 1, 2048);
        var bests = new int[chunks.Count];
        var dists = new double[chunks.Count];
        chunks.For(true, c =>
        {
            var best = -1;
            var bestDist = double.PositiveInfinity;
            for (var i = chunks.Start(c); i < chunks.End(c); i++)
            {
                if (i == a || !active(i)) continue;
                var v = dist(a, i);
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

    /// <summary>
    /// Prim's minimum spanning tree as in Müllner's MST-linkage-core: grow the tree from row 0, each step adding the
    /// nearest outside row (the lowest index on ties) and recording an edge from the row added last.
    /// </summary>
    private static (int, int, double)[] PrimMst(Matrix x, ClusteringMetric metric)
    {
        var n = x.Rows;
        var data = metric == ClusteringMetric.Cosine ? Metrics.Normalized(x) : x;
        var inTree = new bool[n];
        var current = new double[n];
        current.AsSpan().Fill(double.PositiveInfinity);
        var result = new (int, int, double)[n - 1];
        var node = 0;
        var chunks = new RowChunks(n, 1, 2048);
        var large = (long)n * x.Cols >= 1 << 15 && chunks.Count > 1;
        var bests = new int[chunks.Count];
        var dists = new double[chunks.Count];
        for (var step = 0; step < n - 1; step++)
        {
            inTree[node] = true;
            var from = data.Row(node).ToArray();
            chunks.For(large, c =>
            {
                var best = -1;
                var bestDist = double.PositiveInfinity;
                for (var j = chunks.Start(c); j < chunks.End(c); j++)
                {
                    if (inTree[j]) continue;
                    var v = Metrics.FromReduced(metric, Metrics.Reduced(metric, from, data.Row(j)));
                    if (v < current[j]) current[j] = v;
                    if (current[j] < bestDist || best < 0)
                    {
                        bestDist = current[j];
                        best = j;
                    }
                }
                bests[c] = best;
                dists[c] = bestDist;
            });
            var next = -1;
            var nd = double.PositiveInfinity;
            for (var c = 0; c < chunks.Count; c++)
                if (bests[c] >= 0 && (next < 0 || dists[c] < nd))
                {
                    nd = dists[c];
                    next = bests[c];
                }
            result[step] = (node, next, nd);
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
