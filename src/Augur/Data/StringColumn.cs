namespace Augur.Data;

/// <summary>A column of free text; null marks a missing value.</summary>
public sealed class StringColumn : Column
{
    private readonly string?[] _values;

    /// <summary>Creates the column; it takes ownership of <paramref name="values"/>.</summary>
    public StringColumn(string name, string?[] values) : base(name, values?.Length ?? 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    /// <summary>Creates the column from any sequence of strings (copied).</summary>
    public StringColumn(string name, IEnumerable<string?> values) : this(name, values.ToArray()) { }

    /// <inheritdoc />
    public override ColumnType Type => ColumnType.String;

    /// <summary>The values, null where missing.</summary>
    public ReadOnlySpan<string?> Values => _values;

    /// <summary>The value at <paramref name="row"/>, or null when missing.</summary>
    public string? this[int row] => _values[row];

    /// <inheritdoc />
    public override bool IsMissing(int row) => _values[row] is null;

    /// <inheritdoc />
    public override object? GetValue(int row) => _values[row];

    /// <inheritdoc />
    public override string Format(int row) => _values[row] ?? "";

    /// <inheritdoc />
    public override Column Take(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        var result = new string?[rows.Length];
        for (var i = 0; i < rows.Length; i++) result[i] = _values[rows[i]];
        return new StringColumn(Name, result);
    }

    /// <inheritdoc />
    public override Column Rename(string name) => new StringColumn(name, _values);

    /// <inheritdoc />
    public override Column Append(Column other)
    {
        if (other is CategoricalColumn cat) other = cat.ToStringColumn();
        var o = RequireSameType<StringColumn>(other);
        var result = new string?[Length + o.Length];
        _values.CopyTo(result, 0);
        o._values.CopyTo(result, Length);
        return new StringColumn(Name, result);
    }

    /// <summary>Dictionary-encodes the column; categories are sorted ordinally (as NumPy sorts strings).</summary>
    public CategoricalColumn ToCategorical()
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in _values) if (v is not null) distinct.Add(v);
        var categories = distinct.ToArray();
        Array.Sort(categories, StringComparer.Ordinal);
        return CategoricalColumn.FromStrings(Name, _values, categories);
    }
}
