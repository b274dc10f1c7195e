namespace Augur.Data;

/// <summary>Helpers for the optional per-row missing flags of int64, bool and datetime columns.</summary>
internal static class MissingMask
{
    public static bool[]? Normalize(bool[]? missing, int length)
    {
        if (missing is null) return null;
        if (missing.Length != length) throw new ArgumentException($"missing mask has {missing.Length} entries, expected {length}");
        return Array.IndexOf(missing, true) < 0 ? null : missing;
    }

    public static bool[]? Take(bool[]? missing, ReadOnlySpan<int> rows)
    {
        if (missing is null) return null;
        var result = new bool[rows.Length];
        for (var i = 0; i < rows.Length; i++) result[i] = missing[rows[i]];
        return result;
    }

    public static bool[]? Append(bool[]? a, int aLength, bool[]? b, int bLength)
    {
        if (a is null && b is null) return null;
        var result = new bool[aLength + bLength];
        if (a is not null) Array.Copy(a, result, aLength);
        if (b is not null) Array.Copy(b, 0, result, aLength, bLength);
        return result;
    }

    public static int Count(bool[]? missing)
    {
        if (missing is null) return 0;
        var n = 0;
        foreach (var m in missing) if (m) n++;
        return n;
    }
}
