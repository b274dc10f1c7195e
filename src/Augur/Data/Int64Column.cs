namespace Augur.Data;

/// <summary>A column of 64-bit integers with an optional missing-value mask.</summary>
public sealed class Int64Column : Column
{
    private readonly long[] _values;
    private readonly bool[]? _missing;

    /// <summary>Creates the column; it takes ownership of both arrays. <paramref name="missing"/> flags missing rows (null: none).</summary>
    public Int64Column(string name, long[] values, bool[]? missing = null) : base(name, values?.Length ?? 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
        _missing = MissingMask.Normalize(missing, values.Length);
    }

    /// <inheritdoc />
    public override ColumnType Type => ColumnType.Int64;

    /// <summary>The raw values (the value stored at a missing row is meaningless).</summary>
    public ReadOnlySpan<long> Values => _values;

    /// <summary>The missing flags, or an empty span when no value is missing.</summary>
    public ReadOnlySpan<bool> Missing => _missing;

    /// <summary>The value at <paramref name="row"/>, or null when missing.</summary>
    public long? this[int row] => IsMissing(row) ? null : _values[row];

    /// <inheritdoc />
    public override bool IsMissing(int row) => _missing is not null && _missing[row];

    /// <inheritdoc />
    protected override int CountMissing() => MissingMask.Count(_missing);

    /// <inheritdoc />
    public override object? GetValue(int row) => IsMissing(row) ? null : _values[row];

    /// <inheritdoc />
    public override double GetDouble(int row) => IsMissing(row) ? double.NaN : _values[row];

    /// <inheritdoc />
    public override void CopyTo(Span<double> destination)
    {
        for (var i = 0; i < _values.Length; i++) destination[i] = _values[i];
        if (_missing is not null)
            for (var i = 0; i < _missing.Length; i++) if (_missing[i]) destination[i] = double.NaN;
    }

    /// <inheritdoc />
    public override Column Take(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        var result = new long[rows.Length];
        for (var i = 0; i < rows.Length; i++) result[i] = _values[rows[i]];
        return new Int64Column(Name, result, MissingMask.Take(_missing, rows));
    }

    /// <inheritdoc />
    public override Column Rename(string name) => new Int64Column(name, _values, _missing);

    /// <inheritdoc />
    public override Column Append(Column other)
    {
        var o = RequireSameType<Int64Column>(other);
        var result = new long[Length + o.Length];
        _values.CopyTo(result, 0);
        o._values.CopyTo(result, Length);
        return new Int64Column(Name, result, MissingMask.Append(_missing, Length, o._missing, o.Length));
    }
}
