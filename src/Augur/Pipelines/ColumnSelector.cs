using Augur.Data;

namespace Augur.Pipelines;

/// <summary>
/// Picks the columns a <see cref="ColumnTransformer"/> entry applies to: a list of names, a type (numeric, categorical,
/// text, datetime, bool) or a predicate over columns. Selection happens once, at fit time, on the training frame.
/// </summary>
public sealed class ColumnSelector
{
    private readonly Func<Frame, IReadOnlyList<string>> _select;

    private ColumnSelector(string description, Func<Frame, IReadOnlyList<string>> select)
    {
        Description = description;
        _select = select;
    }

    /// <summary>A readable description (for example <c>numeric</c> or <c>[age, income]</c>).</summary>
    public string Description { get; }

    /// <summary>The names of the selected columns of <paramref name="x"/>, in the frame's order (or the listed order for names).</summary>
    public IReadOnlyList<string> Select(Frame x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return _select(x);
    }

    /// <summary>The named columns, in the order given; a name the frame lacks is an error at fit time.</summary>
    public static ColumnSelector Names(params IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = names.ToArray();
        if (list.Any(n => n is null)) throw new ArgumentException("a column name is null", nameof(names));
        if (list.Distinct(StringComparer.Ordinal).Count() != list.Length)
            throw new AugurException($"a column selector names a column twice: {string.Join(", ", list)}");
        return new ColumnSelector("[" + string.Join(", ", list) + "]", x =>
        {
            foreach (var n in list)
                if (!x.Contains(n)) throw new ColumnNotFoundException(n, x.ColumnNames);
            return list;
        });
    }

    /// <summary>The columns for which <paramref name="predicate"/> is true, in the frame's order.</summary>
    public static ColumnSelector Where(Func<Column, bool> predicate, string description = "predicate")
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new ColumnSelector(description, x => x.Columns.Where(predicate).Select(c => c.Name).ToArray());
    }

    /// <summary>The columns of any of the given types, in the frame's order.</summary>
    public static ColumnSelector OfType(params ColumnType[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var set = types.ToHashSet();
        return Where(c => set.Contains(c.Type), string.Join("|", types.Select(t => t.ToName())));
    }

    /// <summary>Numeric columns: float64, int64 and sparse (not bool; see <see cref="Bool"/>).</summary>
    public static ColumnSelector Numeric { get; } = Where(c => c.Type is ColumnType.Float64 or ColumnType.Int64 or ColumnType.Sparse, "numeric");

    /// <summary>Categorical (dictionary-encoded) columns.</summary>
    public static ColumnSelector Categorical { get; } = OfType(ColumnType.Categorical);

    /// <summary>String columns.</summary>
    public static ColumnSelector Text { get; } = OfType(ColumnType.String);

    /// <summary>Datetime columns.</summary>
    public static ColumnSelector DateTime { get; } = OfType(ColumnType.DateTime);

    /// <summary>Boolean columns.</summary>
    public static ColumnSelector Bool { get; } = OfType(ColumnType.Bool);

    /// <summary>Every column.</summary>
    public static ColumnSelector All { get; } = Where(_ => true, "all");

    /// <summary>Selects the named columns.</summary>
    public static implicit operator ColumnSelector(string[] names) => Names(names);

    /// <summary>Selects one named column.</summary>
    public static implicit operator ColumnSelector(string name) => Names(name);

    /// <inheritdoc />
    public override string ToString() => Description;
}
