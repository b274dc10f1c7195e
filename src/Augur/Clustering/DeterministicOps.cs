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

    /// <summary>dst += src (element-wise; exact, so any order gives the same bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTo(Span<double> dst, ReadOnlySpan<double> src)
    {
        var w = Vector<double>.Count;
        ref var rd = ref MemoryMarshal.GetReference(dst);
        ref var rs = ref MemoryMarshal.GetReference(src);
        var i = 0;
        for (; i <= src.Length - w; i += w)
            (Vector.LoadUnsafe(ref rd, (nuint)i) + Vector.LoadUnsafe(ref rs, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
        for (; i < src.Length; i++) Unsafe.Add(ref rd, i) += Unsafe.Add(ref rs, i);
    }

    /// <summary>dst += a·src (multiply then add, not fused, so vector and scalar paths round alike).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaledTo(Span<double> dst, ReadOnlySpan<double> src, double a)
    {
        var w = Vector<double>.Count;
        ref var rd = ref MemoryMarshal.GetReference(dst);
        ref var rs = ref MemoryMarshal.GetReference(src);
        var va = new Vector<double>(a);
        var i = 0;
        for (; i <= src.Length - w; i += w)
            (Vector.LoadUnsafe(ref rd, (nuint)i) + Vector.LoadUnsafe(ref rs, (nuint)i) * va).StoreUnsafe(ref rd, (nuint)i);
        for (; i < src.Length; i++) Unsafe.Add(ref rd, i) += Unsafe.Add(ref rs, i) * a;
    }

    /// <summary>v −= m (element-wise).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SubtractInPlace(Span<double> v, ReadOnlySpan<double> m)
    {
        var w = Vector<double>.Count;
        ref var rv = ref MemoryMarshal.GetReference(v);
        ref var rm = ref MemoryMarshal.GetReference(m);
        var i = 0;
        for (; i <= v.Length - w; i += w)
            (Vector.LoadUnsafe(ref rv, (nuint)i) - Vector.LoadUnsafe(ref rm, (nuint)i)).StoreUnsafe(ref rv, (nuint)i);
        for (; i < v.Length; i++) Unsafe.Add(ref rv, i) -= Unsafe.Add(ref rm, i);
    }

    /// <summary>acc += (v − m)² element-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSquaredDeviation(Span<double> acc, ReadOnlySpan<double> v, ReadOnlySpan<double> m)
    {
        var w = Vector<double>.Count;
        ref var ra = ref MemoryMarshal.GetReference(acc);
        ref var rv = ref MemoryMarshal.GetReference(v);
        ref var rm = ref MemoryMarshal.GetReference(m);
        var i = 0;
        for (; i <= v.Length - w; i += w)
        {
            var t = Vector.LoadUnsafe(ref rv, (nuint)i) - Vector.LoadUnsafe(ref rm, (nuint)i);
            (Vector.LoadUnsafe(ref ra, (nuint)i) + t * t).StoreUnsafe(ref ra, (nuint)i);
        }
        for (; i < v.Length; i++)
        {
            var t = Unsafe.Add(ref rv, i) - Unsafe.Add(ref rm, i);
            Unsafe.Add(ref ra, i) += t * t;
        }
    }

    /// <summary>The Euclidean norm ‖v‖.</summary>
    public static double Norm(ReadOnlySpan<double> v) => Math.Sqrt(Dot(v, v));

    /// <summary>exp of every element, in place, with <see cref="Math.Exp"/>.</summary>
    public static void ExpInPlace(Span<double> v)
    {
        for (var i = 0; i < v.Length; i++) v[i] = Math.Exp(v[i]);
    }
}
