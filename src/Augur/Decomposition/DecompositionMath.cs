using System.Numerics.Tensors;
using Augur.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Augur.Decomposition;

/// <summary>A matrix seen only through products with dense matrices (dense or CSR sparse, possibly transposed).</summary>
internal interface ILinearOperator
{
    int Rows { get; }

    int Cols { get; }

    /// <summary>A · B (B has <see cref="Cols"/> rows).</summary>
    Matrix Times(Matrix b);

    /// <summary>Aᵀ · B (B has <see cref="Rows"/> rows).</summary>
    Matrix TransposeTimes(Matrix b);
}

/// <summary>A dense row-major matrix as an operator.</summary>
internal sealed class DenseOperator(Matrix a) : ILinearOperator
{
    public int Rows => a.Rows;

    public int Cols => a.Cols;

    public Matrix Times(Matrix b) => DenseOps.Multiply(a, b);

    public Matrix TransposeTimes(Matrix b)
    {
        // Aᵀ B = Σ_i a_iᵀ b_i: accumulate in row blocks, each block into its own partial sum (deterministic).
        var p = a.Cols;
        var l = b.Cols;
        const int block = 1024;
        var blocks = (a.Rows + block - 1) / block;
        var partials = new double[Math.Max(blocks, 1)][];
        void Block(int k)
        {
            var acc = new double[p * l];
            var end = Math.Min(a.Rows, (k + 1) * block);
            for (var i = k * block; i < end; i++)
            {
                var ai = a.Row(i);
                var bi = b.Row(i);
                for (var j = 0; j < p; j++)
                {
                    var v = ai[j];
                    if (v != 0) TensorPrimitives.MultiplyAdd(bi, v, acc.AsSpan(j * l, l), acc.AsSpan(j * l, l));
                }
            }
            partials[k] = acc;
        }
        if ((long)a.Rows * p * l < DenseOps.ParallelThreshold || blocks <= 1) for (var k = 0; k < blocks; k++) Block(k);
        else Parallel.For(0, blocks, Block);
        var result = new Matrix(p, l);
        foreach (var part in partials) if (part is not null) TensorPrimitives.Add(result.Data, part, result.Data);
        return result;
    }
}

/// <summary>A CSR sparse matrix as an operator; its transpose is built once so both products run row-parallel.</summary>
internal sealed class SparseOperator : ILinearOperator
{
    private readonly CsrMatrix _a;
    private readonly Lazy<CsrMatrix> _t;

    public SparseOperator(CsrMatrix a)
    {
        _a = a;
        _t = new Lazy<CsrMatrix>(() => Transpose(a));
    }

    public int Rows => _a.Rows;

    public int Cols => _a.Cols;

    public Matrix Times(Matrix b) => Multiply(_a, b);

    public Matrix TransposeTimes(Matrix b) => Multiply(_t.Value, b);

    private static Matrix Multiply(CsrMatrix a, Matrix b)
    {
        var c = new Matrix(a.Rows, b.Cols);
        void RowKernel(int i)
        {
            var idx = a.RowIndices(i);
            var val = a.RowValues(i);
            var ci = c.Row(i);
            for (var t = 0; t < idx.Length; t++) TensorPrimitives.MultiplyAdd(b.Row(idx[t]), val[t], ci, ci);
        }
        if ((long)a.NonZeroCount * b.Cols < DenseOps.ParallelThreshold) for (var i = 0; i < a.Rows; i++) RowKernel(i);
        else Parallel.For(0, a.Rows, RowKernel);
        return c;
    }

    internal static CsrMatrix Transpose(CsrMatrix a)
    {
        var counts = new int[a.Cols + 1];
        foreach (var j in a.ColumnIndices) counts[j + 1]++;
        for (var j = 0; j < a.Cols; j++) counts[j + 1] += counts[j];
        var next = (int[])counts.Clone();
        var idx = new int[a.NonZeroCount];
        var val = new double[a.NonZeroCount];
        for (var i = 0; i < a.Rows; i++)
        {
            var ri = a.RowIndices(i);
            var rv = a.RowValues(i);
            for (var t = 0; t < ri.Length; t++)
            {
                var pos = next[ri[t]]++;
                idx[pos] = i;
                val[pos] = rv[t];
            }
        }
        return new CsrMatrix(a.Cols, a.Rows, counts, idx, val);
    }
}

/// <summary>An operator's transpose.</summary>
internal sealed class TransposedOperator(ILinearOperator a) : ILinearOperator
{
    public int Rows => a.Cols;

    public int Cols => a.Rows;

    public Matrix Times(Matrix b) => a.TransposeTimes(b);

    public Matrix TransposeTimes(Matrix b) => a.Times(b);
}

/// <summary>How the randomized range finder re-orthonormalises between power iterations.</summary>
public enum PowerIterationNormalizer
{
    /// <summary>LU when there are more than two power iterations, none otherwise (scikit-learn's default).</summary>
    Auto,
    /// <summary>Householder QR (most stable, slowest).</summary>
    QR,
    /// <summary>LU with partial pivoting.</summary>
    LU,
    /// <summary>No normalisation (fast, unstable with many iterations).</summary>
    None,
}

/// <summary>Dense linear algebra for the decompositions: QR, small SVD and symmetric eigensolver, sign conventions, randomized SVD.</summary>
internal static class DecompositionMath
{
    /// <summary>
    /// Thin Householder QR of the tall matrix <paramref name="a"/> (n × l, n ≥ l): returns Q (n × l, orthonormal columns)
    /// and R (l × l, upper triangular).
    /// </summary>
    public static (Matrix Q, Matrix R) ThinQr(Matrix a)
    {
        var n = a.Rows;
        var l = a.Cols;
        if (n < l) throw new ArgumentException("ThinQr needs at least as many rows as columns");
        // Work column-major: column j is cols[j].
        var cols = new double[l][];
        for (var j = 0; j < l; j++) cols[j] = a.Column(j);
        var tau = new double[l];
        for (var j = 0; j < l; j++)
        {
            var x = cols[j].AsSpan(j);
            var norm = Math.Sqrt(TensorPrimitives.Dot(x, x));
            if (norm == 0) { tau[j] = 0; continue; }
            var alpha = x[0] > 0 ? -norm : norm;
            // v = x - alpha e1, scaled so v[0] = 1; H = I - tau v vᵀ.
            var v0 = x[0] - alpha;
            TensorPrimitives.Divide(x[1..], v0, x[1..]);
            tau[j] = -v0 / alpha;
            x[0] = alpha;
            var vTail = cols[j].AsMemory(j + 1);
            var tj = tau[j];
            void Apply(int c)
            {
                var y = cols[c].AsSpan(j);
                var dot = y[0] + TensorPrimitives.Dot(vTail.Span, y[1..]);
                var s = tj * dot;
                y[0] -= s;
                TensorPrimitives.MultiplyAdd(vTail.Span, -s, y[1..], y[1..]);
            }
            if ((long)(n - j) * (l - j) < DenseOps.ParallelThreshold) for (var c = j + 1; c < l; c++) Apply(c);
            else Parallel.For(j + 1, l, Apply);
        }
        var r = new Matrix(l, l);
        for (var j = 0; j < l; j++)
            for (var i = 0; i <= j; i++) r[i, j] = cols[j][i];
        // Form Q = H_0 … H_{l-1} [I; 0] column by column.
        var q = new double[l][];
        void FormColumn(int c)
        {
            var e = new double[n];
            e[c] = 1;
            for (var j = Math.Min(c, l - 1); j >= 0; j--)
            {
                if (tau[j] == 0) continue;
                var v = cols[j].AsSpan(j + 1);
                var y = e.AsSpan(j);
                var dot = y[0] + TensorPrimitives.Dot(v, y[1..]);
                var s = tau[j] * dot;
                y[0] -= s;
                TensorPrimitives.MultiplyAdd(v, -s, y[1..], y[1..]);
            }
            q[c] = e;
        }
        if ((long)n * l * l < DenseOps.ParallelThreshold) for (var c = 0; c < l; c++) FormColumn(c);
        else Parallel.For(0, l, FormColumn);
        var qm = new Matrix(n, l);
        for (var c = 0; c < l; c++)
        {
            var col = q[c];
            for (var i = 0; i < n; i++) qm.Data[i * l + c] = col[i];
        }
        return (qm, r);
    }

    /// <summary>LU with partial pivoting of the tall <paramref name="a"/> (n × l): returns P·L (n × l), as SciPy's <c>lu(permute_l=True)</c>.</summary>
    public static Matrix PermutedLower(Matrix a)
    {
        var n = a.Rows;
        var l = a.Cols;
        var m = a.Clone();
        var perm = Enumerable.Range(0, n).ToArray();
        var k = Math.Min(n, l);
        for (var j = 0; j < k; j++)
        {
            var piv = j;
            var best = Math.Abs(m[perm[j], j]);
            for (var i = j + 1; i < n; i++)
            {
                var v = Math.Abs(m[perm[i], j]);
                if (v > best) { best = v; piv = i; }
            }
            (perm[j], perm[piv]) = (perm[piv], perm[j]);
            var pivotRow = m.Row(perm[j]);
            var d = pivotRow[j];
            if (d == 0) continue;
            for (var i = j + 1; i < n; i++)
            {
                var row = m.Row(perm[i]);
                var f = row[j] / d;
                row[j] = f;
                if (f != 0) TensorPrimitives.MultiplyAdd(pivotRow[(j + 1)..], -f, row[(j + 1)..], row[(j + 1)..]);
            }
        }
        // P·L: original row perm[i] holds L's row i (unit diagonal, zeros above).
        var pl = new Matrix(n, k);
        for (var i = 0; i < n; i++)
        {
            var src = m.Row(perm[i]);
            var dst = pl.Row(perm[i]);
            var upto = Math.Min(i, k);
            for (var j = 0; j < upto; j++) dst[j] = src[j];
            if (i < k) dst[i] = 1.0;
        }
        return pl;
    }

    /// <summary>Full SVD of a small dense matrix (m × n) with MathNet's managed solver: U (m × r), S (r, descending), Vᵀ (r × n), r = min(m, n).</summary>
    public static (Matrix U, double[] S, Matrix Vt) SmallSvd(Matrix a)
    {
        var m = a.Rows;
        var n = a.Cols;
        var r = Math.Min(m, n);
        var mn = Matrix<double>.Build.Dense(m, n, (i, j) => a[i, j]);
        var svd = mn.Svd(computeVectors: true);
        var order = Enumerable.Range(0, r).OrderByDescending(i => svd.S[i]).ThenBy(i => i).ToArray();
        var u = new Matrix(m, r);
        var vt = new Matrix(r, n);
        var s = new double[r];
        for (var c = 0; c < r; c++)
        {
            var src = order[c];
            s[c] = svd.S[src];
            for (var i = 0; i < m; i++) u[i, c] = svd.U[i, src];
            for (var j = 0; j < n; j++) vt[c, j] = svd.VT[src, j];
        }
        return (u, s, vt);
    }

    /// <summary>Thin SVD of any dense matrix: reduces tall (or, transposed, wide) matrices by QR first.</summary>
    public static (Matrix U, double[] S, Matrix Vt) ThinSvd(Matrix a)
    {
        if (a.Rows < a.Cols)
        {
            var (ut, st, vtt) = ThinSvd(a.Transpose());
            return (vtt.Transpose(), st, ut.Transpose());
        }
        if (a.Rows <= 2 * a.Cols) return SmallSvd(a);
        var (q, r) = ThinQr(a);
        var (ur, s, vt) = SmallSvd(r);
        return (DenseOps.Multiply(q, ur), s, vt);
    }

    /// <summary>Eigenvalues (descending) and eigenvectors (as rows, same order) of a symmetric matrix.</summary>
    public static (double[] Values, Matrix Vectors) SymmetricEigen(Matrix a)
    {
        var p = a.Rows;
        var mn = Matrix<double>.Build.Dense(p, p, (i, j) => a[i, j]);
        var evd = mn.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, p).OrderByDescending(i => evd.EigenValues[i].Real).ThenBy(i => i).ToArray();
        var values = new double[p];
        var vectors = new Matrix(p, p);
        for (var c = 0; c < p; c++)
        {
            values[c] = evd.EigenValues[order[c]].Real;
            for (var j = 0; j < p; j++) vectors[c, j] = evd.EigenVectors[j, order[c]];
        }
        return (values, vectors);
    }

    /// <summary>
    /// The signs that make the entry of largest absolute value (first one on ties) of each column of <paramref name="u"/>
    /// positive (scikit-learn's <c>svd_flip</c> with <c>u_based_decision=True</c>).
    /// </summary>
    public static double[] ColumnSigns(Matrix u)
    {
        var k = u.Cols;
        var signs = new double[k];
        var bestAbs = new double[k];
        Array.Fill(bestAbs, -1.0);
        for (var i = 0; i < u.Rows; i++)
        {
            var row = u.Row(i);
            for (var c = 0; c < k; c++)
            {
                var a = Math.Abs(row[c]);
                if (a > bestAbs[c]) { bestAbs[c] = a; signs[c] = row[c] < 0 ? -1.0 : row[c] > 0 ? 1.0 : 0.0; }
            }
        }
        for (var c = 0; c < k; c++) if (signs[c] == 0) signs[c] = 1.0;
        return signs;
    }

    /// <summary>The same convention decided on the rows of Vᵀ (<c>u_based_decision=False</c>).</summary>
    public static double[] RowSigns(Matrix vt)
    {
        var signs = new double[vt.Rows];
        for (var r = 0; r < vt.Rows; r++)
        {
            var row = vt.Row(r);
            var best = -1.0;
            var sign = 1.0;
            foreach (var v in row)
            {
                var a = Math.Abs(v);
                if (a > best) { best = a; sign = v < 0 ? -1.0 : 1.0; }
            }
            signs[r] = sign;
        }
        return signs;
    }

    /// <summary>Multiplies column c of <paramref name="u"/> and row c of <paramref name="vt"/> by signs[c].</summary>
    public static void ApplySigns(Matrix? u, Matrix vt, double[] signs)
    {
        if (u is not null)
            for (var i = 0; i < u.Rows; i++)
            {
                var row = u.Row(i);
                for (var c = 0; c < signs.Length; c++) row[c] *= signs[c];
            }
        for (var c = 0; c < signs.Length; c++)
            if (signs[c] < 0) TensorPrimitives.Negate(vt.Row(c), vt.Row(c));
    }

    /// <summary>
    /// Randomized truncated SVD (Halko, Martinsson and Tropp 2011, with power iterations): a Gaussian sketch of
    /// k + <paramref name="oversamples"/> columns, <paramref name="iterations"/> normalised power iterations, a QR, and an exact
    /// SVD of the small projected matrix. Signs follow scikit-learn's <c>svd_flip</c> (on U, or on Vᵀ when the
    /// operator was transposed because it is wide).
    /// </summary>
    public static (Matrix U, double[] S, Matrix Vt) RandomizedSvd(ILinearOperator a, int k, int oversamples, int iterations,
        PowerIterationNormalizer normalizer, long seed)
    {
        var transpose = a.Rows < a.Cols;
        var m = transpose ? new TransposedOperator(a) : a;
        var l = Math.Min(k + oversamples, Math.Min(m.Rows, m.Cols));
        l = Math.Max(l, k);
        var rng = new Rng(seed);
        var omega = new Matrix(m.Cols, l);
        for (var i = 0; i < omega.Data.Length; i++) omega.Data[i] = rng.NextGaussian();
        if (normalizer == PowerIterationNormalizer.Auto)
            normalizer = iterations <= 2 ? PowerIterationNormalizer.None : PowerIterationNormalizer.LU;
        var q = omega;
        for (var it = 0; it < iterations; it++)
        {
            var y = m.Times(q);
            y = Normalize(y, normalizer);
            var z = m.TransposeTimes(y);
            q = Normalize(z, normalizer);
        }
        var (basis, _) = ThinQr(m.Times(q));
        var bt = m.TransposeTimes(basis); // Bᵀ = Mᵀ Q (cols × l)
        var (ubt, s, vtbt) = ThinSvd(bt); // Bᵀ = Ub S Vbᵀ, so B = Vb S Ubᵀ
        var uhat = vtbt.Transpose(); // l × r
        var vt = ubt.Transpose(); // r × cols
        var u = DenseOps.Multiply(basis, uhat);
        // Keep the first k.
        var uk = new Matrix(u.Rows, k);
        for (var i = 0; i < u.Rows; i++) u.Row(i)[..k].CopyTo(uk.Row(i));
        var vtk = new Matrix(k, vt.Cols);
        for (var c = 0; c < k; c++) vt.Row(c).CopyTo(vtk.Row(c));
        var sk = s[..k];
        if (!transpose)
        {
            ApplySigns(uk, vtk, ColumnSigns(uk));
            return (uk, sk, vtk);
        }
        ApplySigns(uk, vtk, RowSigns(vtk));
        // M = Aᵀ = U S Vᵀ, so A = V S Uᵀ.
        return (vtk.Transpose(), sk, uk.Transpose());
    }

    private static Matrix Normalize(Matrix y, PowerIterationNormalizer normalizer) => normalizer switch
    {
        PowerIterationNormalizer.QR => ThinQr(y).Q,
        PowerIterationNormalizer.LU => PermutedLower(y),
        _ => y,
    };
}
