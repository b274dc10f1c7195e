using Augur.Data;

namespace Augur.Explain;

/// <summary>Builds frames whose cells come from chosen rows of a pool frame, column by column (any column type).</summary>
internal static class FrameMixer
{
    /// <summary>A frame with column <c>j</c> taken from <paramref name="pool"/>'s column <c>j</c> at rows <paramref name="rows"/>[j].</summary>
    public static Frame Gather(Frame pool, int[][] rows)
    {
        var columns = new Column[pool.ColumnCount];
        for (var j = 0; j < columns.Length; j++) columns[j] = pool[j].Take(rows[j]);
        return new Frame(columns);
    }

    /// <summary>True when two cells hold the same value (missing equals missing).</summary>
    public static bool SameValue(Column a, int i, Column b, int k)
    {
        var ma = a.IsMissing(i);
        var mb = b.IsMissing(k);
        if (ma || mb) return ma == mb;
        if (a.IsNumeric && b.IsNumeric && a.Type != ColumnType.Sparse && b.Type != ColumnType.Sparse) return a.GetDouble(i) == b.GetDouble(k);
        return string.Equals(a.Format(i), b.Format(k), StringComparison.Ordinal);
    }

    /// <summary>The model's input columns of <paramref name="x"/>, in signature order (throws for missing ones).</summary>
    public static Frame Inputs(IModel model, Frame x, string consumer)
    {
        var names = model.Signature.InputNames;
        foreach (var n in names)
            if (!x.Contains(n)) throw new AugurException($"{consumer}: input column '{n}' is missing; the model needs: {string.Join(", ", names)}");
        return x.Select(names);
    }
}
