using System.Numerics.Tensors;
using Augur.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Augur.Linear;

/// <summary>A linear operator y = A x with its transpose (for iterative least-squares solvers).</summary>
internal interface ILinearOperator
{
    int Rows { get; }
    int Cols { get; }
    void Apply(ReadOnlySpan<double> x, Span<double> y);
    void ApplyTranspose(ReadOnlySpan<double> x, Span<double> y);
}

/// <summary>A dense matrix as an operator.</summary>
internal sealed class DenseOperator(Matrix a) : ILinearOperator
{
    public int Rows => a.Rows;
    public int Cols => a.Cols;
    public void Apply(ReadOnlySpan<double> x, Span<double> y) => DenseOps.MatVec(a, x, y);
    public void ApplyTranspose(ReadOnlySpan<double> x, Span<double> y) => DenseOps.MatTVec(a, x, y);
}

/// <summary>
/// The implicitly centred, row-scaled sparse operator <c>diag(s)·(X − 1μᵀ)</c>: centring never densifies X.
/// </summary>
internal sealed class CenteredSparseOperator : ILinearOperator
{
    private readonly CsrMatrix _x;
    private readonly double[]? _mean;
    private readonly double[]? _s;

    public CenteredSparseOperator(CsrMatrix x, double[]? mean, double[]? rowScale)
    {
        _x = x;
        _mean = mean;
        _s = rowScale;
    }

    public int Rows => _x.Rows;
    public int Cols => _x.Cols;

    public void Apply(ReadOnlySpan<double> v, Span<double> y)
    {
        var shift = _mean is null ? 0.0 : TensorPrimitives.Dot(_mean, v);
        for (var i = 0; i < _x.Rows; i++)
        {
            var z = LinearMath.SparseDot(_x.RowIndices(i), _x.RowValues(i), v) - shift;
            y[i] = _s is null ? z : _s[i] * z;
        }
    }

    public void ApplyTranspose(ReadOnlySpan<double> u, Span<double> y)
    {
        y.Clear();
        var total = 0.0;
        for (var i = 0; i < _x.Rows; i++)
        {
            var ui = _s is null ? u[i] : _s[i] * u[i];
            total += ui;
            if (ui == 0) continue;
            var idx = _x.RowIndices(i);
            var val = _x.RowValues(i);
            for (var k = 0; k < idx.Length; k++) y[idx[k]] += ui * val[k];
        }
        if (_mean is not null) TensorPrimitives.MultiplyAdd(_mean, -total, y, y);
    }
}

/// <summary>Small dense solvers used by the linear models.</summary>
internal static class LinAlg
{
    /// <summary>
    /// In-place Cholesky factorisation A = L Lᵀ of a symmetric positive definite n × n row-major matrix (lower triangle
    /// written, upper left as is). Returns false when a pivot is not positive.
    /// </summary>
    public static bool Cholesky(double[] a, int n, out double minPivotRatio)
    {
        minPivotRatio = double.PositiveInfinity;
        for (var j = 0; j < n; j++)
        {
            var rowJ = a.AsSpan(j * n, j);
            var d = a[j * n + j] - TensorPrimitives.Dot(rowJ, rowJ);
            var orig = a[j * n + j];
            if (!(d > 0) || orig <= 0) { minPivotRatio = 0; return false; }
            minPivotRatio = Math.Min(minPivotRatio, d / orig);
            var l = Math.Sqrt(d);
            a[j * n + j] = l;
            for (var i = j + 1; i < n; i++)
                a[i * n + j] = (a[i * n + j] - TensorPrimitives.Dot(a.AsSpan(i * n, j), rowJ)) / l;
        }
        return true;
    }

    /// <summary>Solves L Lᵀ x = b in place with a factor from <see cref="Cholesky"/>.</summary>
    public static void CholeskySolve(double[] l, int n, Span<double> b)
    {
        for (var i = 0; i < n; i++)
        {
            var s = b[i] - TensorPrimitives.Dot(l.AsSpan(i * n, i), b[..i]);
            b[i] = s / l[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
            b[i] = s / l[i * n + i];
        }
    }

    /// <summary>
    /// Solves min ‖A x − b‖ for several right-hand sides through the thin SVD of A (computed as Householder QR followed
    /// by the SVD of R when A is tall): x = V·diag(filter(σ))·Uᵀ b. With filter σ ↦ 1/σ above a cut-off this is the
    /// minimum-norm least-squares solution; with σ ↦ σ/(σ² + α) it is ridge regression.
    /// </summary>
    public static double[][] SvdSolve(Matrix a, IReadOnlyList<double[]> rhs, Func<double, double, double> filter)
    {
        var n = a.Rows;
        var p = a.Cols;
        if (n < p) return SvdSolveWide(a, rhs, filter);
        // Householder QR on a column-major copy; reflections are applied to the right-hand sides as well.
        var cols = new double[p][];
        for (var j = 0; j < p; j++) cols[j] = a.Column(j);
        var b = rhs.Select(r => (double[])r.Clone()).ToArray();
        for (var j = 0; j < p; j++)
        {
            var cj = cols[j].AsSpan(j);
            var alpha = HouseholderVector(cj, out var vtv);
            if (vtv == 0) continue;
            for (var k = j + 1; k < p; k++) Reflect(cj, vtv, cols[k].AsSpan(j));
            foreach (var bb in b) Reflect(cj, vtv, bb.AsSpan(j));
            cj.Clear();
            cj[0] = alpha;
        }
        var svd = Matrix<double>.Build.Dense(p, p, (i, j) => i <= j ? cols[j][i] : 0.0).Svd(true);
        var s = svd.S.ToArray();
        var smax = s.Length == 0 ? 0 : s.Max();
        var result = new double[rhs.Count][];
        for (var r = 0; r < rhs.Count; r++)
        {
            // x = V f(Σ) Uᵀ (Qᵀ b)[..p]
            var c = new double[p];
            for (var k = 0; k < s.Length; k++)
            {
                var f = filter(s[k], smax);
                if (f == 0) continue;
                var dot = 0.0;
                for (var i = 0; i < p; i++) dot += svd.U[i, k] * b[r][i];
                c[k] = f * dot;
            }
            var x = new double[p];
            for (var k = 0; k < s.Length; k++)
                if (c[k] != 0)
                    for (var j = 0; j < p; j++) x[j] += svd.VT[k, j] * c[k];
            result[r] = x;
        }
        return result;
    }

    /// <summary>
    /// The wide case (rows &lt; columns) through the QR of Aᵀ = Q R (p × n): with R = U Σ Vᵀ, A = V Σ (Q U)ᵀ, so
    /// x = Q·U·f(Σ)·Vᵀ·b. Costs O(p·n²) and never forms a p × p matrix.
    /// </summary>
    private static double[][] SvdSolveWide(Matrix a, IReadOnlyList<double[]> rhs, Func<double, double, double> filter)
    {
        var n = a.Rows;
        var p = a.Cols;
        // Columns of Aᵀ are the rows of A.
        var cols = new double[n][];
        for (var i = 0; i < n; i++) cols[i] = a.Row(i).ToArray();
        var vtvs = new double[n];
        var diag = new double[n];
        for (var j = 0; j < n; j++)
        {
            var cj = cols[j].AsSpan(j);
            diag[j] = HouseholderVector(cj, out vtvs[j]);
            if (vtvs[j] == 0) continue;
            for (var k = j + 1; k < n; k++) Reflect(cj, vtvs[j], cols[k].AsSpan(j));
        }
        // R: diagonal in diag, strictly upper part in cols[k][i] (i < k).
        var svd = Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? diag[i] : i < j ? cols[j][i] : 0.0).Svd(true);
        var s = svd.S.ToArray();
        var smax = s.Length == 0 ? 0 : s.Max();
        var result = new double[rhs.Count][];
        for (var r = 0; r < rhs.Count; r++)
        {
            var c = new double[n];
            for (var k = 0; k < s.Length; k++)
            {
                var f = filter(s[k], smax);
                if (f == 0) continue;
                var dot = 0.0;
                for (var i = 0; i < n; i++) dot += svd.VT[k, i] * rhs[r][i];
                c[k] = f * dot;
            }
            var x = new double[p];
            for (var i = 0; i < n; i++)
            {
                var acc = 0.0;
                for (var k = 0; k < s.Length; k++) acc += svd.U[i, k] * c[k];
                x[i] = acc;
            }
            // x = H₀ H₁ … H_{n−1} [d; 0]
            for (var j = n - 1; j >= 0; j--)
                if (vtvs[j] != 0) Reflect(cols[j].AsSpan(j), vtvs[j], x.AsSpan(j));
            result[r] = x;
        }
        return result;
    }

    /// <summary>Turns x into the Householder vector v = x − αe₁ in place (α = −sign(x₀)‖x‖) and returns α; vᵀv is 0 for x = 0.</summary>
    private static double HouseholderVector(Span<double> x, out double vtv)
    {
        var norm = Math.Sqrt(TensorPrimitives.Dot(x, x));
        if (norm == 0)
        {
            vtv = 0;
            return 0;
        }
        var alpha = x[0] > 0 ? -norm : norm;
        x[0] -= alpha;
        vtv = TensorPrimitives.Dot(x, x);
        return alpha;
    }

    private static void Reflect(ReadOnlySpan<double> v, double vtv, Span<double> target)
    {
        var f = 2 * TensorPrimitives.Dot(v, target) / vtv;
        if (f != 0) TensorPrimitives.MultiplyAdd(v, -f, target, target);
    }

    /// <summary>
    /// Non-negative least squares on the normal equations (Lawson–Hanson active set): minimises
    /// ½ wᵀ G w − cᵀ w subject to w ≥ 0.
    /// </summary>
    public static double[] Nnls(double[] g, double[] c, int p)
    {
        var w = new double[p];
        var passive = new bool[p];
        var grad = (double[])c.Clone();
        var scale = 0.0;
        foreach (var v in g) scale = Math.Max(scale, Math.Abs(v));
        var tol = 10 * double.Epsilon + 1e-13 * Math.Max(scale, 1e-300) * p;
        var maxIter = 3 * p + 10;
        for (var outer = 0; outer < maxIter; outer++)
        {
            var j = -1;
            var best = tol;
            for (var k = 0; k < p; k++)
                if (!passive[k] && grad[k] > best) { best = grad[k]; j = k; }
            if (j < 0) break;
            passive[j] = true;
            for (var inner = 0; inner < 3 * p + 10; inner++)
            {
                var idx = Enumerable.Range(0, p).Where(k => passive[k]).ToArray();
                var s = SolveSubset(g, c, p, idx);
                var allPositive = true;
                foreach (var v in s) if (v <= 0) { allPositive = false; break; }
                if (allPositive)
                {
                    Array.Clear(w);
                    for (var q = 0; q < idx.Length; q++) w[idx[q]] = s[q];
                    break;
                }
                var alpha = double.PositiveInfinity;
                for (var q = 0; q < idx.Length; q++)
                    if (s[q] <= 0)
                    {
                        var wi = w[idx[q]];
                        var a = wi / (wi - s[q]);
                        if (a < alpha) alpha = a;
                    }
                if (!double.IsFinite(alpha)) alpha = 0;
                for (var q = 0; q < idx.Length; q++)
                {
                    var k = idx[q];
                    w[k] += alpha * (s[q] - w[k]);
                    if (w[k] <= 1e-15 * Math.Max(1, Math.Abs(s[q]))) { w[k] = 0; passive[k] = false; }
                }
                if (!passive.Any(b => b)) break;
            }
            for (var k = 0; k < p; k++)
            {
                var acc = c[k];
                for (var q = 0; q < p; q++) acc -= g[k * p + q] * w[q];
                grad[k] = acc;
            }
        }
        return w;
    }

    private static double[] SolveSubset(double[] g, double[] c, int p, int[] idx)
    {
        var m = idx.Length;
        var sub = new double[m * m];
        var rhs = new double[m];
        for (var a = 0; a < m; a++)
        {
            rhs[a] = c[idx[a]];
            for (var b = 0; b < m; b++) sub[a * m + b] = g[idx[a] * p + idx[b]];
        }
        var copy = (double[])sub.Clone();
        if (Cholesky(copy, m, out _))
        {
            CholeskySolve(copy, m, rhs);
            return rhs;
        }
        var a2 = new Matrix(m, m, sub);
        return SvdSolve(a2, [c.Length == 0 ? rhs : idx.Select(i => c[i]).ToArray()], (s, smax) => s > smax * 1e-12 ? 1 / s : 0)[0];
    }

    /// <summary>
    /// LSQR (Paige and Saunders, 1982) for min ‖A x − b‖² + damp²‖x‖², stopping on the relative residual (btol) or the
    /// normal-equation residual (atol) as the published algorithm does.
    /// </summary>
    public static (double[] X, int Iterations) Lsqr(ILinearOperator a, ReadOnlySpan<double> b, double damp, double atol, double btol, int iterLimit)
    {
        var m = a.Rows;
        var n = a.Cols;
        var x = new double[n];
        var u = b.ToArray();
        var v = new double[n];
        var w = new double[n];
        var tmpM = new double[m];
        var tmpN = new double[n];
        var beta = Norm(u);
        if (beta == 0) return (x, 0);
        TensorPrimitives.Multiply(u, 1 / beta, u);
        a.ApplyTranspose(u, v);
        var alpha = Norm(v);
        if (alpha == 0) return (x, 0);
        TensorPrimitives.Multiply(v, 1 / alpha, v);
        v.CopyTo(w, 0);
        var rhobar = alpha;
        var phibar = beta;
        var bnorm = beta;
        var anorm = 0.0;
        var res2 = 0.0;
        var dampsq = damp * damp;
        var itn = 0;
        while (itn < iterLimit)
        {
            itn++;
            a.Apply(v, tmpM);
            TensorPrimitives.MultiplyAdd(u, -alpha, tmpM, u);
            beta = Norm(u);
            if (beta > 0)
            {
                TensorPrimitives.Multiply(u, 1 / beta, u);
                anorm = Math.Sqrt(anorm * anorm + alpha * alpha + beta * beta + dampsq);
                a.ApplyTranspose(u, tmpN);
                TensorPrimitives.MultiplyAdd(v, -beta, tmpN, v);
                alpha = Norm(v);
                if (alpha > 0) TensorPrimitives.Multiply(v, 1 / alpha, v);
            }
            var rhobar1 = Math.Sqrt(rhobar * rhobar + dampsq);
            var cs1 = rhobar / rhobar1;
            var sn1 = damp / rhobar1;
            var psi = sn1 * phibar;
            phibar = cs1 * phibar;
            var rho = Math.Sqrt(rhobar1 * rhobar1 + beta * beta);
            var cs = rhobar1 / rho;
            var sn = beta / rho;
            var theta = sn * alpha;
            rhobar = -cs * alpha;
            var phi = cs * phibar;
            phibar = sn * phibar;
            var tau = sn * phi;
            TensorPrimitives.MultiplyAdd(w, phi / rho, x, x);
            TensorPrimitives.MultiplyAdd(w, -theta / rho, v, w);
            res2 += psi * psi;
            var rnorm = Math.Sqrt(phibar * phibar + res2);
            var arnorm = alpha * Math.Abs(tau);
            var xnorm = Norm(x);
            var test1 = rnorm / bnorm;
            var test2 = rnorm > 0 && anorm > 0 ? arnorm / (anorm * rnorm) : 0;
            var rtol = btol + atol * anorm * xnorm / bnorm;
            if (test2 <= atol || test1 <= rtol || rnorm == 0) break;
        }
        return (x, itn);
    }

    /// <summary>Conjugate gradients for a symmetric positive definite operator; stops when ‖r‖ ≤ tol·‖b‖.</summary>
    public static (double[] X, int Iterations) ConjugateGradient(Action<double[], double[]> apply, double[] b, double tol, int maxIter)
    {
        var n = b.Length;
        var x = new double[n];
        var r = (double[])b.Clone();
        var p = (double[])b.Clone();
        var ap = new double[n];
        var bnorm = Norm(b);
        if (bnorm == 0) return (x, 0);
        var rr = TensorPrimitives.Dot(r, r);
        var it = 0;
        while (it < maxIter && Math.Sqrt(rr) > tol * bnorm)
        {
            it++;
            apply(p, ap);
            var pap = TensorPrimitives.Dot(p, ap);
            if (pap <= 0) break;
            var step = rr / pap;
            TensorPrimitives.MultiplyAdd(p, step, x, x);
            TensorPrimitives.MultiplyAdd(ap, -step, r, r);
            var rrNew = TensorPrimitives.Dot(r, r);
            TensorPrimitives.MultiplyAdd(p, rrNew / rr, r, p);
            rr = rrNew;
        }
        return (x, it);
    }

    public static double Norm(ReadOnlySpan<double> v) => Math.Sqrt(TensorPrimitives.Dot(v, v));
}
