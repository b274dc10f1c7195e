using System.Numerics;
using Augur.Data;
using Augur.Numerics;

namespace Augur.Metrics;

public static partial class ClusteringMetrics
{
    /// <summary>
    /// The silhouette coefficient of each row (Euclidean distance): (b − a) / max(a, b), where a is the mean distance
    /// to the other members of its cluster and b the mean distance to the members of the nearest other cluster;
    /// 0 for a cluster of one. Exact distances, computed in parallel over blocks of rows with memory that grows
    /// with the data only (no n × n distance matrix).
    /// </summary>
    /// <param name="x">The points, one row each.</param>
    /// <param name="labels">The cluster of each row: between 2 and rows − 1 distinct labels.</param>
    public static double[] SilhouetteSamples(Matrix x, LabelVector labels)
    {
        ArgumentNullException.ThrowIfNull(x);
        var set = EncodeForPoints(x, labels, out var codes);
        return Silhouette(x, codes, set.Count);
    }

    /// <inheritdoc cref="SilhouetteSamples(Matrix, LabelVector)"/>
    public static double[] SilhouetteSamples(Frame x, LabelVector labels)
    {
        ArgumentNullException.ThrowIfNull(x);
        return SilhouetteSamples(x.ToMatrix(consumer: "the silhouette"), labels);
    }

    /// <summary>
    /// The mean silhouette coefficient over all rows (or over a random sample of <paramref name="sampleSize"/> rows),
    /// in [−1, 1]; higher means denser, better separated clusters.
    /// </summary>
    /// <param name="x">The points, one row each.</param>
    /// <param name="labels">The cluster of each row: between 2 and rows − 1 distinct labels.</param>
    /// <param name="sampleSize">Score a random subset of this many rows (drawn with <paramref name="randomState"/>; the draw differs from NumPy's).</param>
    /// <param name="randomState">Seed of the subset draw.</param>
    public static double SilhouetteScore(Matrix x, LabelVector labels, int? sampleSize = null, int randomState = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        EncodeForPoints(x, labels, out var codes, checkCount: sampleSize is null);
        if (sampleSize is { } size)
        {
            if (size < 1 || size > x.Rows) throw new AugurException($"sampleSize must be between 1 and the number of rows ({x.Rows}), got {size}");
            var rows = new Rng(randomState).Permutation(x.Rows)[..size];
            x = x.TakeRows(rows);
            var sub = new int[size];
            for (var i = 0; i < size; i++) sub[i] = codes[rows[i]];
            var distinct = sub.Distinct().OrderBy(v => v).ToArray();
            var remap = new Dictionary<int, int>();
            for (var i = 0; i < distinct.Length; i++) remap[distinct[i]] = i;
            for (var i = 0; i < size; i++) sub[i] = remap[sub[i]];
            CheckLabelCount(distinct.Length, size);
            return ClassificationMetrics.Mean(Silhouette(x, sub, distinct.Length));
        }
        var k = codes.Length == 0 ? 0 : codes.Max() + 1;
        return ClassificationMetrics.Mean(Silhouette(x, codes, k));
    }

    /// <inheritdoc cref="SilhouetteScore(Matrix, LabelVector, int?, int)"/>
    public static double SilhouetteScore(Frame x, LabelVector labels, int? sampleSize = null, int randomState = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        return SilhouetteScore(x.ToMatrix(consumer: "the silhouette"), labels, sampleSize, randomState);
    }

    /// <summary>
    /// The Calinski-Harabasz index (variance ratio criterion): between-cluster dispersion over within-cluster
    /// dispersion, scaled by degrees of freedom. Higher is better; 1 when every cluster is a single point repeated.
    /// </summary>
    /// <param name="x">The points, one row each.</param>
    /// <param name="labels">The cluster of each row: between 2 and rows − 1 distinct labels.</param>
    public static double CalinskiHarabasz(Matrix x, LabelVector labels)
    {
        ArgumentNullException.ThrowIfNull(x);
        var set = EncodeForPoints(x, labels, out var codes);
        var k = set.Count;
        var n = x.Rows;
        var d = x.Cols;
        var (centroids, counts) = Centroids(x, codes, k);
        var mean = new double[d];
        for (var i = 0; i < n; i++)
        {
            var row = x.Row(i);
            for (var f = 0; f < d; f++) mean[f] += row[f];
        }
        for (var f = 0; f < d; f++) mean[f] /= n;
        double extra = 0, intra = 0;
        for (var c = 0; c < k; c++)
        {
            double s = 0;
            for (var f = 0; f < d; f++)
            {
                var diff = centroids[c * d + f] - mean[f];
                s += diff * diff;
            }
            extra += counts[c] * s;
        }
        for (var i = 0; i < n; i++)
        {
            var row = x.Row(i);
            var c = codes[i];
            for (var f = 0; f < d; f++)
            {
                var diff = row[f] - centroids[c * d + f];
                intra += diff * diff;
            }
        }
        return intra == 0 ? 1.0 : extra * (n - k) / (intra * (k - 1.0));
    }

    /// <inheritdoc cref="CalinskiHarabasz(Matrix, LabelVector)"/>
    public static double CalinskiHarabasz(Frame x, LabelVector labels)
    {
        ArgumentNullException.ThrowIfNull(x);
        return CalinskiHarabasz(x.ToMatrix(consumer: "the Calinski-Harabasz index"), labels);
    }

    /// <summary>
    /// The Davies-Bouldin index: the mean over clusters of the worst ratio of summed within-cluster scatter to
    /// centroid distance. Lower is better; 0 is the minimum.
    /// </summary>
    /// <param name="x">The points, one row each.</param>
    /// <param name="labels">The cluster of each row: between 2 and rows − 1 distinct labels.</param>
    public static double DaviesBouldin(Matrix x, LabelVector labels)
    {
        ArgumentNullException.ThrowIfNull(x);
        var set = EncodeForPoints(x, labels, out var codes);
        var k = set.Count;
        var n = x.Rows;
        var d = x.Cols;
        var (centroids, counts) = Centroids(x, codes, k);
        var scatter = new double[k];
        for (var i = 0; i < n; i++)
        {
            var row = x.Row(i);
            var c = codes[i];
            double s = 0;
            for (var f = 0; f < d; f++)
            {
                var diff = row[f] - centroids[c * d + f];
                s += diff * diff;
            }
            scatter[c] += Math.Sqrt(s);
        }
        for (var c = 0; c < k; c++) scatter[c] /= counts[c];
        var distances = new double[k * k];
        for (var p = 0; p < k; p++)
            for (var q = 0; q < k; q++)
            {
                double s = 0;
                for (var f = 0; f < d; f++)
                {
                    var diff = centroids[p * d + f] - centroids[q * d + f];
                    s += diff * diff;
                }
                distances[p * k + q] = Math.Sqrt(s);
            }
        if (scatter.All(v => Math.Abs(v) <= 1e-8) || distances.All(v => Math.Abs(v) <= 1e-8)) return 0.0;
        double total = 0;
        for (var p = 0; p < k; p++)
        {
            var worst = double.NegativeInfinity;
            for (var q = 0; q < k; q++)
            {
                var dist = distances[p * k + q];
                var ratio = dist == 0 ? 0 : (scatter[p] + scatter[q]) / dist;
                worst = Math.Max(worst, ratio);
            }
            total += worst;
        }
        return total / k;
    }

    /// <inheritdoc cref="DaviesBouldin(Matrix, LabelVector)"/>
    public static double DaviesBouldin(Frame x, LabelVector labels)
    {
        ArgumentNullException.ThrowIfNull(x);
        return DaviesBouldin(x.ToMatrix(consumer: "the Davies-Bouldin index"), labels);
    }

    // ---------------------------------------------------------------- helpers

    private static LabelSet EncodeForPoints(Matrix x, LabelVector labels, out int[] codes, bool checkCount = true)
    {
        if (labels.Length != x.Rows)
            throw new AugurException($"x has {x.Rows} rows but {labels.NameOr("labels")} has {labels.Length}; give one label per row");
        var set = LabelEncoding.Encode(labels, "labels", false, out codes);
        if (checkCount) CheckLabelCount(set.Count, x.Rows);
        ClassificationMetrics.CheckFinite(x.Data, "x");
        return set;
    }

    private static void CheckLabelCount(int labels, int rows)
    {
        if (!(labels > 1 && labels < rows))
            throw new AugurException($"the number of labels is {labels}; valid values are 2 to the number of rows − 1 ({rows - 1}) inclusive");
    }

    private static (double[] Centroids, int[] Counts) Centroids(Matrix x, int[] codes, int k)
    {
        var d = x.Cols;
        var centroids = new double[k * d];
        var counts = new int[k];
        for (var i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            var c = codes[i];
            counts[c]++;
            for (var f = 0; f < d; f++) centroids[c * d + f] += row[f];
        }
        for (var c = 0; c < k; c++)
            for (var f = 0; f < d; f++) centroids[c * d + f] /= counts[c];
        return (centroids, counts);
    }

    private const int SilhouetteBlock = 4;

    /// <summary>
    /// Silhouette values of all rows. Rows are reordered so that each cluster is a contiguous range of a
    /// feature-major copy of the points; then each block of four rows sums its exact distances to every cluster
    /// range with SIMD over the points of the range. Memory: one copy of the points plus a few sums per thread.
    /// </summary>
    internal static double[] Silhouette(Matrix x, int[] codes, int k)
    {
        var n = x.Rows;
        var d = x.Cols;
        var counts = new int[k];
        foreach (var c in codes) counts[c]++;
        var offsets = new int[k + 1];
        for (var c = 0; c < k; c++) offsets[c + 1] = offsets[c] + counts[c];
        var order = new int[n];
        var fill = (int[])offsets.Clone();
        for (var i = 0; i < n; i++) order[fill[codes[i]]++] = i;

        // Feature-major copy in cluster order: xt[f * n + p] is feature f of the p-th reordered row.
        var xt = new double[(long)d * n];
        for (var p = 0; p < n; p++)
        {
            var row = x.Row(order[p]);
            for (var f = 0; f < d; f++) xt[(long)f * n + p] = row[f];
        }

        var result = new double[n];
        var blocks = (n + SilhouetteBlock - 1) / SilhouetteBlock;
        Parallel.For(0, blocks,
            () => new double[SilhouetteBlock * k],
            (block, _, sums) =>
            {
                var first = block * SilhouetteBlock;
                var count = Math.Min(SilhouetteBlock, n - first);
                Array.Clear(sums);
                Span<int> rows = stackalloc int[SilhouetteBlock];
                for (var r = 0; r < SilhouetteBlock; r++) rows[r] = first + Math.Min(r, count - 1);
                for (var c = 0; c < k; c++)
                    SumDistances(xt, n, d, rows, offsets[c], offsets[c + 1], sums, c, k);
                for (var r = 0; r < count; r++)
                {
                    var p = first + r;
                    var own = codes[order[p]];
                    if (counts[own] <= 1)
                    {
                        result[order[p]] = 0;
                        continue;
                    }
                    var a = sums[r * k + own] / (counts[own] - 1);
                    var b = double.PositiveInfinity;
                    for (var c = 0; c < k; c++)
                        if (c != own) b = Math.Min(b, sums[r * k + c] / counts[c]);
                    var m = Math.Max(a, b);
                    result[order[p]] = m == 0 ? 0 : (b - a) / m;
                }
                return sums;
            },
            _ => { });
        return result;
    }

    /// <summary>Adds to <c>sums[r·k + c]</c> the Euclidean distances from reordered row <c>rows[r]</c> to reordered rows [start, end).</summary>
    private static void SumDistances(double[] xt, int n, int d, ReadOnlySpan<int> rows, int start, int end, double[] sums, int c, int k)
    {
        var width = Vector<double>.Count;
        var s0 = Vector<double>.Zero;
        var s1 = Vector<double>.Zero;
        var s2 = Vector<double>.Zero;
        var s3 = Vector<double>.Zero;
        var p0 = rows[0];
        var p1 = rows[1];
        var p2 = rows[2];
        var p3 = rows[3];
        var j = start;
        var span = xt.AsSpan();
        for (; j + width <= end; j += width)
        {
            var a0 = Vector<double>.Zero;
            var a1 = Vector<double>.Zero;
            var a2 = Vector<double>.Zero;
            var a3 = Vector<double>.Zero;
            for (var f = 0; f < d; f++)
            {
                var baseIndex = (long)f * n;
                var v = new Vector<double>(span.Slice((int)(baseIndex + j), width));
                var t0 = v - new Vector<double>(xt[baseIndex + p0]);
                var t1 = v - new Vector<double>(xt[baseIndex + p1]);
                var t2 = v - new Vector<double>(xt[baseIndex + p2]);
                var t3 = v - new Vector<double>(xt[baseIndex + p3]);
                a0 += t0 * t0;
                a1 += t1 * t1;
                a2 += t2 * t2;
                a3 += t3 * t3;
            }
            s0 += Vector.SquareRoot(a0);
            s1 += Vector.SquareRoot(a1);
            s2 += Vector.SquareRoot(a2);
            s3 += Vector.SquareRoot(a3);
        }
        double r0 = Vector.Sum(s0), r1 = Vector.Sum(s1), r2 = Vector.Sum(s2), r3 = Vector.Sum(s3);
        for (; j < end; j++)
        {
            double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
            for (var f = 0; f < d; f++)
            {
                var baseIndex = (long)f * n;
                var v = xt[baseIndex + j];
                var t0 = v - xt[baseIndex + p0];
                var t1 = v - xt[baseIndex + p1];
                var t2 = v - xt[baseIndex + p2];
                var t3 = v - xt[baseIndex + p3];
                q0 += t0 * t0;
                q1 += t1 * t1;
                q2 += t2 * t2;
                q3 += t3 * t3;
            }
            r0 += Math.Sqrt(q0);
            r1 += Math.Sqrt(q1);
            r2 += Math.Sqrt(q2);
            r3 += Math.Sqrt(q3);
        }
        sums[c] += r0;
        sums[k + c] += r1;
        sums[2 * k + c] += r2;
        sums[3 * k + c] += r3;
    }
}
