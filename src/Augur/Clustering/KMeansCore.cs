using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Augur.Numerics;

namespace Augur.Clustering;

/// <summary>
/// Fixed row chunks for parallel loops with deterministic reductions: the chunking depends only on the data's shape,
/// never on the thread count, and partial results are combined in chunk order.
/// </summary>
internal readonly struct RowChunks
{
    public RowChunks(int rows, long statePerChunk, int minRows = 1024)
    {
        Rows = rows;
        var byRows = Math.Max(1, (rows + minRows - 1) / minRows);
        // Keep the per-chunk partial state within about 32 MB in all.
        var byMemory = (int)Math.Clamp((1L << 22) / Math.Max(1, statePerChunk), 1, 4096);
        Count = Math.Min(byRows, byMemory);
        Size = Math.Max(1, (rows + Count - 1) / Count);
        Count = rows == 0 ? 1 : (rows + Size - 1) / Size;
    }

    public int Rows { get; }
    public int Count { get; }
    public int Size { get; }
    public int Start(int chunk) => Math.Min(Rows, chunk * Size);
    public int End(int chunk) => Math.Min(Rows, (chunk + 1) * Size);

    /// <summary>Runs <paramref name="body"/> for every chunk, in parallel when <paramref name="parallel"/> is set.</summary>
    public void For(bool parallel, Action<int> body)
    {
        if (!parallel || Count == 1)
            for (var c = 0; c < Count; c++) body(c);
        else
            Parallel.For(0, Count, body);
    }
}

/// <summary>One k-means run: final centres (k × d, row-major), labels, inertia and the number of iterations.</summary>
internal sealed record KMeansRun(double[] Centers, int[] Labels, double Inertia, int NIter);

/// <summary>
/// The k-means building blocks shared by <see cref="KMeans"/>, <see cref="MiniBatchKMeans"/> and the Gaussian mixture's
/// initialisation: seeding (greedy k-means++, random), Lloyd and Elkan iterations, assignment and inertia.
/// </summary>
internal static class KMeansCore
{
    public static bool IsLarge(long n, long k, long d) => n * k * Math.Max(d, 1) >= DenseOps.ParallelThreshold;

    /// <summary>scikit-learn's tolerance: <paramref name="tol"/> times the mean of the per-feature variances.</summary>
    public static double Tolerance(Matrix x, double tol)
    {
        if (tol == 0 || x.Rows == 0) return 0;
        var n = x.Rows;
        var d = x.Cols;
        var mean = ColumnMeans(x, null);
        var chunks = new RowChunks(n, d);
        var partial = new double[chunks.Count * d];
        chunks.For(IsLarge(n, 1, d), c =>
        {
            var acc = partial.AsSpan(c * d, d);
            for (var i = chunks.Start(c); i < chunks.End(c); i++) DeterministicOps.AddSquaredDeviation(acc, x.Row(i), mean);
        });
        var total = new double[d];
        for (var c = 0; c < chunks.Count; c++) DeterministicOps.AddTo(total, partial.AsSpan(c * d, d));
        return DeterministicOps.Sum(total) / n / d * tol;
    }

    /// <summary>Column means, optionally weighted, summed in fixed chunks.</summary>
    public static double[] ColumnMeans(Matrix x, double[]? w)
    {
        var n = x.Rows;
        var d = x.Cols;
        var chunks = new RowChunks(n, d + 1);
        var partial = new double[chunks.Count * d];
        var wpart = new double[chunks.Count];
        chunks.For(IsLarge(n, 1, d), c =>
        {
            var acc = partial.AsSpan(c * d, d);
            var ws = 0.0;
            for (var i = chunks.Start(c); i < chunks.End(c); i++)
            {
                var wi = w?[i] ?? 1.0;
                if (wi == 1.0) DeterministicOps.AddTo(acc, x.Row(i));
                else DeterministicOps.AddScaledTo(acc, x.Row(i), wi);
                ws += wi;
            }
            wpart[c] = ws;
        });
        var mean = new double[d];
        var wsum = 0.0;
        for (var c = 0; c < chunks.Count; c++)
        {
            TensorPrimitives.Add(mean, partial.AsSpan(c * d, d), mean);
            wsum += wpart[c];
        }
        if (wsum > 0) TensorPrimitives.Divide(mean, wsum, mean);
        return mean;
    }

    /// <summary>Squared Euclidean distance (SIMD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var len = a.Length;
        var w = Vector<double>.Count;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var i = 0;
        var s = 0.0;
        if (len >= w)
        {
            var acc = Vector<double>.Zero;
            for (; i <= len - w; i += w)
            {
                var t = Vector.LoadUnsafe(ref ra, (nuint)i) - Vector.LoadUnsafe(ref rb, (nuint)i);
                acc = Vector.FusedMultiplyAdd(t, t, acc);
            }
            s = Vector.Sum(acc);
        }
        for (; i < len; i++)
        {
            var t = Unsafe.Add(ref ra, i) - Unsafe.Add(ref rb, i);
            s += t * t;
        }
        return s;
    }

    /// <summary>Euclidean distance.</summary>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Math.Sqrt(SquaredDistance(a, b));

    // ---------------------------------------------------------------- seeding

    /// <summary>
    /// Greedy k-means++ (Arthur and Vassilvitskii's D² sampling, trying 2 + ⌊ln k⌋ candidates per centre and keeping the
    /// one that lowers the potential most, as scikit-learn does). With weights, rows are drawn with probability
    /// proportional to weight × D².
    /// </summary>
    public static double[] KMeansPlusPlus(Matrix x, double[]? w, int k, Rng rng, int? localTrials = null) =>
        KMeansPlusPlus(x, w, k, rng, out _, localTrials);

    /// <summary>Greedy k-means++, also returning the chosen rows.</summary>
    public static double[] KMeansPlusPlus(Matrix x, double[]? w, int k, Rng rng, out int[] indices, int? localTrials = null)
    {
        var chosen = new int[k];
        var n = x.Rows;
        var d = x.Cols;
        var trials = localTrials ?? 2 + (int)Math.Log(k);
        var centers = new double[k * d];
        var large = IsLarge(n, trials, d);
        var norms = RowSquaredNorms(x, large);
        var first = w is null ? rng.NextInt(n) : WeightedChoice(w, rng.NextDouble() * Sum(w));
        x.Row(first).CopyTo(centers.AsSpan(0, d));
        chosen[0] = first;
        var closest = new double[n];
        var chunks = new RowChunks(n, trials);
        chunks.For(large, c =>
        {
            var center = centers.AsSpan(0, d);
            for (var i = chunks.Start(c); i < chunks.End(c); i++) closest[i] = SquaredDistance(x.Row(i), center);
        });
        var pot = WeightedSum(closest, w, chunks);
        var table = new CenterTable(trials, d);
        var kp = table.KPad;
        // Squared distances of every row to every candidate, row-major (n × padded trials).
        var candidateDist = new double[(long)n * kp <= Array.MaxLength ? n * kp : throw new AugurException("too many rows for k-means++ seeding")];
        var cum = new double[n];
        var partialPot = new double[chunks.Count * kp];
        var candidates = new int[trials];
        var candidateRows = new double[trials * d];
        var width = Vector<double>.Count;
        for (var c = 1; c < k; c++)
        {
            // Cumulative weighted potential, then one draw per trial.
            var run = 0.0;
            for (var i = 0; i < n; i++)
            {
                run += (w?[i] ?? 1.0) * closest[i];
                cum[i] = run;
            }
            for (var t = 0; t < trials; t++)
            {
                var r = rng.NextDouble() * pot;
                candidates[t] = Math.Min(SearchSortedLeft(cum, r), n - 1);
                x.Row(candidates[t]).CopyTo(candidateRows.AsSpan(t * d, d));
            }
            // Squared distances to all candidates at once (‖x‖² + ‖c‖² − 2 x·c, as scikit-learn computes them), kept
            // as the minimum with the current closest distance; SIMD across candidates.
            table.Load(candidateRows);
            chunks.For(large, ch =>
            {
                var start = chunks.Start(ch);
                var end = chunks.End(ch);
                var dots = new double[kp];
                var p = partialPot.AsSpan(ch * kp, kp);
                p.Clear();
                var cn = table.Norms;
                for (var i = start; i < end; i++)
                {
                    table.Dots(x.Row(i), dots);
                    var wi = new Vector<double>(w?[i] ?? 1.0);
                    var xn = new Vector<double>(norms[i]);
                    var cl = new Vector<double>(closest[i]);
                    var dst = candidateDist.AsSpan(i * kp, kp);
                    for (var tb = 0; tb < kp; tb += width)
                    {
                        var dist = Vector.Max(Vector<double>.Zero, xn + new Vector<double>(cn.AsSpan(tb)) - new Vector<double>(2.0) * new Vector<double>(dots.AsSpan(tb)));
                        var v = Vector.Min(cl, dist);
                        v.CopyTo(dst[tb..]);
                        (new Vector<double>(p[tb..]) + wi * v).CopyTo(p[tb..]);
                    }
                }
            });
            var best = 0;
            var bestPot = double.PositiveInfinity;
            for (var t = 0; t < trials; t++)
            {
                var p = 0.0;
                for (var ch = 0; ch < chunks.Count; ch++) p += partialPot[ch * kp + t];
                if (p < bestPot)
                {
                    bestPot = p;
                    best = t;
                }
            }
            pot = bestPot;
            for (var i = 0; i < n; i++) closest[i] = candidateDist[i * kp + best];
            x.Row(candidates[best]).CopyTo(centers.AsSpan(c * d, d));
            chosen[c] = candidates[best];
        }
        indices = chosen;
        return centers;
    }

    /// <summary>The squared norm of every row.</summary>
    public static double[] RowSquaredNorms(Matrix x, bool parallel)
    {
        var result = new double[x.Rows];
        var chunks = new RowChunks(x.Rows, 1);
        chunks.For(parallel, c =>
        {
            for (var i = chunks.Start(c); i < chunks.End(c); i++)
            {
                var row = x.Row(i);
                result[i] = DeterministicOps.Dot(row, row);
            }
        });
        return result;
    }

    /// <summary>k distinct rows drawn at random (by weight when weights are given).</summary>
    public static double[] RandomInit(Matrix x, double[]? w, int k, Rng rng)
    {
        var n = x.Rows;
        var d = x.Cols;
        int[] rows;
        if (w is null) rows = rng.SampleWithoutReplacement(n, k);
        else
        {
            var remaining = (double[])w.Clone();
            rows = new int[k];
            var positive = w.Count(v => v > 0);
            for (var c = 0; c < k; c++)
            {
                if (c < positive)
                {
                    var total = Sum(remaining);
                    var pick = WeightedChoice(remaining, rng.NextDouble() * total);
                    rows[c] = pick;
                    remaining[pick] = 0;
                }
                else
                {
                    // Fewer positive weights than clusters: fill with zero-weight rows not chosen yet.
                    var used = new HashSet<int>(rows.Take(c));
                    rows[c] = Enumerable.Range(0, n).First(i => !used.Contains(i));
                }
            }
        }
        var centers = new double[k * d];
        for (var c = 0; c < k; c++) x.Row(rows[c]).CopyTo(centers.AsSpan(c * d, d));
        return centers;
    }

    private static double Sum(double[] v) => DeterministicOps.Sum(v);

    private static double WeightedSum(double[] values, double[]? w, RowChunks chunks)
    {
        var partial = new double[chunks.Count];
        for (var c = 0; c < chunks.Count; c++)
        {
            var s = 0.0;
            for (var i = chunks.Start(c); i < chunks.End(c); i++) s += (w?[i] ?? 1.0) * values[i];
            partial[c] = s;
        }
        var total = 0.0;
        foreach (var p in partial) total += p;
        return total;
    }

    /// <summary>The first index whose running weight reaches <paramref name="target"/> (skipping zero weights).</summary>
    private static int WeightedChoice(double[] w, double target)
    {
        var run = 0.0;
        var last = -1;
        for (var i = 0; i < w.Length; i++)
        {
            if (w[i] <= 0) continue;
            run += w[i];
            last = i;
            if (run > target) return i;
        }
        return last < 0 ? 0 : last;
    }

    /// <summary>NumPy's <c>searchsorted(side="left")</c>: the first index i with a[i] ≥ value.</summary>
    public static int SearchSortedLeft(double[] a, double value)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (a[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    // ---------------------------------------------------------------- assignment

    /// <summary>Assigns every row to its nearest centre; returns the weighted inertia computed from exact distances.</summary>
    public static double Assign(Matrix x, double[]? w, ReadOnlySpan<double> centers, int k, int[] labels, double[]? minDistSq = null)
    {
        var n = x.Rows;
        var d = x.Cols;
        var table = new CenterTable(centers, k, d);
        var c = centers.ToArray();
        var chunks = new RowChunks(n, 1);
        var partial = new double[chunks.Count];
        chunks.For(IsLarge(n, k, d), ch =>
        {
            var scratch = new double[table.KPad];
            var s = 0.0;
            for (var i = chunks.Start(ch); i < chunks.End(ch); i++)
            {
                var row = x.Row(i);
                var label = table.Nearest(row, scratch, out _);
                labels[i] = label;
                var dist = SquaredDistance(row, c.AsSpan(label * d, d));
                if (minDistSq is not null) minDistSq[i] = dist;
                s += (w?[i] ?? 1.0) * dist;
            }
            partial[ch] = s;
        });
        var total = 0.0;
        foreach (var p in partial) total += p;
        return total;
    }

    /// <summary>The weighted sum of squared distances of rows to their assigned centres.</summary>
    public static double Inertia(Matrix x, double[]? w, ReadOnlySpan<double> centers, int[] labels)
    {
        var n = x.Rows;
        var d = x.Cols;
        var c = centers.ToArray();
        var chunks = new RowChunks(n, 1);
        var partial = new double[chunks.Count];
        chunks.For(IsLarge(n, 1, d), ch =>
        {
            var s = 0.0;
            for (var i = chunks.Start(ch); i < chunks.End(ch); i++)
                s += (w?[i] ?? 1.0) * SquaredDistance(x.Row(i), c.AsSpan(labels[i] * d, d));
            partial[ch] = s;
        });
        var total = 0.0;
        foreach (var p in partial) total += p;
        return total;
    }

    /// <summary>
    /// The stopping rule of Lloyd's and Elkan's iterations: strict convergence when no label changed, otherwise a squared
    /// centre shift of at most <paramref name="tol"/>. When iterating goes on, the labels are remembered for the next check.
    /// </summary>
    private static bool Converged(int[] labels, int[] labelsOld, double[] shift, double tol, out bool strict)
    {
        strict = labels.AsSpan().SequenceEqual(labelsOld);
        if (strict) return true;
        var total = 0.0;
        foreach (var s in shift) total += s * s;
        if (total <= tol) return true;
        labels.CopyTo(labelsOld, 0);
        return false;
    }

    // ---------------------------------------------------------------- Lloyd

    /// <summary>
    /// Lloyd's algorithm as scikit-learn runs it: stop when the labels no longer change (strict convergence) or when
    /// the squared centre shift falls to <paramref name="tol"/>; after a non-strict stop, labels are recomputed for
    /// the final centres. <paramref name="trace"/> (tests) sees the centres and labels after every iteration.
    /// </summary>
    public static KMeansRun Lloyd(Matrix x, double[]? w, double[] centersInit, int k, int maxIter, double tol,
        Action<double[], int[]>? trace = null)
    {
        var n = x.Rows;
        var d = x.Cols;
        var centers = (double[])centersInit.Clone();
        var next = new double[k * d];
        var labels = new int[n];
        var labelsOld = new int[n];
        labelsOld.AsSpan().Fill(-1);
        var weightIn = new double[k];
        var shift = new double[k];
        var table = new CenterTable(k, d);
        var chunks = new RowChunks(n, (long)k * (d + 1));
        var sums = new double[chunks.Count * k * d];
        var wsums = new double[chunks.Count * k];
        var large = IsLarge(n, k, d);
        var strict = false;
        var iter = 0;
        for (; iter < maxIter; iter++)
        {
            table.Load(centers);
            Array.Clear(sums);
            Array.Clear(wsums);
            chunks.For(large, ch =>
            {
                var scratch = new double[table.KPad];
                var s = sums.AsSpan(ch * k * d, k * d);
                var ws = wsums.AsSpan(ch * k, k);
                for (var i = chunks.Start(ch); i < chunks.End(ch); i++)
                {
                    var row = x.Row(i);
                    var label = table.Nearest(row, scratch, out _);
                    labels[i] = label;
                    var wi = w?[i] ?? 1.0;
                    var dst = s.Slice(label * d, d);
                    if (wi == 1.0) DeterministicOps.AddTo(dst, row);
                    else DeterministicOps.AddScaledTo(dst, row, wi);
                    ws[label] += wi;
                }
            });
            Reduce(sums, wsums, chunks.Count, k, d, next, weightIn);
            RelocateEmpty(x, w, centers, next, weightIn, labels, k);
            Average(next, weightIn, k, d);
            Shift(centers, next, shift, k, d);
            (centers, next) = (next, centers);
            trace?.Invoke(centers, labels);
            if (Converged(labels, labelsOld, shift, tol, out strict)) break;
        }
        if (iter == maxIter) iter--;
        double inertia;
        if (!strict) inertia = Assign(x, w, centers, k, labels);
        else inertia = Inertia(x, w, centers, labels);
        return new KMeansRun(centers, labels, inertia, iter + 1);
    }

    private static void Reduce(double[] sums, double[] wsums, int chunkCount, int k, int d, double[] into, double[] weightIn)
    {
        Array.Clear(into);
        Array.Clear(weightIn);
        for (var ch = 0; ch < chunkCount; ch++)
        {
            TensorPrimitives.Add(into, sums.AsSpan(ch * k * d, k * d), into);
            TensorPrimitives.Add(weightIn, wsums.AsSpan(ch * k, k), weightIn);
        }
    }

    /// <summary>
    /// Gives every empty cluster (no weight) the row farthest from its current centre, taking that row's weighted
    /// coordinates out of its old cluster's sum (sums are not yet divided by the weights).
    /// </summary>
    private static void RelocateEmpty(Matrix x, double[]? w, double[] oldCenters, double[] sums, double[] weightIn, int[] labels, int k)
    {
        var empty = new List<int>();
        for (var c = 0; c < k; c++) if (weightIn[c] == 0) empty.Add(c);
        if (empty.Count == 0) return;
        var n = x.Rows;
        var d = x.Cols;
        var dist = new double[n];
        for (var i = 0; i < n; i++) dist[i] = SquaredDistance(x.Row(i), oldCenters.AsSpan(labels[i] * d, d));
        var order = Enumerable.Range(0, n).OrderByDescending(i => dist[i]).ThenBy(i => i).Take(empty.Count).ToArray();
        for (var e = 0; e < empty.Count && e < order.Length; e++)
        {
            var target = empty[e];
            var far = order[e];
            var wi = w?[far] ?? 1.0;
            var old = labels[far];
            var row = x.Row(far);
            for (var j = 0; j < d; j++)
            {
                sums[old * d + j] -= row[j] * wi;
                sums[target * d + j] = row[j] * wi;
            }
            weightIn[target] = wi;
            weightIn[old] -= wi;
        }
    }

    private static void Average(double[] sums, double[] weightIn, int k, int d)
    {
        for (var c = 0; c < k; c++)
            if (weightIn[c] > 0)
                TensorPrimitives.Multiply(sums.AsSpan(c * d, d), 1.0 / weightIn[c], sums.AsSpan(c * d, d));
    }

    private static void Shift(double[] oldCenters, double[] newCenters, double[] shift, int k, int d)
    {
        for (var c = 0; c < k; c++) shift[c] = Distance(oldCenters.AsSpan(c * d, d), newCenters.AsSpan(c * d, d));
    }

    // ---------------------------------------------------------------- Elkan

    /// <summary>
    /// Elkan's accelerated k-means (Elkan 2003, "Using the triangle inequality to accelerate k-means"): an upper bound on
    /// each row's distance to its centre and lower bounds to every other centre skip most distance computations;
    /// results equal Lloyd's. Same stopping rules as <see cref="Lloyd"/>.
    /// </summary>
    public static KMeansRun Elkan(Matrix x, double[]? w, double[] centersInit, int k, int maxIter, double tol)
    {
        var n = x.Rows;
        var d = x.Cols;
        var centers = (double[])centersInit.Clone();
        var next = new double[k * d];
        var labels = new int[n];
        var labelsOld = new int[n];
        labelsOld.AsSpan().Fill(-1);
        var upper = new double[n];
        if ((long)n * k > int.MaxValue)
            throw new AugurException($"Elkan's k-means keeps n_samples × n_clusters bounds, which is too many for {n} rows and {k} clusters; use algorithm lloyd");
        var lower = new double[n * k];
        var weightIn = new double[k];
        var shift = new double[k];
        var half = new double[k * k];
        var nextCenter = new double[k];
        var chunks = new RowChunks(n, (long)k * (d + 1));
        var sums = new double[chunks.Count * k * d];
        var wsums = new double[chunks.Count * k];
        var large = IsLarge(n, k, d);

        HalfDistances(centers, k, d, half, nextCenter);
        // Initial bounds: assign each row with the triangle inequality, as in Elkan's initialisation.
        chunks.For(large, ch =>
        {
            for (var i = chunks.Start(ch); i < chunks.End(ch); i++)
            {
                var row = x.Row(i);
                var lb = lower.AsSpan(i * k, k);
                var best = 0;
                var u = Distance(row, centers.AsSpan(0, d));
                lb[0] = u;
                for (var j = 1; j < k; j++)
                {
                    if (u > half[best * k + j])
                    {
                        var dist = Distance(row, centers.AsSpan(j * d, d));
                        lb[j] = dist;
                        if (dist < u)
                        {
                            best = j;
                            u = dist;
                        }
                    }
                }
                labels[i] = best;
                upper[i] = u;
            }
        });

        var strict = false;
        var iter = 0;
        for (; iter < maxIter; iter++)
        {
            Array.Clear(sums);
            Array.Clear(wsums);
            ElkanAssign(x, w, centers, k, half, nextCenter, labels, upper, lower, chunks, large, sums, wsums);
            Reduce(sums, wsums, chunks.Count, k, d, next, weightIn);
            RelocateEmpty(x, w, centers, next, weightIn, labels, k);
            Average(next, weightIn, k, d);
            Shift(centers, next, shift, k, d);
            // Move the bounds with the centres.
            chunks.For(large, ch =>
            {
                for (var i = chunks.Start(ch); i < chunks.End(ch); i++)
                {
                    upper[i] += shift[labels[i]];
                    var lb = lower.AsSpan(i * k, k);
                    for (var j = 0; j < k; j++)
                    {
                        var v = lb[j] - shift[j];
                        lb[j] = v < 0 ? 0 : v;
                    }
                }
            });
            (centers, next) = (next, centers);
            HalfDistances(centers, k, d, half, nextCenter);
            if (Converged(labels, labelsOld, shift, tol, out strict)) break;
        }
        if (iter == maxIter) iter--;
        if (!strict)
        {
            Array.Clear(sums);
            Array.Clear(wsums);
            ElkanAssign(x, w, centers, k, half, nextCenter, labels, upper, lower, chunks, large, sums, wsums);
        }
        var inertia = Inertia(x, w, centers, labels);
        return new KMeansRun(centers, labels, inertia, iter + 1);
    }

    private static void ElkanAssign(Matrix x, double[]? w, double[] centers, int k, double[] half, double[] nextCenter,
        int[] labels, double[] upper, double[] lower, RowChunks chunks, bool large, double[] sums, double[] wsums)
    {
        var d = x.Cols;
        chunks.For(large, ch =>
        {
            var s = sums.AsSpan(ch * k * d, k * d);
            var ws = wsums.AsSpan(ch * k, k);
            for (var i = chunks.Start(ch); i < chunks.End(ch); i++)
            {
                var row = x.Row(i);
                var label = labels[i];
                var u = upper[i];
                if (u > nextCenter[label])
                {
                    var lb = lower.AsSpan(i * k, k);
                    var tight = false;
                    for (var j = 0; j < k; j++)
                    {
                        if (j == label || !(u > lb[j]) || !(u > half[label * k + j])) continue;
                        if (!tight)
                        {
                            u = Distance(row, centers.AsSpan(label * d, d));
                            lb[label] = u;
                            tight = true;
                        }
                        if (u > lb[j] || u > half[label * k + j])
                        {
                            var dist = Distance(row, centers.AsSpan(j * d, d));
                            lb[j] = dist;
                            if (dist < u)
                            {
                                label = j;
                                u = dist;
                            }
                        }
                    }
                    labels[i] = label;
                    upper[i] = u;
                }
                var wi = w?[i] ?? 1.0;
                var dst = s.Slice(label * d, d);
                if (wi == 1.0) DeterministicOps.AddTo(dst, row);
                else DeterministicOps.AddScaledTo(dst, row, wi);
                ws[label] += wi;
            }
        });
    }

    /// <summary>Half the distance between every pair of centres, and each centre's half distance to its nearest other centre.</summary>
    private static void HalfDistances(double[] centers, int k, int d, double[] half, double[] nextCenter)
    {
        for (var a = 0; a < k; a++)
        {
            half[a * k + a] = 0;
            for (var b = a + 1; b < k; b++)
            {
                var h = Distance(centers.AsSpan(a * d, d), centers.AsSpan(b * d, d)) / 2;
                half[a * k + b] = h;
                half[b * k + a] = h;
            }
        }
        for (var a = 0; a < k; a++)
        {
            var m = double.PositiveInfinity;
            for (var b = 0; b < k; b++) if (b != a && half[a * k + b] < m) m = half[a * k + b];
            nextCenter[a] = k == 1 ? double.PositiveInfinity : m;
        }
    }

    /// <summary>
    /// The labels of one k-means++/Lloyd run with scikit-learn's defaults (tol 1e-4, 300 iterations, centred data), as
    /// used to initialise Gaussian mixtures.
    /// </summary>
    public static int[] FitLabels(Matrix x, int k, long seed)
    {
        var m = x.Clone();
        var tol = Tolerance(m, 1e-4);
        ClusteringInputs.Center(m, ColumnMeans(m, null));
        var init = KMeansPlusPlus(m, null, k, new Rng(seed));
        return Lloyd(m, null, init, k, 300, tol).Labels;
    }

    /// <summary>True when two labelings describe the same partition (up to renumbering).</summary>
    public static bool SameClustering(int[] a, int[] b, int k)
    {
        var map = new int[k];
        map.AsSpan().Fill(-1);
        for (var i = 0; i < a.Length; i++)
        {
            if (map[a[i]] == -1) map[a[i]] = b[i];
            else if (map[a[i]] != b[i]) return false;
        }
        return true;
    }
}
