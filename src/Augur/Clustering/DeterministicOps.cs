using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augur.Clustering;

/// <summary>
/// Reductions whose rounding depends only on the input values: SIMD lanes always start at element 0 (never at an
/// aligned address) and the tail is added last, so the same inputs give the same bits on every call, wherever the arrays
/// lie in memory. (TensorPrimitives' reductions and transcendental functions may process elements differently depending
/// on alignment, so their results can vary in the last bit between calls.)
/// </summary>
internal static class DeterministicOps
{
    /// <summary>Σ v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(ReadOnlySpan<double> v)
    {
        var w = Vector<double>.Count;
        ref var r = ref MemoryMarshal.GetReference(v);
        var i = 0;
        var s = 0.0;
        if (v.Length >= w)
        {
            var acc = Vector<double>.Zero;
            for (; i <= v.Length - w; i += w) acc += Vector.LoadUnsafe(ref r, (nuint)i);
            s = Vector.Sum(acc);
        }
        for (; i < v.Length; i++) s += Unsafe.Add(ref r, i);
        return s;
    }

    /// <summary>a · b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var w = Vector<double>.Count;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var i = 0;
        var s = 0.0;
        if (a.Length >= w)
        {
            var acc = Vector<double>.Zero;
            for (; i <= a.Length - w; i += w)
                acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref ra, (nuint)i), Vector.LoadUnsafe(ref rb, (nuint)i), acc);
            s = Vector.Sum(acc);
        }
        for (; i < a.Length; i++) s += Unsafe.Add(ref ra, i) * Unsafe.Add(ref rb, i);
        return s;
    }

    /// <summary>The Euclidean norm ‖v‖.</summary>
    public static double Norm(ReadOnlySpan<double> v) => Math.Sqrt(Dot(v, v));

    /// <summary>exp of every element, in place, with <see cref="Math.Exp"/>.</summary>
    public static void ExpInPlace(Span<double> v)
    {
        for (var i = 0; i < v.Length; i++) v[i] = Math.Exp(v[i]);
    }
}
