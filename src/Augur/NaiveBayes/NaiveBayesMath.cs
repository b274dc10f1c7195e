using Augur.Data;
using Augur.Numerics;

namespace Augur.NaiveBayes;

/// <summary>Shared numerics of the naive Bayes models: NumPy-order sums, log-sum-exp, and input reading.</summary>
internal static class NaiveBayesMath
{
    /// <summary>
    /// Sums like NumPy's <c>add.reduce</c> over a contiguous run: the first value, plus the pairwise sum of the rest
    /// (eight partial sums for runs of 8 to 128, recursive halving beyond). Keeps results bit-identical to the reference.
    /// </summary>
    public static double NumpySum(ReadOnlySpan<double> a)
    {
        if (a.Length == 0) return 0.0;
        return a[0] + Pairwise(a[1..]);
    }

    private static double Pairwise(ReadOnlySpan<double> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var res = 0.0;
            for (var i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= 128)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            var i = 8;
            for (; i < n - n % 8; i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            var res = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
            for (; i < n; i++) res += a[i];
            return res;
        }
        var n2 = n / 2;
        n2 -= n2 % 8;
        return Pairwise(a[..n2]) + Pairwise(a[n2..]);
    }

    /// <summary>
    /// Turns joint log-likelihoods (rows × classes, in place) into normalised log-probabilities:
    /// <c>jll − log Σ exp(jll)</c>, computed stably by shifting with the row maximum. Returns <paramref name="jll"/>.
    /// </summary>
    public static Matrix NormalizeLogRows(Matrix jll)
    {
        var k = jll.Cols;
        Span<double> tmp = k <= 256 ? stackalloc double[k] : new double[k];
        for (var i = 0; i < jll.Rows; i++)
        {
            var row = jll.Row(i);
            var max = double.NegativeInfinity;
            foreach (var v in row) if (v > max) max = v;
            if (!double.IsFinite(max)) max = 0;
            for (var c = 0; c < k; c++) tmp[c] = Math.Exp(row[c] - max);
            var lse = Math.Log(NumpySum(tmp[..k])) + max;
            for (var c = 0; c < k; c++) row[c] -= lse;
        }
        return jll;
    }

    /// <summary>The index of the first maximum of every row.</summary>
    public static int[] ArgMaxRows(Matrix m)
    {
        var result = new int[m.Rows];
        for (var i = 0; i < m.Rows; i++)
        {
            var row = m.Row(i);
            var best = 0;
            for (var c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
            result[i] = best;
        }
        return result;
    }

    /// <summary>The exponential of every entry, as a new matrix.</summary>
    public static Matrix Exp(Matrix logProba)
    {
        var p = new Matrix(logProba.Rows, logProba.Cols);
        for (var i = 0; i < p.Data.Length; i++) p.Data[i] = Math.Exp(logProba.Data[i]);
        return p;
    }

    /// <summary>Checks an alpha smoothing parameter the way scikit-learn does (values below 1e-10 are raised to 1e-10 unless forced).</summary>
    public static double CheckAlpha(double alpha, bool forceAlpha, string model)
    {
        if (!double.IsFinite(alpha) || alpha < 0)
            throw new AugurException($"{model} option 'alpha' must be a finite non-negative number, not {alpha}");
        const double min = 1e-10;
        return !forceAlpha && alpha < min ? min : alpha;
    }

    /// <summary>Reads and checks a user-supplied prior: one non-negative entry per class, summing to 1.</summary>
    public static double[] CheckPrior(double[] prior, int classes, string option, string model, bool requireSumOne)
    {
        if (prior.Length != classes)
            throw new AugurException($"{model} option '{option}' has {prior.Length} entries but the target has {classes} classes");
        foreach (var v in prior)
            if (!double.IsFinite(v) || v < 0) throw new AugurException($"{model} option '{option}' must hold finite non-negative numbers");
        if (requireSumOne && Math.Abs(prior.Sum() - 1.0) > 1e-8 + 1e-5)
            throw new AugurException($"{model} option '{option}' must sum to 1 (it sums to {prior.Sum():R})");
        return (double[])prior.Clone();
    }
}

/// <summary>Features read either densely or as a CSR sparse matrix (for count models fed by text vectorizers).</summary>
internal readonly struct NaiveBayesInput
{
    private NaiveBayesInput(Matrix? dense, CsrMatrix? sparse)
    {
        Dense = dense;
        Sparse = sparse;
    }

    public Matrix? Dense { get; }

    public CsrMatrix? Sparse { get; }

    public int Rows => Dense?.Rows ?? Sparse!.Rows;

    public int Cols => Dense?.Cols ?? Sparse!.Cols;

    /// <summary>Reads the already conformed frame: sparse when it holds sparse columns, dense otherwise.</summary>
    public static NaiveBayesInput Read(Frame conformed, string model) =>
        conformed.HasSparseColumns
            ? new NaiveBayesInput(null, conformed.ToCsr(model))
            : new NaiveBayesInput(conformed.ToMatrix(false, model), null);

    /// <summary>Throws when any stored value is negative (counts and frequencies only).</summary>
    public void RequireNonNegative(string model)
    {
        var values = Dense?.Data ?? Sparse!.Values;
        foreach (var v in values)
            if (v < 0) throw new AugurException($"{model} needs non-negative features (counts or frequencies), but the input holds negative values; scale it to be non-negative (for example with MinMaxScaler) or use GaussianNB");
    }

    /// <summary>
    /// jll[i, c] += Σ_j x[i, j] · w[c, j] for every row (X · Wᵀ), reading sparse rows without densifying.
    /// </summary>
    public void AddProductTransposed(Matrix w, Matrix jll)
    {
        var k = w.Rows;
        if (Dense is { } d)
        {
            var prod = DenseOps.MultiplyTransposed(d, w);
            System.Numerics.Tensors.TensorPrimitives.Add(jll.Data, prod.Data, jll.Data);
            return;
        }
        var s = Sparse!;
        void RowKernel(int i)
        {
            var idx = s.RowIndices(i);
            var val = s.RowValues(i);
            var outRow = jll.Row(i);
            for (var c = 0; c < k; c++)
            {
                var wr = w.Row(c);
                var acc = 0.0;
                for (var t = 0; t < idx.Length; t++) acc += val[t] * wr[idx[t]];
                outRow[c] += acc;
            }
        }
        if ((long)s.NonZeroCount * k < DenseOps.ParallelThreshold) for (var i = 0; i < s.Rows; i++) RowKernel(i);
        else Parallel.For(0, s.Rows, RowKernel);
    }

    /// <summary>The binarized copy: 1 where the value exceeds <paramref name="threshold"/>, 0 elsewhere.</summary>
    public NaiveBayesInput Binarize(double threshold)
    {
        if (Dense is { } d)
        {
            var m = new Matrix(d.Rows, d.Cols);
            for (var i = 0; i < m.Data.Length; i++) m.Data[i] = d.Data[i] > threshold ? 1.0 : 0.0;
            return new NaiveBayesInput(m, null);
        }
        var s = Sparse!;
        if (threshold < 0)
        {
            // Zeros exceed a negative threshold, so the result is dense.
            var dense = s.ToDense();
            return new NaiveBayesInput(dense, null).Binarize(threshold);
        }
        var ptr = new int[s.Rows + 1];
        var idx = new List<int>(s.NonZeroCount);
        for (var i = 0; i < s.Rows; i++)
        {
            var ri = s.RowIndices(i);
            var rv = s.RowValues(i);
            for (var t = 0; t < ri.Length; t++) if (rv[t] > threshold) idx.Add(ri[t]);
            ptr[i + 1] = idx.Count;
        }
        var values = new double[idx.Count];
        Array.Fill(values, 1.0);
        return new NaiveBayesInput(null, new CsrMatrix(s.Rows, s.Cols, ptr, idx.ToArray(), values));
    }

    /// <summary>Per-class weighted feature sums (classes × features) and per-class weight totals.</summary>
    public (Matrix FeatureCount, double[] ClassCount) CountByClass(int[] y, int classes, double[]? weights)
    {
        var fc = new Matrix(classes, Cols);
        var cc = new double[classes];
        for (var i = 0; i < Rows; i++)
        {
            var w = weights?[i] ?? 1.0;
            var c = y[i];
            cc[c] += w;
            var dst = fc.Row(c);
            if (Dense is { } d)
            {
                var row = d.Row(i);
                if (w == 1.0) System.Numerics.Tensors.TensorPrimitives.Add(dst, row, dst);
                else System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row, w, dst, dst);
            }
            else
            {
                var s = Sparse!;
                var ri = s.RowIndices(i);
                var rv = s.RowValues(i);
                for (var t = 0; t < ri.Length; t++) dst[ri[t]] += rv[t] * w;
            }
        }
        return (fc, cc);
    }
}
