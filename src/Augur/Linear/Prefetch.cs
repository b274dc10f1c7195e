using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Augur.Numerics;

namespace Augur.Linear;

/// <summary>
/// Software prefetching for the stochastic solvers, which visit rows in random order: the row a few steps ahead is
/// requested from memory while the current one is processed (its CSR pointer one stage earlier), hiding most of the
/// cache misses. A no-op where the instruction is not available.
/// </summary>
internal static unsafe class Prefetch
{
    /// <summary>How many steps ahead the row data are requested (the row pointer twice as far).</summary>
    public const int Distance = 6;

    /// <summary>Prefetches for step <paramref name="r"/> of <paramref name="order"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Ahead(int[] order, int r, Matrix? dense, CsrMatrix? sparse, double[]? y, double[]? w)
    {
        if (!Sse.IsSupported) return;
        var far = r + 2 * Distance;
        if (sparse is not null && far < order.Length)
            fixed (int* pp = &sparse.RowPointers[order[far]]) Sse.Prefetch0(pp);
        var near = r + Distance;
        if (near >= order.Length) return;
        var i = order[near];
        if (y is not null) fixed (double* py = &y[i]) Sse.Prefetch0(py);
        if (w is not null) fixed (double* pw = &w[i]) Sse.Prefetch0(pw);
        if (sparse is not null)
        {
            var start = sparse.RowPointers[i];
            var count = sparse.RowPointers[i + 1] - start;
            if (count == 0) return;
            fixed (int* pi = &sparse.ColumnIndices[start])
                for (var k = 0; k < count; k += 16) Sse.Prefetch0(pi + k);
            fixed (double* pv = &sparse.Values[start])
                for (var k = 0; k < count; k += 8) Sse.Prefetch0(pv + k);
        }
        else if (dense is not null && dense.Cols > 0)
        {
            fixed (double* pr = &dense.Data[i * dense.Cols])
                for (var k = 0; k < dense.Cols; k += 8) Sse.Prefetch0(pr + k);
        }
    }
}
