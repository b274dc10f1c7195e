using Augur.Numerics;

namespace Augur.Metrics;

/// <summary>
/// Clustering metrics with scikit-learn 1.2.1's definitions: agreement between two labellings (adjusted Rand index,
/// Rand index, mutual information and its normalised and adjusted forms, homogeneity / completeness / V-measure,
/// Fowlkes-Mallows, the contingency table) and internal quality of a clustering of points (silhouette,
/// Calinski-Harabasz, Davies-Bouldin).
/// </summary>
/// <remarks>
/// Labellings are partitions: each side is matched only with itself, so <c>labelsTrue</c> may be texts while
/// <c>labelsPred</c> holds cluster indices. Any label type <see cref="LabelVector"/> accepts is allowed.
/// </remarks>
public static partial class ClusteringMetrics
{
    private const string TrueName = "labelsTrue";
    private const string PredName = "labelsPred";

    /// <summary>The contingency table: how many rows carry each pair (class, cluster).</summary>
    /// <param name="labelsTrue">The reference labels (rows of the table).</param>
    /// <param name="labelsPred">The cluster labels (columns of the table).</param>
    public static ContingencyTable ContingencyMatrix(LabelVector labelsTrue, LabelVector labelsPred)
    {
        var c = Build(labelsTrue, labelsPred, out var classes, out var clusters);
        var m = new Matrix(c.Rows, c.Cols);
        for (var e = 0; e < c.Count.Length; e++) m[c.Row[e], c.Col[e]] = c.Count[e];
        return new ContingencyTable(classes.Names, clusters.Names, m);
    }

    /// <summary>
    /// The pair confusion matrix: over ordered pairs of distinct rows, <c>[0,0]</c> counts pairs apart in both
    /// labellings, <c>[0,1]</c> apart in the truth but together in the clustering, <c>[1,0]</c> the reverse and
    /// <c>[1,1]</c> together in both.
    /// </summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The cluster labels.</param>
    public static long[,] PairConfusionMatrix(LabelVector labelsTrue, LabelVector labelsPred)
    {
        var c = Build(labelsTrue, labelsPred, out _, out _);
        var (tn, fp, fn, tp) = PairCounts(c);
        return new long[,] { { (long)tn, (long)fp }, { (long)fn, (long)tp } };
    }

    private static (Int128 Tn, Int128 Fp, Int128 Fn, Int128 Tp) PairCounts(Contingency c)
    {
        Int128 n = c.N;
        Int128 sumSquares = 0, rowSquares = 0, colSquares = 0;
        foreach (var v in c.Count) sumSquares += (Int128)v * v;
        foreach (var v in c.RowSums) rowSquares += (Int128)v * v;
        foreach (var v in c.ColSums) colSquares += (Int128)v * v;
        var tp = sumSquares - n;
        var fp = colSquares - sumSquares;
        var fn = rowSquares - sumSquares;
        var tn = n * n - fp - fn - sumSquares;
        return (tn, fp, fn, tp);
    }

    /// <summary>The Rand index: the fraction of pairs of rows on which the two labellings agree (together or apart). 1 for identical partitions.</summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The cluster labels.</param>
    public static double RandIndex(LabelVector labelsTrue, LabelVector labelsPred)
    {
        var c = Build(labelsTrue, labelsPred, out _, out _);
        var (tn, fp, fn, tp) = PairCounts(c);
        var numerator = tn + tp;
        var denominator = tn + fp + fn + tp;
        if (numerator == denominator || denominator == 0) return 1.0;
        return (double)numerator / (double)denominator;
    }

    /// <summary>
    /// The adjusted Rand index: the Rand index corrected for chance (0 for random labellings in expectation, 1 for
    /// identical partitions, possibly negative). Symmetric in its arguments.
    /// </summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The cluster labels.</param>
    public static double AdjustedRandIndex(LabelVector labelsTrue, LabelVector labelsPred)
    {
        var c = Build(labelsTrue, labelsPred, out _, out _);
        var (tn, fp, fn, tp) = PairCounts(c);
        if (fn == 0 && fp == 0) return 1.0;
        var numerator = tp * tn - fn * fp;
        var denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
        return 2.0 * (double)numerator / (double)denominator;
    }

    /// <summary>The mutual information (in nats) between two labellings.</summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The cluster labels.</param>
    public static double MutualInformation(LabelVector labelsTrue, LabelVector labelsPred) =>
        MutualInformation(Build(labelsTrue, labelsPred, out _, out _));

    /// <summary>
    /// Normalised mutual information: MI divided by an average of the two entropies (arithmetic by default); in [0, 1],
    /// 1 for identical partitions, symmetric.
    /// </summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The cluster labels.</param>
    /// <param name="averageMethod">How the two entropies are averaged.</param>
    public static double NormalizedMutualInformation(LabelVector labelsTrue, LabelVector labelsPred, EntropyAverage averageMethod = EntropyAverage.Arithmetic)
    {
        var c = Build(labelsTrue, labelsPred, out _, out _);
        if ((c.Rows == 1 && c.Cols == 1) || (c.Rows == 0 && c.Cols == 0)) return 1.0;
        var mi = MutualInformation(c);
        if (mi == 0) return 0.0;
        var normalizer = GeneralizedAverage(Entropy(c.RowSums), Entropy(c.ColSums), averageMethod);
        return mi / normalizer;
    }

    /// <summary>
    /// Adjusted mutual information: MI corrected for chance with the exact expected mutual information under the
    /// permutation model (Vinh, Epps and Bailey, 2010). 1 for identical partitions, about 0 for independent ones.
    /// </summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The cluster labels.</param>
    /// <param name="averageMethod">How the two entropies are averaged in the normaliser.</param>
    public static double AdjustedMutualInformation(LabelVector labelsTrue, LabelVector labelsPred, EntropyAverage averageMethod = EntropyAverage.Arithmetic)
    {
        var c = Build(labelsTrue, labelsPred, out _, out _);
        if ((c.Rows == 1 && c.Cols == 1) || (c.Rows == 0 && c.Cols == 0)) return 1.0;
        // Identical partitions (a one-to-one contingency table) agree perfectly; scikit-learn gets 1 up to rounding.
        if (c.Rows == c.Cols && c.Count.Length == c.Rows) return 1.0;
        var mi = MutualInformation(c);
        var emi = ExpectedMutualInformation(c);
        // When the mutual information equals its expectation (for example when one labelling puts every row in its
        // own cluster, so every permutation gives the same MI), the adjusted score is 0; only rounding noise would
        // separate the two.
        if (Math.Abs(mi - emi) <= 1e-12 * Math.Max(Math.Abs(mi), Math.Abs(emi))) return 0.0;
        var normalizer = GeneralizedAverage(Entropy(c.RowSums), Entropy(c.ColSums), averageMethod);
        var denominator = normalizer - emi;
        const double eps = 2.220446049250313e-16;
        denominator = denominator < 0 ? Math.Min(denominator, -eps) : Math.Max(denominator, eps);
        return (mi - emi) / denominator;
    }

    /// <summary>Homogeneity, completeness and V-measure in one pass.</summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The cluster labels.</param>
    /// <param name="beta">The weight of completeness relative to homogeneity in the V-measure.</param>
    public static HomogeneityCompleteness HomogeneityCompletenessVMeasure(LabelVector labelsTrue, LabelVector labelsPred, double beta = 1.0)
    {
        var c = Build(labelsTrue, labelsPred, out _, out _);
        if (c.N == 0) return new HomogeneityCompleteness(1, 1, 1);
        var entropyC = Entropy(c.RowSums);
        var entropyK = Entropy(c.ColSums);
        var mi = MutualInformation(c);
        var h = entropyC != 0 ? mi / entropyC : 1.0;
        var k = entropyK != 0 ? mi / entropyK : 1.0;
        var v = h + k == 0 ? 0.0 : (1 + beta) * h * k / (beta * h + k);
        return new HomogeneityCompleteness(h, k, v);
    }

    /// <summary>Homogeneity: 1 when each cluster contains members of a single class.</summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The cluster labels.</param>
    public static double Homogeneity(LabelVector labelsTrue, LabelVector labelsPred) =>
        HomogeneityCompletenessVMeasure(labelsTrue, labelsPred).Homogeneity;

    /// <summary>Completeness: 1 when all members of a class are in the same cluster.</summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The cluster labels.</param>
    public static double Completeness(LabelVector labelsTrue, LabelVector labelsPred) =>
        HomogeneityCompletenessVMeasure(labelsTrue, labelsPred).Completeness;

    /// <summary>The V-measure, the weighted harmonic mean of homogeneity and completeness (equal to NMI with the arithmetic mean when beta is 1).</summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The cluster labels.</param>
    /// <param name="beta">The weight of completeness relative to homogeneity.</param>
    public static double VMeasure(LabelVector labelsTrue, LabelVector labelsPred, double beta = 1.0) =>
        HomogeneityCompletenessVMeasure(labelsTrue, labelsPred, beta).VMeasure;

    /// <summary>The Fowlkes-Mallows index: the geometric mean of pairwise precision and recall. 0 when no pair is together in both labellings.</summary>
    /// <param name="labelsTrue">The reference labels.</param>
    /// <param name="labelsPred">The cluster labels.</param>
    public static double FowlkesMallows(LabelVector labelsTrue, LabelVector labelsPred)
    {
        var c = Build(labelsTrue, labelsPred, out _, out _);
        long n = c.N;
        long tk = -n, pk = -n, qk = -n;
        foreach (var v in c.Count) tk += v * v;
        foreach (var v in c.ColSums) pk += v * v;
        foreach (var v in c.RowSums) qk += v * v;
        if (tk == 0) return 0.0;
        return Math.Sqrt((double)tk / pk) * Math.Sqrt((double)tk / qk);
    }

    // ---------------------------------------------------------------- contingency machinery

    /// <summary>The non-zero cells of a contingency table with its margins.</summary>
    internal sealed class Contingency
    {
        public required int N { get; init; }
        public required int Rows { get; init; }
        public required int Cols { get; init; }
        public required long[] RowSums { get; init; }
        public required long[] ColSums { get; init; }
        public required int[] Row { get; init; }
        public required int[] Col { get; init; }
        public required long[] Count { get; init; }
    }

    private static Contingency Build(LabelVector labelsTrue, LabelVector labelsPred, out LabelSet classes, out LabelSet clusters)
    {
        if (labelsTrue.Length != labelsPred.Length)
            throw new AugurException($"{labelsTrue.NameOr(TrueName)} has {labelsTrue.Length} rows but {labelsPred.NameOr(PredName)} has {labelsPred.Length}; they must match");
        classes = LabelEncoding.Encode(labelsTrue, TrueName, false, out var a);
        clusters = LabelEncoding.Encode(labelsPred, PredName, false, out var b);
        return Build(a, classes.Count, b, clusters.Count);
    }

    /// <summary>Builds the sparse contingency table of two encoded labellings (dense counting when the table is small, sorting otherwise).</summary>
    internal static Contingency Build(int[] a, int rows, int[] b, int cols)
    {
        var n = a.Length;
        var rowSums = new long[rows];
        var colSums = new long[cols];
        foreach (var v in a) rowSums[v]++;
        foreach (var v in b) colSums[v]++;
        var cellRows = new List<int>();
        var cellCols = new List<int>();
        var cellCounts = new List<long>();
        if ((long)rows * cols <= 1 << 22)
        {
            var dense = new int[rows * cols];
            for (var i = 0; i < n; i++) dense[a[i] * cols + b[i]]++;
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < cols; c++)
                {
                    var v = dense[r * cols + c];
                    if (v == 0) continue;
                    cellRows.Add(r);
                    cellCols.Add(c);
                    cellCounts.Add(v);
                }
        }
        else
        {
            var keys = new long[n];
            for (var i = 0; i < n; i++) keys[i] = (long)a[i] * cols + b[i];
            Array.Sort(keys);
            for (var i = 0; i < n;)
            {
                var j = i;
                while (j < n && keys[j] == keys[i]) j++;
                cellRows.Add((int)(keys[i] / cols));
                cellCols.Add((int)(keys[i] % cols));
                cellCounts.Add(j - i);
                i = j;
            }
        }
        return new Contingency
        {
            N = n, Rows = rows, Cols = cols, RowSums = rowSums, ColSums = colSums,
            Row = cellRows.ToArray(), Col = cellCols.ToArray(), Count = cellCounts.ToArray(),
        };
    }

    internal static double MutualInformation(Contingency c)
    {
        if (c.Rows == 1 || c.Cols == 1) return 0.0;
        double total = c.N;
        var logTotal = Math.Log(total);
        var logRows = Math.Log(total);
        var logCols = Math.Log(total);
        const double eps = 2.220446049250313e-16;
        double mi = 0;
        for (var e = 0; e < c.Count.Length; e++)
        {
            var nij = c.Count[e];
            var logNij = Math.Log(nij);
            var pij = nij / total;
            var outer = c.RowSums[c.Row[e]] * c.ColSums[c.Col[e]];
            var logOuter = -Math.Log(outer) + logRows + logCols;
            var term = pij * (logNij - logTotal) + pij * logOuter;
            if (Math.Abs(term) < eps) term = 0;
            mi += term;
        }
        return Math.Max(mi, 0.0);
    }

    /// <summary>The entropy (nats) of a labelling given its class counts; 1 for an empty labelling, as scikit-learn defines it.</summary>
    internal static double Entropy(long[] counts)
    {
        long total = 0;
        var nonZero = 0;
        foreach (var v in counts)
        {
            total += v;
            if (v > 0) nonZero++;
        }
        if (total == 0) return 1.0;
        if (nonZero == 1) return 0.0;
        double sum = total;
        var logSum = Math.Log(sum);
        double h = 0;
        foreach (var v in counts)
        {
            if (v == 0) continue;
            h += v / sum * (Math.Log(v) - logSum);
        }
        return -h;
    }

    private static double GeneralizedAverage(double u, double v, EntropyAverage method) => method switch
    {
        EntropyAverage.Min => Math.Min(u, v),
        EntropyAverage.Geometric => Math.Sqrt(u * v),
        EntropyAverage.Max => Math.Max(u, v),
        _ => (u + v) / 2,
    };

    /// <summary>
    /// The expected mutual information of two labellings with the given margins under random permutation
    /// (hypergeometric cell counts), summed exactly over every feasible cell count; log-factorials come from a
    /// compensated running sum of logarithms so that large tables keep full precision.
    /// </summary>
    internal static double ExpectedMutualInformation(Contingency c)
    {
        var n = c.N;
        var a = c.RowSums;
        var b = c.ColSums;
        var logFact = LogFactorials(n);
        var maxNij = (int)Math.Max(a.Max(), b.Max());
        var logN = Math.Log(n);
        var term1 = new double[maxNij + 1];
        var logNnij = new double[maxNij + 1];
        for (var k = 1; k <= maxNij; k++)
        {
            term1[k] = (double)k / n;
            logNnij[k] = logN + Math.Log(k);
        }
        var logA = a.Select(v => Math.Log(v)).ToArray();
        var logB = b.Select(v => Math.Log(v)).ToArray();
        var partial = new double[a.Length];
        Parallel.For(0, a.Length, i =>
        {
            var ai = (int)a[i];
            double sum = 0;
            for (var j = 0; j < b.Length; j++)
            {
                var bj = (int)b[j];
                var start = Math.Max(1, ai - n + bj);
                var end = Math.Min(ai, bj);
                var fixedPart = logFact[ai] + logFact[bj] + logFact[n - ai] + logFact[n - bj];
                for (var nij = start; nij <= end; nij++)
                {
                    var term2 = logNnij[nij] - logA[i] - logB[j];
                    var gln = fixedPart - (logFact[nij] + logFact[n]) - logFact[ai - nij] - logFact[bj - nij] - logFact[n - ai - bj + nij];
                    sum += term1[nij] * term2 * Math.Exp(gln);
                }
            }
            partial[i] = sum;
        });
        double emi = 0;
        foreach (var v in partial) emi += v;
        return emi;
    }

    /// <summary>log(k!) for k = 0 … n, accumulated in double-double precision.</summary>
    internal static double[] LogFactorials(int n)
    {
        var result = new double[n + 1];
        double hi = 0, lo = 0;
        for (var k = 2; k <= n; k++)
        {
            var x = Math.Log(k);
            // TwoSum of (hi, x), then fold in the low parts.
            var s = hi + x;
            var bp = s - hi;
            var err = (hi - (s - bp)) + (x - bp);
            lo += err;
            hi = s + lo;
            lo -= hi - s;
            result[k] = hi + lo;
        }
        return result;
    }
}
