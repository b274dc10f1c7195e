using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Augur.Numerics;

namespace Augur.Linear;

/// <summary>Hot dense kernels of the linear models.</summary>
internal static class LinearKernels
{
    private const int PanelRows = 256;

    /// <summary>
    /// The Gram matrix of √w·(X − μ) (cols × cols, row-major, full) read straight from columns: no centred copy of X is
    /// made. Rows are cut into fixed chunks (so the sum order never depends on thread timing); each chunk fills panels of
    /// rows, column-major, with the centred and weighted column segments, and accumulates 4 × 4 tiles of the upper
    /// triangle with 512- or 256-bit fused multiply-adds.
    /// </summary>
    public static double[] CenteredGram(ColumnSource x, double[] means, double[]? sqrtW) => GramCore(x.Rows, x.Cols, (r0, len, panel) =>
    {
        for (var j = 0; j < x.Cols; j++)
        {
            var dst = panel.AsSpan(j * PanelRows, len);
            TensorPrimitives.Subtract(x[j].Slice(r0, len), means[j], dst);
            if (sqrtW is not null) TensorPrimitives.Multiply(dst, sqrtW.AsSpan(r0, len), dst);
        }
    });

    /// <summary>z[i] = X[r0 + i]·w + b for <paramref name="len"/> consecutive rows of a row-major matrix, four rows at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RowDots(double[] data, int p, int r0, int len, ReadOnlySpan<double> w, double b, Span<double> z)
    {
        fixed (double* x0 = &data[r0 * p])
        fixed (double* wp = w)
        {
            var i = 0;
            var vecEnd = Vector512.IsHardwareAccelerated ? p & ~7 : 0;
            for (; i + 4 <= len; i += 4)
            {
                var a = x0 + (long)i * p;
                var bRow = a + p;
                var c = bRow + p;
                var d = c + p;
                var k = 0;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                if (vecEnd > 0)
                {
                    Vector512<double> v0 = default, v1 = default, v2 = default, v3 = default;
                    for (; k < vecEnd; k += 8)
                    {
                        var wv = Vector512.Load(wp + k);
                        v0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + k), wv, v0);
                        v1 = Vector512.FusedMultiplyAdd(Vector512.Load(bRow + k), wv, v1);
                        v2 = Vector512.FusedMultiplyAdd(Vector512.Load(c + k), wv, v2);
                        v3 = Vector512.FusedMultiplyAdd(Vector512.Load(d + k), wv, v3);
                    }
                    s0 = Vector512.Sum(v0); s1 = Vector512.Sum(v1); s2 = Vector512.Sum(v2); s3 = Vector512.Sum(v3);
                }
                for (; k < p; k++)
                {
                    var wk = wp[k];
                    s0 += a[k] * wk; s1 += bRow[k] * wk; s2 += c[k] * wk; s3 += d[k] * wk;
                }
                z[i] = s0 + b; z[i + 1] = s1 + b; z[i + 2] = s2 + b; z[i + 3] = s3 + b;
            }
            for (; i < len; i++) z[i] = TensorPrimitives.Dot(new ReadOnlySpan<double>(x0 + (long)i * p, p), w) + b;
        }
    }

    /// <summary>g += Σᵢ r[i]·X[r0 + i] over <paramref name="len"/> consecutive rows, four rows per pass over g.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void AddScaledRows(double[] data, int p, int r0, int len, ReadOnlySpan<double> r, Span<double> g)
    {
        fixed (double* x0 = &data[r0 * p])
        fixed (double* gp = g)
        {
            var i = 0;
            var vecEnd = Vector512.IsHardwareAccelerated ? p & ~7 : 0;
            for (; i + 4 <= len; i += 4)
            {
                double ra = r[i], rb = r[i + 1], rc = r[i + 2], rd = r[i + 3];
                var a = x0 + (long)i * p;
                var b = a + p;
                var c = b + p;
                var d = c + p;
                var k = 0;
                if (vecEnd > 0)
                {
                    var va = Vector512.Create(ra);
                    var vb = Vector512.Create(rb);
                    var vc = Vector512.Create(rc);
                    var vd = Vector512.Create(rd);
                    for (; k < vecEnd; k += 8)
                    {
                        var acc = Vector512.Load(gp + k);
                        acc = Vector512.FusedMultiplyAdd(Vector512.Load(a + k), va, acc);
                        acc = Vector512.FusedMultiplyAdd(Vector512.Load(b + k), vb, acc);
                        acc = Vector512.FusedMultiplyAdd(Vector512.Load(c + k), vc, acc);
                        acc = Vector512.FusedMultiplyAdd(Vector512.Load(d + k), vd, acc);
                        acc.Store(gp + k);
                    }
                }
                for (; k < p; k++) gp[k] += a[k] * ra + b[k] * rb + c[k] * rc + d[k] * rd;
            }
            for (; i < len; i++)
                if (r[i] != 0) TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(x0 + (long)i * p, p), r[i], g, g);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] GramCore(int n, int q, Action<int, int, double[]> fill)
    {
        var qp = (q + 3) & ~3;
        var chunks = LinearMath.BlockCount(n, (long)q * q / 2 + 1);
        var partial = new double[chunks][];
        LinearMath.For(chunks, c =>
        {
            var (s, e) = LinearMath.BlockRange(n, chunks, c);
            var g = new double[qp * qp];
            var panel = new double[qp * PanelRows];
            for (var r0 = s; r0 < e; r0 += PanelRows)
            {
                var len = Math.Min(PanelRows, e - r0);
                var lenPad = (len + 7) & ~7;
                if (len < PanelRows) Array.Clear(panel);
                fill(r0, len, panel);
                Tiles(panel, PanelRows, lenPad, qp, g);
            }
            partial[c] = g;
        });
        var result = new double[q * q];
        foreach (var g in partial)
            for (var i = 0; i < q; i++)
                for (var j = i; j < q; j++) result[i * q + j] += g[i * qp + j];
        for (var i = 0; i < q; i++)
            for (var j = 0; j < i; j++) result[i * q + j] = result[j * q + i];
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tiles(double[] panel, int stride, int len, int qp, double[] g)
    {
        fixed (double* p = panel)
        fixed (double* gg = g)
        {
            for (var i = 0; i < qp; i += 4)
                for (var j = i; j < qp; j += 4)
                {
                    if (Vector512.IsHardwareAccelerated) Tile512(p, stride, len, i, j, gg, qp);
                    else if (Vector256.IsHardwareAccelerated) Tile256(p, stride, len, i, j, gg, qp);
                    else TileScalar(p, stride, len, i, j, gg, qp);
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile512(double* p, int stride, int len, int i, int j, double* g, int qp)
    {
        var a0p = p + i * stride; var a1p = a0p + stride; var a2p = a1p + stride; var a3p = a2p + stride;
        var b0p = p + j * stride; var b1p = b0p + stride; var b2p = b1p + stride; var b3p = b2p + stride;
        Vector512<double> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<double> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<double> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<double> c30 = default, c31 = default, c32 = default, c33 = default;
        for (var k = 0; k < len; k += 8)
        {
            var b0 = Vector512.Load(b0p + k); var b1 = Vector512.Load(b1p + k);
            var b2 = Vector512.Load(b2p + k); var b3 = Vector512.Load(b3p + k);
            var a = Vector512.Load(a0p + k);
            c00 = Vector512.FusedMultiplyAdd(a, b0, c00); c01 = Vector512.FusedMultiplyAdd(a, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(a, b2, c02); c03 = Vector512.FusedMultiplyAdd(a, b3, c03);
            a = Vector512.Load(a1p + k);
            c10 = Vector512.FusedMultiplyAdd(a, b0, c10); c11 = Vector512.FusedMultiplyAdd(a, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(a, b2, c12); c13 = Vector512.FusedMultiplyAdd(a, b3, c13);
            a = Vector512.Load(a2p + k);
            c20 = Vector512.FusedMultiplyAdd(a, b0, c20); c21 = Vector512.FusedMultiplyAdd(a, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(a, b2, c22); c23 = Vector512.FusedMultiplyAdd(a, b3, c23);
            a = Vector512.Load(a3p + k);
            c30 = Vector512.FusedMultiplyAdd(a, b0, c30); c31 = Vector512.FusedMultiplyAdd(a, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(a, b2, c32); c33 = Vector512.FusedMultiplyAdd(a, b3, c33);
        }
        var r0 = g + i * qp + j; var r1 = r0 + qp; var r2 = r1 + qp; var r3 = r2 + qp;
        r0[0] += Vector512.Sum(c00); r0[1] += Vector512.Sum(c01); r0[2] += Vector512.Sum(c02); r0[3] += Vector512.Sum(c03);
        r1[0] += Vector512.Sum(c10); r1[1] += Vector512.Sum(c11); r1[2] += Vector512.Sum(c12); r1[3] += Vector512.Sum(c13);
        r2[0] += Vector512.Sum(c20); r2[1] += Vector512.Sum(c21); r2[2] += Vector512.Sum(c22); r2[3] += Vector512.Sum(c23);
        r3[0] += Vector512.Sum(c30); r3[1] += Vector512.Sum(c31); r3[2] += Vector512.Sum(c32); r3[3] += Vector512.Sum(c33);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile256(double* p, int stride, int len, int i, int j, double* g, int qp)
    {
        var a0p = p + i * stride; var a1p = a0p + stride; var a2p = a1p + stride; var a3p = a2p + stride;
        var b0p = p + j * stride; var b1p = b0p + stride; var b2p = b1p + stride; var b3p = b2p + stride;
        Vector256<double> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<double> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<double> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector256<double> c30 = default, c31 = default, c32 = default, c33 = default;
        for (var k = 0; k < len; k += 4)
        {
            var b0 = Vector256.Load(b0p + k); var b1 = Vector256.Load(b1p + k);
            var b2 = Vector256.Load(b2p + k); var b3 = Vector256.Load(b3p + k);
            var a = Vector256.Load(a0p + k);
            c00 = Vector256.FusedMultiplyAdd(a, b0, c00); c01 = Vector256.FusedMultiplyAdd(a, b1, c01);
            c02 = Vector256.FusedMultiplyAdd(a, b2, c02); c03 = Vector256.FusedMultiplyAdd(a, b3, c03);
            a = Vector256.Load(a1p + k);
            c10 = Vector256.FusedMultiplyAdd(a, b0, c10); c11 = Vector256.FusedMultiplyAdd(a, b1, c11);
            c12 = Vector256.FusedMultiplyAdd(a, b2, c12); c13 = Vector256.FusedMultiplyAdd(a, b3, c13);
            a = Vector256.Load(a2p + k);
            c20 = Vector256.FusedMultiplyAdd(a, b0, c20); c21 = Vector256.FusedMultiplyAdd(a, b1, c21);
            c22 = Vector256.FusedMultiplyAdd(a, b2, c22); c23 = Vector256.FusedMultiplyAdd(a, b3, c23);
            a = Vector256.Load(a3p + k);
            c30 = Vector256.FusedMultiplyAdd(a, b0, c30); c31 = Vector256.FusedMultiplyAdd(a, b1, c31);
            c32 = Vector256.FusedMultiplyAdd(a, b2, c32); c33 = Vector256.FusedMultiplyAdd(a, b3, c33);
        }
        var r0 = g + i * qp + j; var r1 = r0 + qp; var r2 = r1 + qp; var r3 = r2 + qp;
        r0[0] += Vector256.Sum(c00); r0[1] += Vector256.Sum(c01); r0[2] += Vector256.Sum(c02); r0[3] += Vector256.Sum(c03);
        r1[0] += Vector256.Sum(c10); r1[1] += Vector256.Sum(c11); r1[2] += Vector256.Sum(c12); r1[3] += Vector256.Sum(c13);
        r2[0] += Vector256.Sum(c20); r2[1] += Vector256.Sum(c21); r2[2] += Vector256.Sum(c22); r2[3] += Vector256.Sum(c23);
        r3[0] += Vector256.Sum(c30); r3[1] += Vector256.Sum(c31); r3[2] += Vector256.Sum(c32); r3[3] += Vector256.Sum(c33);
    }

    private static unsafe void TileScalar(double* p, int stride, int len, int i, int j, double* g, int qp)
    {
        for (var r = 0; r < 4; r++)
            for (var c = 0; c < 4; c++)
            {
                var ap = p + (i + r) * stride;
                var bp = p + (j + c) * stride;
                var acc = 0.0;
                for (var k = 0; k < len; k++) acc += ap[k] * bp[k];
                g[(i + r) * qp + j + c] += acc;
            }
    }
}
