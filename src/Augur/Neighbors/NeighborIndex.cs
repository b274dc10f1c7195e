using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Augur.Numerics;

namespace Augur.Neighbors;

/// <summary>The metric as the search computes it: on a "reduced" scale that orders like the distance and is cheaper.</summary>
internal enum ReducedMetric
{
    /// <summary>Squared Euclidean (distance = √reduced).</summary>
    SquaredEuclidean,
    /// <summary>Manhattan (distance = reduced).</summary>
    Manhattan,
    /// <summary>Chebyshev (distance = reduced).</summary>
    Chebyshev,
    /// <summary>Σ|d|ᵖ (distance = reduced^(1/p)).</summary>
    Minkowski,
    /// <summary>1 − x̂·ŷ on L2-normalised rows, clipped to [0, 2] (distance = reduced).</summary>
    Cosine,
}

/// <summary>Per-coordinate accumulation steps; the vector step is lane-for-lane identical to the scalar one.</summary>
internal interface IPairReducer
{
    static abstract Vector256<double> Step(Vector256<double> acc, Vector256<double> q, Vector256<double> t);

    static abstract double Step(double acc, double q, double t);

    static abstract double Finish(double acc);
}

internal readonly struct SquaredEuclideanReducer : IPairReducer
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Step(Vector256<double> acc, Vector256<double> q, Vector256<double> t)
    {
        var d = t - q;
        return acc + d * d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double acc, double q, double t)
    {
        var d = t - q;
        return acc + d * d;
    }

    public static double Finish(double acc) => acc;
}

internal readonly struct ManhattanReducer : IPairReducer
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Step(Vector256<double> acc, Vector256<double> q, Vector256<double> t) => acc + Vector256.Abs(t - q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double acc, double q, double t) => acc + Math.Abs(t - q);

    public static double Finish(double acc) => acc;
}

internal readonly struct ChebyshevReducer : IPairReducer
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Step(Vector256<double> acc, Vector256<double> q, Vector256<double> t) => Vector256.Max(acc, Vector256.Abs(t - q));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double acc, double q, double t) => Math.Max(acc, Math.Abs(t - q));

    public static double Finish(double acc) => acc;
}

internal readonly struct CosineReducer : IPairReducer
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Step(Vector256<double> acc, Vector256<double> q, Vector256<double> t) => acc + q * t;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double acc, double q, double t) => acc + q * t;

    public static double Finish(double acc) => Math.Clamp(1.0 - acc, 0.0, 2.0);
}

/// <summary>
/// The searchable training set of a neighbours model: immutable and thread-safe after construction. Brute force keeps
/// the rows in blocks of four, interleaved by feature, so one vector instruction advances four distances; queries run
/// in parallel blocks and keep their k best in a bounded max-heap fed in training order (no full sort), which breaks
/// ties exactly as scikit-learn's brute-force search does. A KD-tree, when chosen, answers the same queries.
/// </summary>
internal sealed class NeighborIndex
{
    private const int Lanes = 4;
    private readonly double[] _blocked;
    private readonly double[] _blockedNorms; // ‖row‖² aligned with the blocked layout (padding rows 0)
    private readonly double _maxNorm;
    private readonly int _blockCount;
    private readonly KdTree? _tree;

    public NeighborIndex(Matrix data, ReducedMetric metric, double p, bool useTree, int leafSize)
    {
        Metric = metric;
        P = p;
        Data = metric == ReducedMetric.Cosine ? NormalizeRows(data) : data;
        Rows = data.Rows;
        Dims = data.Cols;
        // Pad to an even number of 4-row blocks so the kernel always processes 8 rows.
        _blockCount = (Rows + 2 * Lanes - 1) / (2 * Lanes) * 2;
        _blocked = new double[_blockCount * Dims * Lanes];
        for (var i = 0; i < Rows; i++)
        {
            var b = i / Lanes;
            var lane = i % Lanes;
            var row = Data.Row(i);
            for (var f = 0; f < Dims; f++) _blocked[(b * Dims + f) * Lanes + lane] = row[f];
        }
        _blockedNorms = new double[_blockCount * Lanes];
        for (var i = 0; i < Rows; i++)
        {
            var row = Data.Row(i);
            _blockedNorms[i] = TensorPrimitives.Dot(row, row);
            _maxNorm = Math.Max(_maxNorm, _blockedNorms[i]);
        }
        if (useTree && metric != ReducedMetric.Cosine) _tree = new KdTree(Data, leafSize);
    }

    public ReducedMetric Metric { get; }

    public double P { get; }

    public Matrix Data { get; }

    public int Rows { get; }

    public int Dims { get; }

    public bool UsesTree => _tree is not null;

    public double ToDistance(double reduced) => Metric switch
    {
        ReducedMetric.SquaredEuclidean => Math.Sqrt(reduced),
        ReducedMetric.Minkowski => Math.Pow(reduced, 1.0 / P),
        _ => reduced,
    };

    private static Matrix NormalizeRows(Matrix m)
    {
        var r = m.Clone();
        for (var i = 0; i < r.Rows; i++)
        {
            var row = r.Row(i);
            var norm = Math.Sqrt(TensorPrimitives.Dot(row, row));
            if (norm > 0) TensorPrimitives.Divide(row, norm, row);
        }
        return r;
    }

    /// <summary>
    /// The <paramref name="k"/> nearest training rows of every query row: reduced distances and indices, row-major,
    /// each row ordered by (distance, index).
    /// </summary>
    public (double[] Reduced, int[] Indices) Query(Matrix queries, int k)
    {
        if (queries.Cols != Dims) throw new ArgumentException("query width differs from the training data");
        if (k < 1 || k > Rows) throw new ArgumentOutOfRangeException(nameof(k));
        var q = Metric == ReducedMetric.Cosine ? NormalizeRows(queries) : queries;
        var vals = new double[q.Rows * k];
        var idx = new int[q.Rows * k];
        if (_tree is not null) TreeQuery(q, k, vals, idx);
        else BruteQuery(q, k, vals, idx);
        for (var i = 0; i < q.Rows; i++) SortPairs(vals.AsSpan(i * k, k), idx.AsSpan(i * k, k));
        return (vals, idx);
    }

    private void TreeQuery(Matrix q, int k, double[] vals, int[] idx)
    {
        // Ask for one extra neighbour: when the (k+1)-th ties with the k-th, which of the tied rows are kept depends on
        // the order rows are met, so those queries are answered by the in-order scan instead (exactly like brute force).
        var kk = Math.Min(k + 1, Rows);
        void One(int i)
        {
            Span<double> v = kk <= 64 ? stackalloc double[kk] : new double[kk];
            Span<int> ix = kk <= 64 ? stackalloc int[kk] : new int[kk];
            var row = q.Row(i);
            _tree!.Query(row, Metric, P, v, ix);
            SortPairs(v, ix);
            if (kk > k && v[k] == v[k - 1])
            {
                ScanOne(row, vals.AsSpan(i * k, k), idx.AsSpan(i * k, k));
                return;
            }
            v[..k].CopyTo(vals.AsSpan(i * k, k));
            ix[..k].CopyTo(idx.AsSpan(i * k, k));
        }
        if ((long)q.Rows * Dims * 64 < DenseOps.ParallelThreshold) for (var i = 0; i < q.Rows; i++) One(i);
        else Parallel.For(0, q.Rows, One);
    }

    /// <summary>Scans every training row in order for one query, keeping the k best in the bounded heap.</summary>
    private void ScanOne(ReadOnlySpan<double> query, Span<double> vals, Span<int> idx)
    {
        vals.Fill(double.PositiveInfinity);
        idx.Fill(-1);
        switch (Metric)
        {
            case ReducedMetric.SquaredEuclidean: ScanBlocks<SquaredEuclideanReducer>(query, vals, idx); return;
            case ReducedMetric.Manhattan: ScanBlocks<ManhattanReducer>(query, vals, idx); return;
            case ReducedMetric.Chebyshev: ScanBlocks<ChebyshevReducer>(query, vals, idx); return;
            case ReducedMetric.Cosine: ScanBlocks<CosineReducer>(query, vals, idx); return;
        }
        for (var t = 0; t < Rows; t++)
        {
            var v = ReducedDistance(query, Data.Row(t));
            if (v < vals[0]) HeapPush(vals, idx, v, t);
        }
    }

    // One query against the blocked rows, four at a time; each lane repeats the scalar arithmetic exactly.
    private unsafe void ScanBlocks<TReducer>(ReadOnlySpan<double> query, Span<double> vals, Span<int> idx) where TReducer : IPairReducer
    {
        var dims = Dims;
        var tile = stackalloc double[Lanes];
        fixed (double* blocked = _blocked)
        fixed (double* q = query)
        {
            for (var b = 0; b * Lanes < Rows; b++)
            {
                var block = blocked + (long)b * dims * Lanes;
                var acc = Vector256<double>.Zero;
                for (var f = 0; f < dims; f++) acc = TReducer.Step(acc, Vector256.Create(q[f]), Vector256.Load(block + f * Lanes));
                acc.Store(tile);
                var limit = Math.Min(Lanes, Rows - b * Lanes);
                for (var r = 0; r < limit; r++)
                {
                    var v = TReducer.Finish(tile[r]);
                    if (v < vals[0]) HeapPush(vals, idx, v, b * Lanes + r);
                }
            }
        }
    }

    /// <summary>The reduced distance between two rows, computed in the same order and arithmetic as the vector kernel.</summary>
    public double ReducedDistance(ReadOnlySpan<double> q, ReadOnlySpan<double> t) => ReducedDistance(q, t, Metric, P);

    /// <summary>The reduced distance between two rows under <paramref name="metric"/> (power <paramref name="p"/> for Minkowski), in the vector kernel's order and arithmetic.</summary>
    public static double ReducedDistance(ReadOnlySpan<double> q, ReadOnlySpan<double> t, ReducedMetric metric, double p)
    {
        var acc = 0.0;
        switch (metric)
        {
            case ReducedMetric.SquaredEuclidean:
                for (var f = 0; f < q.Length; f++) acc = SquaredEuclideanReducer.Step(acc, q[f], t[f]);
                return acc;
            case ReducedMetric.Manhattan:
                for (var f = 0; f < q.Length; f++) acc = ManhattanReducer.Step(acc, q[f], t[f]);
                return acc;
            case ReducedMetric.Chebyshev:
                for (var f = 0; f < q.Length; f++) acc = ChebyshevReducer.Step(acc, q[f], t[f]);
                return acc;
            case ReducedMetric.Cosine:
                for (var f = 0; f < q.Length; f++) acc = CosineReducer.Step(acc, q[f], t[f]);
                return CosineReducer.Finish(acc);
            default:
                for (var f = 0; f < q.Length; f++) acc += Math.Pow(Math.Abs(t[f] - q[f]), p);
                return acc;
        }
    }

    private void BruteQuery(Matrix q, int k, double[] vals, int[] idx)
    {
        Array.Fill(vals, double.PositiveInfinity);
        Array.Fill(idx, -1);
        const int queryBlock = 32;
        var tasks = (q.Rows + queryBlock - 1) / queryBlock;
        void Task(int task)
        {
            var start = task * queryBlock;
            var count = Math.Min(queryBlock, q.Rows - start);
            switch (Metric)
            {
                case ReducedMetric.SquaredEuclidean: EuclideanBlock(q, start, count, k, vals, idx); break;
                case ReducedMetric.Manhattan: BruteBlock<ManhattanReducer>(q, start, count, k, vals, idx); break;
                case ReducedMetric.Chebyshev: BruteBlock<ChebyshevReducer>(q, start, count, k, vals, idx); break;
                case ReducedMetric.Cosine: BruteBlock<CosineReducer>(q, start, count, k, vals, idx); break;
                default:
                    for (var i = start; i < start + count; i++) ScanOne(q.Row(i), vals.AsSpan(i * k, k), idx.AsSpan(i * k, k));
                    break;
            }
        }
        if ((long)q.Rows * Rows * Dims < DenseOps.ParallelThreshold || tasks == 1) for (var t = 0; t < tasks; t++) Task(t);
        else Parallel.For(0, tasks, Task);
    }

    /// <summary>
    /// Euclidean search in two steps. First, ‖b‖² − 2a·b (the squared distance less the query's own ‖a‖²) for every
    /// training row with fused multiply-adds, keeping every row within a rounding margin of the running k-th best.
    /// Then the exact squared distances Σ(aᵢ − bᵢ)² of those candidates decide; when the k-th and (k+1)-th are tied
    /// exactly, the query is answered by the in-order scan so that the tie resolves as scikit-learn resolves it.
    /// </summary>
    private unsafe void EuclideanBlock(Matrix q, int start, int count, int k, double[] vals, int[] idx)
    {
        var dims = Dims;
        var rows = Rows;
        const int chunkBlocks = 64;
        var tau = new double[count * k];      // per query: max-heap of the k best surrogate values seen
        var tauIdx = new int[count * k];
        Array.Fill(tau, double.PositiveInfinity);
        var margin = new double[count];
        var candS = new double[count][];
        var candI = new int[count][];
        var candN = new int[count];
        for (var qi = 0; qi < count; qi++)
        {
            var row = q.Row(start + qi);
            var aNorm = TensorPrimitives.Dot(row, row);
            // Bound on the rounding of ‖b‖² − 2a·b and of the exact sums, generously (8×) over (p + 4)·u·scale.
            var scale = _maxNorm + aNorm + 2 * Math.Sqrt(_maxNorm * aNorm);
            margin[qi] = 8.0 * (dims + 4) * 1.1102230246251565e-16 * scale;
            candS[qi] = new double[4 * k + 64];
            candI[qi] = new int[4 * k + 64];
        }
        var tile = stackalloc double[32];
        fixed (double* blocked = _blocked)
        fixed (double* norms = _blockedNorms)
        fixed (double* qData = q.Data)
        fixed (double* tauBase = tau)
        fixed (int* tauIdxBase = tauIdx)
        {
            for (var c0 = 0; c0 < _blockCount; c0 += chunkBlocks)
            {
                var c1 = Math.Min(_blockCount, c0 + chunkBlocks);
                for (var g = 0; g < count; g += 4)
                {
                    var live = Math.Min(4, count - g);
                    var q0 = qData + (long)(start + g) * dims;
                    var q1 = qData + (long)(start + g + Math.Min(1, live - 1)) * dims;
                    var q2 = qData + (long)(start + g + Math.Min(2, live - 1)) * dims;
                    var q3 = qData + (long)(start + g + Math.Min(3, live - 1)) * dims;
                    for (var b = c0; b < c1; b += 2)
                    {
                        TileSurrogate(blocked + (long)b * dims * Lanes, norms + b * Lanes, dims, q0, q1, q2, q3, tile);
                        var rowBase = b * Lanes;
                        var limit = Math.Min(8, rows - rowBase);
                        for (var qi = 0; qi < live; qi++)
                        {
                            var local = g + qi;
                            var hv = tauBase + (long)local * k;
                            var t = tile + qi * 8;
                            var m = margin[local];
                            for (var r = 0; r < limit; r++)
                            {
                                var v = t[r];
                                if (!(v <= hv[0] + m)) continue;
                                AddCandidate(ref candS[local], ref candI[local], ref candN[local], v, rowBase + r, hv[0] + m);
                                if (v < hv[0]) HeapPush(new Span<double>(hv, k), new Span<int>(tauIdxBase + (long)local * k, k), v, rowBase + r);
                            }
                        }
                    }
                }
            }
        }
        for (var qi = 0; qi < count; qi++)
        {
            var qIndex = start + qi;
            var row = q.Row(qIndex);
            var limit = tau[qi * k] + margin[qi];
            var cs = candS[qi];
            var ci = candI[qi];
            var n = 0;
            for (var c = 0; c < candN[qi]; c++)
                if (cs[c] <= limit) { ci[n] = ci[c]; cs[n] = ReducedDistance(row, Data.Row(ci[c])); n++; }
            var exact = cs.AsSpan(0, n);
            var which = ci.AsSpan(0, n);
            SortPairs(exact, which);
            var dst = vals.AsSpan(qIndex * k, k);
            var dstIdx = idx.AsSpan(qIndex * k, k);
            if (n > k && exact[k] == exact[k - 1])
            {
                ScanOne(row, dst, dstIdx);
                continue;
            }
            exact[..k].CopyTo(dst);
            which[..k].CopyTo(dstIdx);
        }
    }

    private static void AddCandidate(ref double[] s, ref int[] i, ref int n, double v, int index, double limit)
    {
        if (n == s.Length)
        {
            // Drop candidates that have fallen out of reach; grow when many remain (for example duplicated rows).
            var m = 0;
            for (var c = 0; c < n; c++)
                if (s[c] <= limit) { s[m] = s[c]; i[m] = i[c]; m++; }
            n = m;
            if (n > s.Length / 2)
            {
                Array.Resize(ref s, s.Length * 2);
                Array.Resize(ref i, i.Length * 2);
            }
        }
        s[n] = v;
        i[n] = index;
        n++;
    }

    // Four queries against two 4-row blocks: ‖b‖² − 2 a·b with fused multiply-adds.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void TileSurrogate(double* block, double* norms, int dims, double* q0, double* q1, double* q2, double* q3, double* output)
    {
        var a00 = Vector256<double>.Zero; var a01 = Vector256<double>.Zero;
        var a10 = Vector256<double>.Zero; var a11 = Vector256<double>.Zero;
        var a20 = Vector256<double>.Zero; var a21 = Vector256<double>.Zero;
        var a30 = Vector256<double>.Zero; var a31 = Vector256<double>.Zero;
        var second = block + dims * Lanes;
        for (var f = 0; f < dims; f++)
        {
            var t0 = Vector256.Load(block + f * Lanes);
            var t1 = Vector256.Load(second + f * Lanes);
            var v0 = Vector256.Create(q0[f]);
            var v1 = Vector256.Create(q1[f]);
            var v2 = Vector256.Create(q2[f]);
            var v3 = Vector256.Create(q3[f]);
            a00 = Vector256.FusedMultiplyAdd(v0, t0, a00); a01 = Vector256.FusedMultiplyAdd(v0, t1, a01);
            a10 = Vector256.FusedMultiplyAdd(v1, t0, a10); a11 = Vector256.FusedMultiplyAdd(v1, t1, a11);
            a20 = Vector256.FusedMultiplyAdd(v2, t0, a20); a21 = Vector256.FusedMultiplyAdd(v2, t1, a21);
            a30 = Vector256.FusedMultiplyAdd(v3, t0, a30); a31 = Vector256.FusedMultiplyAdd(v3, t1, a31);
        }
        var n0 = Vector256.Load(norms);
        var n1 = Vector256.Load(norms + 4);
        var minus2 = Vector256.Create(-2.0);
        Vector256.FusedMultiplyAdd(minus2, a00, n0).Store(output); Vector256.FusedMultiplyAdd(minus2, a01, n1).Store(output + 4);
        Vector256.FusedMultiplyAdd(minus2, a10, n0).Store(output + 8); Vector256.FusedMultiplyAdd(minus2, a11, n1).Store(output + 12);
        Vector256.FusedMultiplyAdd(minus2, a20, n0).Store(output + 16); Vector256.FusedMultiplyAdd(minus2, a21, n1).Store(output + 20);
        Vector256.FusedMultiplyAdd(minus2, a30, n0).Store(output + 24); Vector256.FusedMultiplyAdd(minus2, a31, n1).Store(output + 28);
    }

    private unsafe void BruteBlock<TReducer>(Matrix q, int start, int count, int k, double[] vals, int[] idx) where TReducer : IPairReducer
    {
        var dims = Dims;
        var rows = Rows;
        const int chunkBlocks = 64; // 256 training rows stay in cache while every query of the block passes over them
        var tile = stackalloc double[32];
        fixed (double* blocked = _blocked)
        fixed (double* qData = q.Data)
        fixed (double* valBase = vals)
        fixed (int* idxBase = idx)
        {
            for (var c0 = 0; c0 < _blockCount; c0 += chunkBlocks)
            {
                var c1 = Math.Min(_blockCount, c0 + chunkBlocks);
                for (var g = 0; g < count; g += 4)
                {
                    var live = Math.Min(4, count - g);
                    var q0 = qData + (long)(start + g) * dims;
                    var q1 = qData + (long)(start + g + Math.Min(1, live - 1)) * dims;
                    var q2 = qData + (long)(start + g + Math.Min(2, live - 1)) * dims;
                    var q3 = qData + (long)(start + g + Math.Min(3, live - 1)) * dims;
                    for (var b = c0; b < c1; b += 2)
                    {
                        Tile<TReducer>(blocked + (long)b * dims * Lanes, dims, q0, q1, q2, q3, tile);
                        var rowBase = b * Lanes;
                        for (var qi = 0; qi < live; qi++)
                        {
                            var qIndex = start + g + qi;
                            var hv = valBase + (long)qIndex * k;
                            var hi = idxBase + (long)qIndex * k;
                            var t = tile + qi * 8;
                            var limit = Math.Min(8, rows - rowBase);
                            for (var r = 0; r < limit; r++)
                            {
                                var v = TReducer.Finish(t[r]);
                                if (v < hv[0]) HeapPush(new Span<double>(hv, k), new Span<int>(hi, k), v, rowBase + r);
                            }
                        }
                    }
                }
            }
        }
    }

    // Four queries against two 4-row blocks: eight vector accumulators, one pass over the features.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile<TReducer>(double* block, int dims, double* q0, double* q1, double* q2, double* q3, double* output)
        where TReducer : IPairReducer
    {
        var a00 = Vector256<double>.Zero; var a01 = Vector256<double>.Zero;
        var a10 = Vector256<double>.Zero; var a11 = Vector256<double>.Zero;
        var a20 = Vector256<double>.Zero; var a21 = Vector256<double>.Zero;
        var a30 = Vector256<double>.Zero; var a31 = Vector256<double>.Zero;
        var second = block + dims * Lanes;
        for (var f = 0; f < dims; f++)
        {
            var t0 = Vector256.Load(block + f * Lanes);
            var t1 = Vector256.Load(second + f * Lanes);
            var v0 = Vector256.Create(q0[f]);
            var v1 = Vector256.Create(q1[f]);
            var v2 = Vector256.Create(q2[f]);
            var v3 = Vector256.Create(q3[f]);
            a00 = TReducer.Step(a00, v0, t0); a01 = TReducer.Step(a01, v0, t1);
            a10 = TReducer.Step(a10, v1, t0); a11 = TReducer.Step(a11, v1, t1);
            a20 = TReducer.Step(a20, v2, t0); a21 = TReducer.Step(a21, v2, t1);
            a30 = TReducer.Step(a30, v3, t0); a31 = TReducer.Step(a31, v3, t1);
        }
        a00.Store(output); a01.Store(output + 4);
        a10.Store(output + 8); a11.Store(output + 12);
        a20.Store(output + 16); a21.Store(output + 20);
        a30.Store(output + 24); a31.Store(output + 28);
    }

    /// <summary>
    /// Offers (v, i) to a bounded max-heap of the k best values: rejected unless v is strictly below the current worst;
    /// otherwise it replaces the root and sifts down (the larger child moves up, the left one on equal values).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void HeapPush(Span<double> vals, Span<int> idx, double v, int i)
    {
        var size = vals.Length;
        if (!(v < vals[0])) return;
        var pos = 0;
        while (true)
        {
            var c1 = 2 * pos + 1;
            var c2 = c1 + 1;
            int swap;
            if (c1 >= size) break;
            if (c2 >= size)
            {
                if (vals[c1] > v) swap = c1;
                else break;
            }
            else if (vals[c1] >= vals[c2])
            {
                if (v < vals[c1]) swap = c1;
                else break;
            }
            else
            {
                if (v < vals[c2]) swap = c2;
                else break;
            }
            vals[pos] = vals[swap];
            idx[pos] = idx[swap];
            pos = swap;
        }
        vals[pos] = v;
        idx[pos] = i;
    }

    /// <summary>Sorts pairs by (value, index), ascending (insertion sort; k is small).</summary>
    internal static void SortPairs(Span<double> vals, Span<int> idx)
    {
        if (vals.Length > 32)
        {
            vals.Sort(idx);
            // Equal values: order by index.
            for (var s = 0; s < vals.Length;)
            {
                var e = s + 1;
                while (e < vals.Length && vals[e] == vals[s]) e++;
                if (e - s > 1) idx[s..e].Sort();
                s = e;
            }
            return;
        }
        for (var a = 1; a < vals.Length; a++)
        {
            var v = vals[a];
            var i = idx[a];
            var b = a - 1;
            while (b >= 0 && (vals[b] > v || (vals[b] == v && idx[b] > i)))
            {
                vals[b + 1] = vals[b];
                idx[b + 1] = idx[b];
                b--;
            }
            vals[b + 1] = v;
            idx[b + 1] = i;
        }
    }
}
