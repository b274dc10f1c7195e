namespace Augur.Metrics;

/// <summary>
/// Orders rows by decreasing score in O(n): scores become unsigned keys that sort like the doubles, and a
/// least-significant-digit radix sort (8-bit digits, digits shared by every key skipped) carries the row indices.
/// </summary>
internal static class ScoreSort
{
    private const int SmallSort = 512;

    /// <summary>A key whose unsigned order is the reverse of the double order (−0 is read as +0).</summary>
    public static ulong DescendingKey(double score)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(score + 0.0);
        var ascending = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits ^ 0x8000_0000_0000_0000UL;
        return ~ascending;
    }

    /// <summary>Sorts <paramref name="keys"/> ascending and permutes <paramref name="rows"/> alike (both in place).</summary>
    public static void Sort(ulong[] keys, int[] rows)
    {
        var n = keys.Length;
        if (n <= SmallSort)
        {
            Array.Sort(keys, rows);
            return;
        }
        // Which bytes vary at all: digits shared by every key need no pass.
        ulong and = ulong.MaxValue, or = 0;
        foreach (var k in keys)
        {
            and &= k;
            or |= k;
        }
        var varying = and ^ or;
        var keyBuffer = new ulong[n];
        var rowBuffer = new int[n];
        var srcKeys = keys;
        var srcRows = rows;
        var dstKeys = keyBuffer;
        var dstRows = rowBuffer;
        Span<int> counts = stackalloc int[256];
        for (var shift = 0; shift < 64; shift += 8)
        {
            if (((varying >> shift) & 0xFF) == 0) continue;
            counts.Clear();
            foreach (var k in srcKeys) counts[(int)((k >> shift) & 0xFF)]++;
            var total = 0;
            for (var d = 0; d < 256; d++)
            {
                var c = counts[d];
                counts[d] = total;
                total += c;
            }
            for (var i = 0; i < n; i++)
            {
                var k = srcKeys[i];
                var slot = counts[(int)((k >> shift) & 0xFF)]++;
                dstKeys[slot] = k;
                dstRows[slot] = srcRows[i];
            }
            (srcKeys, dstKeys) = (dstKeys, srcKeys);
            (srcRows, dstRows) = (dstRows, srcRows);
        }
        if (!ReferenceEquals(srcKeys, keys))
        {
            Array.Copy(srcKeys, keys, n);
            Array.Copy(srcRows, rows, n);
        }
    }
}
