using System.Runtime.CompilerServices;

namespace Augur.Trees;

/// <summary>Least-significant-digit radix sorts used while growing trees (stable, no allocation).</summary>
internal static class RadixSort
{
    /// <summary>Sorts <paramref name="keys"/> ascending, carrying <paramref name="items"/> along; stable. Results end in the first two arrays.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SortPairs(uint[] keys, int[] items, uint[] keysTmp, int[] itemsTmp)
    {
        const int bits = 11;
        const int buckets = 1 << bits;
        const uint mask = buckets - 1;
        var n = keys.Length;
        Span<int> counts = stackalloc int[buckets];
        var src = keys;
        var srcItems = items;
        var dst = keysTmp;
        var dstItems = itemsTmp;
        for (var shift = 0; shift < 32; shift += bits)
        {
            counts.Clear();
            for (var i = 0; i < n; i++) counts[(int)((src[i] >> shift) & mask)]++;
            if (counts[(int)((src[0] >> shift) & mask)] == n) continue;
            var sum = 0;
            for (var b = 0; b < buckets; b++)
            {
                var c = counts[b];
                counts[b] = sum;
                sum += c;
            }
            for (var i = 0; i < n; i++)
            {
                var pos = counts[(int)((src[i] >> shift) & mask)]++;
                dst[pos] = src[i];
                dstItems[pos] = srcItems[i];
            }
            (src, dst) = (dst, src);
            (srcItems, dstItems) = (dstItems, srcItems);
        }
        if (!ReferenceEquals(src, keys))
        {
            src.AsSpan(0, n).CopyTo(keys);
            srcItems.AsSpan(0, n).CopyTo(items);
        }
    }

    /// <summary>
    /// Sorts <paramref name="keys"/> by their upper 32 bits, of which only the low <paramref name="significantBits"/> may
    /// be non-zero; stable. <paramref name="scratch"/> must be at least as long. The result ends in <paramref name="keys"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SortByHigh(Span<ulong> keys, Span<ulong> scratch, int significantBits, Span<int> counts)
    {
        var n = keys.Length;
        if (n <= 24)
        {
            InsertionSort(keys);
            return;
        }
        var passes = (significantBits + 10) / 11;
        if (passes == 0) return;
        var digitBits = (significantBits + passes - 1) / passes;
        var buckets = 1 << digitBits;
        var mask = (ulong)(buckets - 1);
        var src = keys;
        var dst = scratch[..n];
        var inKeys = true;
        for (var pass = 0; pass < passes; pass++)
        {
            var shift = 32 + pass * digitBits;
            var c = counts[..buckets];
            c.Clear();
            for (var i = 0; i < n; i++) c[(int)((src[i] >> shift) & mask)]++;
            var sum = 0;
            for (var b = 0; b < buckets; b++)
            {
                var t = c[b];
                c[b] = sum;
                sum += t;
            }
            for (var i = 0; i < n; i++)
            {
                var k = src[i];
                dst[c[(int)((k >> shift) & mask)]++] = k;
            }
            var tmp = src;
            src = dst;
            dst = tmp;
            inKeys = !inKeys;
        }
        if (!inKeys) src.CopyTo(keys);
    }

    /// <summary>Insertion sort of small spans (the full 64-bit keys; ties cannot occur when the low half is a unique index).</summary>
    public static void InsertionSort(Span<ulong> keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            var k = keys[i];
            var j = i - 1;
            while (j >= 0 && keys[j] > k)
            {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = k;
        }
    }
}
