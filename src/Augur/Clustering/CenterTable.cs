using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augur.Clustering;

/// <summary>
/// Cluster centres laid out for fast nearest-centre search: transposed (features × padded centres) so that one row's
/// dot products with every centre are computed with SIMD across centres, plus each centre's squared norm. The nearest
/// centre minimises ‖c‖² − 2 x·c (the row's own norm does not change the arg-min). Padding centres have an infinite
/// norm, so they are never chosen.
/// </summary>
internal sealed class CenterTable
{
    private static readonly int W = Vector<double>.Count;

    public CenterTable(int k, int d)
    {
        K = k;
        D = d;
        KPad = (k + W - 1) / W * W;
        T = new double[d * KPad];
        Norms = new double[KPad];
        Norms.AsSpan().Fill(double.PositiveInfinity);
    }

    public CenterTable(ReadOnlySpan<double> centers, int k, int d) : this(k, d) => Load(centers);

    public int K { get; }
    public int D { get; }
    public int KPad { get; }
    public double[] T { get; }
    public double[] Norms { get; }

    /// <summary>Copies row-major centres (k × d) into the table.</summary>
    public void Load(ReadOnlySpan<double> centers)
    {
        for (var c = 0; c < K; c++)
        {
            var row = centers.Slice(c * D, D);
            var norm = 0.0;
            for (var j = 0; j < D; j++)
            {
                T[j * KPad + c] = row[j];
                norm += row[j] * row[j];
            }
            Norms[c] = norm;
        }
    }

    /// <summary>
    /// Writes x·c for every (padded) centre into <paramref name="dots"/> (length <see cref="KPad"/>). Features are split
    /// into interleaved partial sums so that the multiply-add chains run in parallel; the partial sums are combined in a
    /// fixed order, so results do not depend on anything but the inputs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Dots(ReadOnlySpan<double> x, Span<double> dots)
    {
        var kp = KPad;
        var d = D;
        ref var t = ref MemoryMarshal.GetArrayDataReference(T);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var o = ref MemoryMarshal.GetReference(dots);
        var w = (nuint)W;
        var cb = 0;
        for (; cb + 4 * W <= kp; cb += 4 * W)
        {
            Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector<double> b0 = default, b1 = default, b2 = default, b3 = default;
            var j = 0;
            for (; j + 1 < d; j += 2)
            {
                var xa = new Vector<double>(Unsafe.Add(ref xr, j));
                var xb = new Vector<double>(Unsafe.Add(ref xr, j + 1));
                ref var ta = ref Unsafe.Add(ref t, j * kp + cb);
                ref var tb = ref Unsafe.Add(ref t, (j + 1) * kp + cb);
                a0 = Vector.FusedMultiplyAdd(xa, Vector.LoadUnsafe(ref ta), a0);
                a1 = Vector.FusedMultiplyAdd(xa, Vector.LoadUnsafe(ref ta, w), a1);
                a2 = Vector.FusedMultiplyAdd(xa, Vector.LoadUnsafe(ref ta, 2 * w), a2);
                a3 = Vector.FusedMultiplyAdd(xa, Vector.LoadUnsafe(ref ta, 3 * w), a3);
                b0 = Vector.FusedMultiplyAdd(xb, Vector.LoadUnsafe(ref tb), b0);
                b1 = Vector.FusedMultiplyAdd(xb, Vector.LoadUnsafe(ref tb, w), b1);
                b2 = Vector.FusedMultiplyAdd(xb, Vector.LoadUnsafe(ref tb, 2 * w), b2);
                b3 = Vector.FusedMultiplyAdd(xb, Vector.LoadUnsafe(ref tb, 3 * w), b3);
            }
            if (j < d)
            {
                var xa = new Vector<double>(Unsafe.Add(ref xr, j));
                ref var ta = ref Unsafe.Add(ref t, j * kp + cb);
                a0 = Vector.FusedMultiplyAdd(xa, Vector.LoadUnsafe(ref ta), a0);
                a1 = Vector.FusedMultiplyAdd(xa, Vector.LoadUnsafe(ref ta, w), a1);
                a2 = Vector.FusedMultiplyAdd(xa, Vector.LoadUnsafe(ref ta, 2 * w), a2);
                a3 = Vector.FusedMultiplyAdd(xa, Vector.LoadUnsafe(ref ta, 3 * w), a3);
            }
            (a0 + b0).StoreUnsafe(ref o, (nuint)cb);
            (a1 + b1).StoreUnsafe(ref o, (nuint)cb + w);
            (a2 + b2).StoreUnsafe(ref o, (nuint)cb + 2 * w);
            (a3 + b3).StoreUnsafe(ref o, (nuint)cb + 3 * w);
        }
        if (cb + 2 * W <= kp)
        {
            Vector<double> a0 = default, a1 = default, b0 = default, b1 = default;
            Vector<double> c0 = default, c1 = default, e0 = default, e1 = default;
            var j = 0;
            for (; j + 3 < d; j += 4)
            {
                ref var t0 = ref Unsafe.Add(ref t, j * kp + cb);
                ref var t1 = ref Unsafe.Add(ref t, (j + 1) * kp + cb);
                ref var t2 = ref Unsafe.Add(ref t, (j + 2) * kp + cb);
                ref var t3 = ref Unsafe.Add(ref t, (j + 3) * kp + cb);
                var x0 = new Vector<double>(Unsafe.Add(ref xr, j));
                var x1 = new Vector<double>(Unsafe.Add(ref xr, j + 1));
                var x2 = new Vector<double>(Unsafe.Add(ref xr, j + 2));
                var x3 = new Vector<double>(Unsafe.Add(ref xr, j + 3));
                a0 = Vector.FusedMultiplyAdd(x0, Vector.LoadUnsafe(ref t0), a0);
                a1 = Vector.FusedMultiplyAdd(x0, Vector.LoadUnsafe(ref t0, w), a1);
                b0 = Vector.FusedMultiplyAdd(x1, Vector.LoadUnsafe(ref t1), b0);
                b1 = Vector.FusedMultiplyAdd(x1, Vector.LoadUnsafe(ref t1, w), b1);
                c0 = Vector.FusedMultiplyAdd(x2, Vector.LoadUnsafe(ref t2), c0);
                c1 = Vector.FusedMultiplyAdd(x2, Vector.LoadUnsafe(ref t2, w), c1);
                e0 = Vector.FusedMultiplyAdd(x3, Vector.LoadUnsafe(ref t3), e0);
                e1 = Vector.FusedMultiplyAdd(x3, Vector.LoadUnsafe(ref t3, w), e1);
            }
            for (; j < d; j++)
            {
                var xa = new Vector<double>(Unsafe.Add(ref xr, j));
                ref var ta = ref Unsafe.Add(ref t, j * kp + cb);
                a0 = Vector.FusedMultiplyAdd(xa, Vector.LoadUnsafe(ref ta), a0);
                a1 = Vector.FusedMultiplyAdd(xa, Vector.LoadUnsafe(ref ta, w), a1);
            }
            ((a0 + b0) + (c0 + e0)).StoreUnsafe(ref o, (nuint)cb);
            ((a1 + b1) + (c1 + e1)).StoreUnsafe(ref o, (nuint)cb + w);
            cb += 2 * W;
        }
        if (cb < kp)
        {
            Vector<double> a0 = default, b0 = default, c0 = default, e0 = default;
            var j = 0;
            for (; j + 3 < d; j += 4)
            {
                a0 = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref xr, j)), Vector.LoadUnsafe(ref Unsafe.Add(ref t, j * kp + cb)), a0);
                b0 = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref xr, j + 1)), Vector.LoadUnsafe(ref Unsafe.Add(ref t, (j + 1) * kp + cb)), b0);
                c0 = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref xr, j + 2)), Vector.LoadUnsafe(ref Unsafe.Add(ref t, (j + 2) * kp + cb)), c0);
                e0 = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref xr, j + 3)), Vector.LoadUnsafe(ref Unsafe.Add(ref t, (j + 3) * kp + cb)), e0);
            }
            for (; j < d; j++)
                a0 = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref xr, j)), Vector.LoadUnsafe(ref Unsafe.Add(ref t, j * kp + cb)), a0);
            ((a0 + b0) + (c0 + e0)).StoreUnsafe(ref o, (nuint)cb);
        }
    }

    /// <summary>
    /// The nearest centre of <paramref name="x"/> (the first one on ties) and its score ‖c‖² − 2 x·c.
    /// <paramref name="scratch"/> must hold <see cref="KPad"/> values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Nearest(ReadOnlySpan<double> x, Span<double> scratch, out double score)
    {
        Dots(x, scratch);
        var best = double.PositiveInfinity;
        var label = 0;
        var norms = Norms;
        for (var c = 0; c < K; c++)
        {
            var s = norms[c] - 2 * scratch[c];
            if (s < best)
            {
                best = s;
                label = c;
            }
        }
        score = best;
        return label;
    }
}
