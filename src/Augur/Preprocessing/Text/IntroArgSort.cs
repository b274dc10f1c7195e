namespace Augur.Preprocessing;

/// <summary>
/// An unstable introsort argsort with the same tie order as NumPy's default (<c>kind='quicksort'</c>) argsort of 64-bit
/// numbers: Sedgewick's median-of-three quicksort with the pivot parked next to the right end, insertion sort for
/// partitions of at most 16 elements (verified against NumPy 1.24 on tie-heavy arrays), the larger partition deferred on a stack, and a heapsort fallback once the depth
/// exceeds twice the floor of log2 n (Musser's introsort). scikit-learn cuts <c>max_features</c> with such a sort, so
/// reproducing its tie order keeps the same vocabulary when term frequencies tie at the cut.
/// </summary>
internal static class IntroArgSort
{
    // Partitions spanning more than 15 positions (17 or more elements) are split; smaller ones are insertion-sorted.
    private const int SmallPartition = 15;

    /// <summary>The permutation that sorts <paramref name="keys"/> ascending.</summary>
    public static int[] ArgSort(ReadOnlySpan<long> keys)
    {
        var n = keys.Length;
        var idx = new int[n];
        for (var i = 0; i < n; i++) idx[i] = i;
        if (n < 2) return idx;
        var stack = new Stack<(int Left, int Right, int Depth)>();
        var left = 0;
        var right = n - 1;
        var depth = 2 * FloorLog2(n);
        while (true)
        {
            if (depth < 0)
            {
                HeapSort(keys, idx, left, right - left + 1);
            }
            else
            {
                while (right - left > SmallPartition)
                {
                    var mid = left + ((right - left) >> 1);
                    if (keys[idx[mid]] < keys[idx[left]]) Swap(idx, mid, left);
                    if (keys[idx[right]] < keys[idx[mid]]) Swap(idx, right, mid);
                    if (keys[idx[mid]] < keys[idx[left]]) Swap(idx, mid, left);
                    var pivot = keys[idx[mid]];
                    var i = left;
                    var j = right - 1;
                    Swap(idx, mid, j);
                    while (true)
                    {
                        do i++; while (keys[idx[i]] < pivot);
                        do j--; while (pivot < keys[idx[j]]);
                        if (i >= j) break;
                        Swap(idx, i, j);
                    }
                    Swap(idx, i, right - 1);
                    depth--;
                    if (i - left < right - i)
                    {
                        stack.Push((i + 1, right, depth));
                        right = i - 1;
                    }
                    else
                    {
                        stack.Push((left, i - 1, depth));
                        left = i + 1;
                    }
                }
                for (var i = left + 1; i <= right; i++)
                {
                    var v = idx[i];
                    var key = keys[v];
                    var j = i;
                    while (j > left && key < keys[idx[j - 1]])
                    {
                        idx[j] = idx[j - 1];
                        j--;
                    }
                    idx[j] = v;
                }
            }
            if (stack.Count == 0) break;
            (left, right, depth) = stack.Pop();
        }
        return idx;
    }

    private static int FloorLog2(int n)
    {
        var k = 0;
        while ((n >>= 1) != 0) k++;
        return k;
    }

    private static void Swap(int[] a, int i, int j) => (a[i], a[j]) = (a[j], a[i]);

    /// <summary>Heapsort of <c>idx[start … start+count-1]</c> (1-based heap arithmetic, max-heap).</summary>
    private static void HeapSort(ReadOnlySpan<long> keys, int[] idx, int start, int count)
    {
        // a[1..count] maps to idx[start .. start+count-1].
        int A(int k) => idx[start + k - 1];
        void Set(int k, int value) => idx[start + k - 1] = value;
        // Moves tmp down from position i of the heap a[1..n] to where its children are no larger.
        void SiftDown(ReadOnlySpan<long> keys, int tmp, int i, int n)
        {
            var j = i << 1;
            while (j <= n)
            {
                if (j < n && keys[A(j)] < keys[A(j + 1)]) j++;
                if (keys[tmp] < keys[A(j)])
                {
                    Set(i, A(j));
                    i = j;
                    j += j;
                }
                else break;
            }
            Set(i, tmp);
        }
        for (var l = count >> 1; l > 0; l--) SiftDown(keys, A(l), l, count);
        for (var n = count; n > 1; n--)
        {
            var tmp = A(n);
            Set(n, A(1));
            SiftDown(keys, tmp, 1, n - 1);
        }
    }
}
