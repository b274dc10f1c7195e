using System.Numerics.Tensors;

namespace Augur.Numerics;

/// <summary>
/// Dense kernels used across estimators: products, Gram matrices and distances, vectorised with
/// <see cref="TensorPrimitives"/> and parallel over rows where the work is large enough to pay for it.
/// </summary>
public static class DenseOps
{
    /// <summary>Work (multiply-adds) below which a kernel stays on one thread.</summary>
    public const long ParallelThreshold = 1 << 18;

    /// <summary>y = A x (A is rows × cols, x has cols entries, y has rows entries).</summary>
    public static void MatVec(Matrix a, ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != a.Cols || y.Length != a.Rows) throw new ArgumentException("shape mismatch in MatVec");
        for (var i = 0; i < a.Rows; i++) y[i] = TensorPrimitives.Dot(a.Row(i), x);
    }

    /// <summary>y = Aᵀ x (x has rows entries, y has cols entries).</summary>
    public static void MatTVec(Matrix a, ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != a.Rows || y.Length != a.Cols) throw new ArgumentException("shape mismatch in MatTVec");
        y.Clear();
        for (var i = 0; i < a.Rows; i++)
            if (x[i] != 0) TensorPrimitives.MultiplyAdd(a.Row(i), x[i], y, y);
    }

    /// <summary>C = A Bᵀ (A is n × k, B is m × k, C is n × m). Parallel over rows of A.</summary>
    public static Matrix MultiplyTransposed(Matrix a, Matrix b)
    {
        if (a.Cols != b.Cols) throw new ArgumentException("A and B must have the same number of columns");
        var c = new Matrix(a.Rows, b.Rows);
        var work = (long)a.Rows * b.Rows * a.Cols;
        if (work < ParallelThreshold)
        {
            for (var i = 0; i < a.Rows; i++) RowTimesTransposed(a, b, c, i);
        }
        else
        {
            Parallel.For(0, a.Rows, i => RowTimesTransposed(a, b, c, i));
        }
        return c;
    }

    private static void RowTimesTransposed(Matrix a, Matrix b, Matrix c, int i)
    {
        var ai = a.Row(i);
        var ci = c.Row(i);
        for (var j = 0; j < b.Rows; j++) ci[j] = TensorPrimitives.Dot(ai, b.Row(j));
    }

    /// <summary>C = A B (A is n × k, B is k × m).</summary>
    public static Matrix Multiply(Matrix a, Matrix b)
    {
        if (a.Cols != b.Rows) throw new ArgumentException("A's columns must equal B's rows");
        var c = new Matrix(a.Rows, b.Cols);
        void RowKernel(int i)
        {
            var ai = a.Row(i);
            var ci = c.Row(i);
            for (var k = 0; k < ai.Length; k++)
                if (ai[k] != 0) TensorPrimitives.MultiplyAdd(b.Row(k), ai[k], ci, ci);
        }
        if ((long)a.Rows * a.Cols * b.Cols < ParallelThreshold)
            for (var i = 0; i < a.Rows; i++) RowKernel(i);
        else
            Parallel.For(0, a.Rows, RowKernel);
        return c;
    }

    /// <summary>
    /// The Gram matrix G = Aᵀ diag(w) A (cols × cols, symmetric), with optional row weights. Rows are processed
    /// in blocks, each block accumulating into its own partial sum, so the result does not depend on thread timing.
    /// </summary>
    public static Matrix Gram(Matrix a, ReadOnlySpan<double> weights = default)
    {
        var p = a.Cols;
        var n = a.Rows;
        if (!weights.IsEmpty && weights.Length != n) throw new ArgumentException("one weight per row is needed");
        var w = weights.IsEmpty ? null : weights.ToArray();
        const int blockRows = 2048;
        var blocks = (n + blockRows - 1) / blockRows;
        var partials = new double[Math.Max(blocks, 1)][];
        void Block(int b)
        {
            var g = new double[p * p];
            var start = b * blockRows;
            var end = Math.Min(n, start + blockRows);
            var scaled = new double[p];
            for (var i = start; i < end; i++)
            {
                var row = a.Row(i);
                var wi = w is null ? 1.0 : w[i];
                if (wi == 0) continue;
                for (var j = 0; j < p; j++)
                {
                    var v = row[j] * wi;
                    if (v == 0) continue;
                    // Upper triangle only: G[j, j..] += v * row[j..]
                    TensorPrimitives.MultiplyAdd(row[j..], v, g.AsSpan(j * p + j, p - j), g.AsSpan(j * p + j, p - j));
                }
            }
            partials[b] = g;
        }
        if ((long)n * p * p < ParallelThreshold || blocks == 1)
            for (var b = 0; b < blocks; b++) Block(b);
        else
            Parallel.For(0, blocks, Block);
        var result = new Matrix(p, p);
        foreach (var g in partials)
            if (g is not null) TensorPrimitives.Add(result.Data, g, result.Data);
        for (var i = 0; i < p; i++)
            for (var j = 0; j < i; j++)
                result.Data[i * p + j] = result.Data[j * p + i];
        return result;
    }

    /// <summary>The squared Euclidean norm of every row.</summary>
    public static double[] RowSquaredNorms(Matrix a)
    {
        var result = new double[a.Rows];
        for (var i = 0; i < a.Rows; i++)
        {
            var r = a.Row(i);
            result[i] = TensorPrimitives.Dot(r, r);
        }
        return result;
    }

    /// <summary>
    /// Squared Euclidean distances between every row of <paramref name="a"/> and every row of <paramref name="b"/>,
    /// computed as ‖a‖² − 2 a·b + ‖b‖² (clamped at 0). Pass precomputed squared norms to save work.
    /// </summary>
    public static Matrix SquaredEuclideanDistances(Matrix a, Matrix b, double[]? aNorms = null, double[]? bNorms = null)
    {
        aNorms ??= RowSquaredNorms(a);
        bNorms ??= RowSquaredNorms(b);
        var d = MultiplyTransposed(a, b);
        for (var i = 0; i < a.Rows; i++)
        {
            var row = d.Row(i);
            for (var j = 0; j < row.Length; j++)
                row[j] = Math.Max(0.0, aNorms[i] - 2 * row[j] + bNorms[j]);
        }
        return d;
    }
}
