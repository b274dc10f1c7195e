namespace Augur.Explain;

/// <summary>Helpers shared by the explainers.</summary>
public static partial class Explainers
{
    /// <summary>The rows to explain: all of them when <paramref name="rows"/> is null, otherwise checked positions.</summary>
    internal static IReadOnlyList<int> ResolveRows(IReadOnlyList<int>? rows, int count, string consumer)
    {
        if (rows is null) return Enumerable.Range(0, count).ToArray();
        foreach (var r in rows)
            if ((uint)r >= (uint)count) throw new AugurException($"{consumer}: row {r} is outside the data's {count} rows (0…{count - 1})");
        return rows.ToArray();
    }
}
