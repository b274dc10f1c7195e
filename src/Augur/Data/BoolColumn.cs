namespace Augur.Data;

/// <summary>A column of booleans with an optional missing-value mask. As numbers, false is 0 and true is 1.</summary>
public sealed class BoolColumn : Column
{
    private readonly bool[] _values;
    private readonly bool[]? _missing;

    /// <summary>Creates the column; it takes ownership of both arrays. <paramref name="missing"/> flags missing rows (null: none).</summary>
    public BoolColumn(string name, bool[] values, bool[]? missing = null) : base(name, values?.Length ?? 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
        _missing = MissingMask.Normalize(missing, values.Length);
    }

    /// <inheritdoc />
    public override ColumnType Type => ColumnType.Bool;

    /// <summary>The raw values (the value stored at a missing row is meaningless).</summary>
    public ReadOnlySpan<bool> Values => _values;

    /// <summary>The missing flags, or an empty span when no value is missing.</summary>
    public ReadOnlySpan<bool> Missing => _missing;

    /// <summary>The value at <paramref name="row"/>, or null when missing.</summary>
    public bool? this[int row] => IsMissing(row) ? null : _values[row];

    /// <inheritdoc />
    public override bool IsMissing(int row) => _missing is not null && _missing[row];

    /// <inheritdoc />
    protected override int CountMissing() => MissingMask.Count(_missing);

    /// <inheritdoc />
    public override object? GetValue(int row) => IsMissing(row) ? null : _values[row];

    /// <inheritdoc />
    public override double GetDouble(int row) => IsMissing(row) ? double.NaN : _values[row] ? 1.0 : 0.0;

    /// <inheritdoc />
    public override string Format(int row) => IsMissing(row) ? "" : _values[row] ? "true" : "false";

    /// <inheritdoc />
    public override Column Take(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        var result = new bool[rows.Length];
        for (var i = 0; i < rows.Length; i++) result[i] = _values[rows[i]];
        return new BoolColumn(Name, result, MissingMask.Take(_missing, rows));
    }

    /// <inheritdoc />
    public override Column Rename(string name) => new BoolColumn(name, _values, _missing);

    /// <inheritdoc />
    public override Column Append(Column other)
    {
        var o = RequireSameType<BoolColumn>(other);
        var result = new bool[Length + o.Length];
        _values.CopyTo(result, 0);
        o._values.CopyTo(result, Length);
        return new BoolColumn(Name, result, MissingMask.Append(_missing, Length, o._missing, o.Length));
    }
}
