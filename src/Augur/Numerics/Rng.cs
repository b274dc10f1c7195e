namespace Augur.Numerics;

/// <summary>
/// A small, fast, seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64). The same seed gives
/// the same sequence on every machine and .NET version. Not thread-safe: give each thread its own, derived with
/// <see cref="Derive"/>.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian = double.NaN;

    /// <summary>Creates a generator from a seed.</summary>
    public Rng(long seed)
    {
        var sm = unchecked((ulong)seed);
        _s0 = SplitMix(ref sm);
        _s1 = SplitMix(ref sm);
        _s2 = SplitMix(ref sm);
        _s3 = SplitMix(ref sm);
    }

    /// <summary>A deterministic seed for stream <paramref name="index"/> derived from <paramref name="seed"/> (for parallel work).</summary>
    public static long Derive(long seed, long index)
    {
        var sm = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index);
        SplitMix(ref sm);
        return unchecked((long)SplitMix(ref sm));
    }

    private static ulong SplitMix(ref ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        var z = x;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = unchecked(RotateLeft(_s1 * 5, 7) * 9);
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextDouble(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="n"/>), without modulo bias.</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var bound = (ulong)n;
        var threshold = unchecked((0UL - bound) % bound);
        while (true)
        {
            var r = NextUInt64();
            var m = Math.BigMul(r, bound, out var low);
            if (low >= threshold) return (int)m;
        }
    }

    /// <summary>A uniform integer in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public int NextInt(int low, int high) => low + NextInt(high - low);

    /// <summary>A standard normal deviate (Marsaglia's polar method).</summary>
    public double NextGaussian()
    {
        if (!double.IsNaN(_spareGaussian))
        {
            var s = _spareGaussian;
            _spareGaussian = double.NaN;
            return s;
        }
        double u, v, q;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            q = u * u + v * v;
        } while (q >= 1 || q == 0);
        var f = Math.Sqrt(-2 * Math.Log(q) / q);
        _spareGaussian = v * f;
        return u * f;
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>A random permutation of 0 … n-1.</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++) p[i] = i;
        Shuffle<int>(p);
        return p;
    }

    /// <summary><paramref name="k"/> distinct indices from 0 … n-1, in random order.</summary>
    public int[] SampleWithoutReplacement(int n, int k)
    {
        if (k > n) throw new ArgumentOutOfRangeException(nameof(k), "cannot sample more items than there are");
        if (k * 4 > n)
        {
            var p = Permutation(n);
            return p[..k];
        }
        var chosen = new HashSet<int>();
        var result = new int[k];
        var m = 0;
        while (m < k)
        {
            var r = NextInt(n);
            if (chosen.Add(r)) result[m++] = r;
        }
        return result;
    }
}
