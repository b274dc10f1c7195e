using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using Augur.Numerics;

namespace Augur.Linear;

/// <summary>
/// Cyclic or random coordinate descent for the elastic net (Friedman, Hastie and Tibshirani, 2010) in the scaling used by
/// scikit-learn: minimise ½‖y − Xw‖² + l1·‖w‖₁ + ½·l2·‖w‖², where l1 = n·α·ρ and l2 = n·α·(1 − ρ). A sweep that moves
/// no weight by more than tol·max|w| triggers the duality-gap test; the solver stops when the gap falls below
/// tol·‖y‖².
/// </summary>
internal static class CoordinateDescent
{
    /// <summary>Coordinate descent on the columns of X (each column an array of n values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int Iterations, double Gap) Solve(double[][] cols, double[] y, double[] w, double l1, double l2,
        int maxIter, double tol, bool positive, bool random, Rng? rng)
    {
        var p = cols.Length;
        var n = y.Length;
        var normCols = new double[p];
        for (var j = 0; j < p; j++) normCols[j] = TensorPrimitives.Dot(cols[j], cols[j]);
        var r = (double[])y.Clone();
        for (var j = 0; j < p; j++) if (w[j] != 0) TensorPrimitives.MultiplyAdd(cols[j], -w[j], r, r);
        var yy = TensorPrimitives.Dot(y, y);
        var gapTol = tol * yy;
        var gap = gapTol + 1;
        var iter = 0;
        for (; iter < maxIter; iter++)
        {
            var wMax = 0.0;
            var dwMax = 0.0;
            for (var f = 0; f < p; f++)
            {
                var j = random ? rng!.NextInt(p) : f;
                if (normCols[j] == 0) continue;
                var old = w[j];
                // xⱼ·(r + old·xⱼ) without touching r twice
                var tmp = TensorPrimitives.Dot(cols[j], r) + old * normCols[j];
                var nw = Threshold(tmp, l1, normCols[j] + l2, positive);
                if (nw != old)
                {
                    TensorPrimitives.MultiplyAdd(cols[j], old - nw, r, r);
                    w[j] = nw;
                }
                dwMax = Math.Max(dwMax, Math.Abs(nw - old));
                wMax = Math.Max(wMax, Math.Abs(nw));
            }
            if (wMax == 0 || dwMax / wMax < tol || iter == maxIter - 1)
            {
                gap = DualGap(cols, y, r, w, l1, l2, positive);
                if (gap < gapTol) { iter++; break; }
            }
        }
        return (Math.Min(iter, maxIter), gap);
    }

    /// <summary>Coordinate descent on a precomputed Gram matrix Q = XᵀX (row-major p × p), q = Xᵀy and ‖y‖².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int Iterations, double Gap) SolveGram(double[] gram, double[] xy, double yy, double[] w, int p, double l1, double l2,
        int maxIter, double tol, bool positive, bool random, Rng? rng)
    {
        var h = new double[p];
        for (var j = 0; j < p; j++) if (w[j] != 0) TensorPrimitives.MultiplyAdd(gram.AsSpan(j * p, p), w[j], h, h);
        var gapTol = tol * yy;
        var gap = gapTol + 1;
        var iter = 0;
        for (; iter < maxIter; iter++)
        {
            var wMax = 0.0;
            var dwMax = 0.0;
            for (var f = 0; f < p; f++)
            {
                var j = random ? rng!.NextInt(p) : f;
                var qjj = gram[j * p + j];
                if (qjj == 0) continue;
                var old = w[j];
                var tmp = xy[j] - h[j] + old * qjj;
                var nw = Threshold(tmp, l1, qjj + l2, positive);
                if (nw != old)
                {
                    // Q is symmetric: its row j is its column j.
                    TensorPrimitives.MultiplyAdd(gram.AsSpan(j * p, p), nw - old, h, h);
                    w[j] = nw;
                }
                dwMax = Math.Max(dwMax, Math.Abs(nw - old));
                wMax = Math.Max(wMax, Math.Abs(nw));
            }
            if (wMax == 0 || dwMax / wMax < tol || iter == maxIter - 1)
            {
                gap = DualGapGram(xy, yy, h, w, l1, l2, positive);
                if (gap < gapTol) { iter++; break; }
            }
        }
        return (Math.Min(iter, maxIter), gap);
    }

    /// <summary>
    /// Coordinate descent on sparse columns, centred and weighted implicitly: the design is diag(s)·(X − 1μᵀ) and the
    /// residual is kept as R = R′ + c·s, so a coordinate update touches only the column's stored entries (the centring
    /// shift goes into the scalar c). Same updates and stopping rule as <see cref="Solve"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int Iterations, double Gap) SolveSparse(SparseColumns x, double[]? s, double[] mean, double[] yt, double[] w, double l1, double l2,
        int maxIter, double tol, bool positive, bool random, Rng? rng)
    {
        var p = x.Cols;
        var n = x.Rows;
        var a = new double[p];
        var norm = new double[p];
        var s2 = s is null ? n : TensorPrimitives.Dot(s, s);
        for (var j = 0; j < p; j++)
        {
            var rows = x.ColumnRows(j);
            var vals = x.ColumnValues(j);
            double aj = 0, bj = 0;
            for (var k = 0; k < rows.Length; k++)
            {
                var si = s is null ? 1.0 : s[rows[k]];
                aj += si * si * vals[k];
                bj += si * si * vals[k] * vals[k];
            }
            a[j] = aj;
            norm[j] = Math.Max(0, bj - 2 * mean[j] * aj + mean[j] * mean[j] * s2);
        }
        var r = (double[])yt.Clone();
        var c = 0.0;
        var sr = s is null ? TensorPrimitives.Sum<double>(r) : TensorPrimitives.Dot(s, r);
        var sy = sr;
        double ColumnDot(int j, double[] res, double shift, double sumR)
        {
            var rows = x.ColumnRows(j);
            var vals = x.ColumnValues(j);
            var acc = 0.0;
            for (var k = 0; k < rows.Length; k++) acc += (s is null ? 1.0 : s[rows[k]]) * vals[k] * res[rows[k]];
            return acc + shift * a[j] - mean[j] * (sumR + shift * s2);
        }
        void Update(int j, double delta)
        {
            var rows = x.ColumnRows(j);
            var vals = x.ColumnValues(j);
            for (var k = 0; k < rows.Length; k++) r[rows[k]] -= delta * (s is null ? 1.0 : s[rows[k]]) * vals[k];
            sr -= delta * a[j];
            c += delta * mean[j];
        }
        for (var j = 0; j < p; j++) if (w[j] != 0) Update(j, w[j]);
        var yy = TensorPrimitives.Dot(yt, yt);
        var gapTol = tol * yy;
        var gap = gapTol + 1;
        var iter = 0;
        for (; iter < maxIter; iter++)
        {
            var wMax = 0.0;
            var dwMax = 0.0;
            for (var f = 0; f < p; f++)
            {
                var j = random ? rng!.NextInt(p) : f;
                if (norm[j] == 0) continue;
                var old = w[j];
                var tmp = ColumnDot(j, r, c, sr) + old * norm[j];
                var nw = Threshold(tmp, l1, norm[j] + l2, positive);
                if (nw != old)
                {
                    Update(j, nw - old);
                    w[j] = nw;
                }
                dwMax = Math.Max(dwMax, Math.Abs(nw - old));
                wMax = Math.Max(wMax, Math.Abs(nw));
            }
            if (wMax == 0 || dwMax / wMax < tol || iter == maxIter - 1)
            {
                var dualNorm = 0.0;
                for (var j = 0; j < p; j++)
                {
                    var xta = ColumnDot(j, r, c, sr) - l2 * w[j];
                    dualNorm = Math.Max(dualNorm, positive ? xta : Math.Abs(xta));
                }
                var rr = TensorPrimitives.Dot(r, r) + 2 * c * sr + c * c * s2;
                var ry = TensorPrimitives.Dot(r, yt) + c * sy;
                gap = Gap(dualNorm, rr, ry, w, l1, l2);
                if (gap < gapTol) { iter++; break; }
            }
        }
        return (Math.Min(iter, maxIter), gap);
    }

    private static double Threshold(double tmp, double l1, double denom, bool positive)
    {
        if (positive && tmp < 0) return 0;
        var a = Math.Abs(tmp) - l1;
        return a <= 0 ? 0 : Math.Sign(tmp) * a / denom;
    }

    private static double DualGap(double[][] cols, double[] y, double[] r, double[] w, double l1, double l2, bool positive)
    {
        var p = cols.Length;
        var dualNorm = 0.0;
        for (var j = 0; j < p; j++)
        {
            var xta = TensorPrimitives.Dot(cols[j], r) - l2 * w[j];
            dualNorm = Math.Max(dualNorm, positive ? xta : Math.Abs(xta));
        }
        var rNorm2 = TensorPrimitives.Dot(r, r);
        var ry = TensorPrimitives.Dot(r, y);
        return Gap(dualNorm, rNorm2, ry, w, l1, l2);
    }

    private static double DualGapGram(double[] xy, double yy, double[] h, double[] w, double l1, double l2, bool positive)
    {
        var p = w.Length;
        var dualNorm = 0.0;
        for (var j = 0; j < p; j++)
        {
            var xta = xy[j] - h[j] - l2 * w[j];
            dualNorm = Math.Max(dualNorm, positive ? xta : Math.Abs(xta));
        }
        var wq = TensorPrimitives.Dot(w, xy);
        var wh = TensorPrimitives.Dot(w, h);
        var rNorm2 = Math.Max(0, yy + wh - 2 * wq);
        var ry = yy - wq;
        return Gap(dualNorm, rNorm2, ry, w, l1, l2);
    }

    private static double Gap(double dualNorm, double rNorm2, double ry, double[] w, double l1, double l2)
    {
        double constant, gap;
        if (dualNorm > l1)
        {
            constant = l1 / dualNorm;
            gap = 0.5 * (rNorm2 + rNorm2 * constant * constant);
        }
        else
        {
            constant = 1;
            gap = rNorm2;
        }
        var wNorm2 = TensorPrimitives.Dot(w, w);
        var l1Norm = TensorPrimitives.SumOfMagnitudes<double>(w);
        return gap + l1 * l1Norm - constant * ry + 0.5 * l2 * (1 + constant * constant) * wNorm2;
    }
}
