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
    /// Writes x·c for every (padded) centre into <paramref name="dots"/> (length <see cref="KPad"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Dots(ReadOnlySpan<double> x, Span<double> dots)
    {
        var kp = KPad;
        var d = D;
        ref var t = ref MemoryMarshal.GetArrayDataReference(T);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var o = ref MemoryMarshal.GetReference(dots);
        var cb = 0;
        for (; cb + 4 * W <= kp; cb += 4 * W)
        {
            var a0 = Vector<double>.Zero;
            var a1 = Vector<double>.Zero;
            var a2 = Vector<double>.Zero;
            var a3 = Vector<double>.Zero;
            for (var j = 0; j < d; j++)
            {
                var xv = new Vector<double>(Unsafe.Add(ref xr, j));
                ref var tr = ref Unsafe.Add(ref t, j * kp + cb);
                a0 = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref tr), a0);
                a1 = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref tr, (nuint)W), a1);
                a2 = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref tr, (nuint)(2 * W)), a2);
                a3 = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref tr, (nuint)(3 * W)), a3);
            }
            a0.StoreUnsafe(ref o, (nuint)cb);
            a1.StoreUnsafe(ref o, (nuint)(cb + W));
            a2.StoreUnsafe(ref o, (nuint)(cb + 2 * W));
            a3.StoreUnsafe(ref o, (nuint)(cb + 3 * W));
        }
        if (cb + 2 * W <= kp)
        {
            var a0 = Vector<double>.Zero;
            var a1 = Vector<double>.Zero;
            for (var j = 0; j < d; j++)
            {
                var xv = new Vector<double>(Unsafe.Add(ref xr, j));
                ref var tr = ref Unsafe.Add(ref t, j * kp + cb);
                a0 = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref tr), a0);
                a1 = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref tr, (nuint)W), a1);
            }
            a0.StoreUnsafe(ref o, (nuint)cb);
            a1.StoreUnsafe(ref o, (nuint)(cb + W));
            cb += 2 * W;
        }
        if (cb < kp)
        {
            var a0 = Vector<double>.Zero;
            for (var j = 0; j < d; j++)
            {
                var xv = new Vector<double>(Unsafe.Add(ref xr, j));
                a0 = Vector.FusedMultiplyAdd(xv, Vector.LoadUnsafe(ref Unsafe.Add(ref t, j * kp + cb)), a0);
            }
            a0.StoreUnsafe(ref o, (nuint)cb);
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
