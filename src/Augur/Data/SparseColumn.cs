namespace Augur.Data;

/// <summary>
/// A numeric column stored sparsely: the rows that hold a non-zero value (ascending) and those values; every
/// other row is zero. Text vectorizers produce these; models read them as a CSR matrix without densifying.
/// Sparse columns have no missing values.
/// </summary>
public sealed class SparseColumn : Column
{
    private readonly int[] _rows;
    private readonly double[] _values;

    /// <summary>Creates the column; it takes ownership of both arrays. <paramref name="rows"/> must be strictly ascending and in range.</summary>
    public SparseColumn(string name, int length, int[] rows, double[] values) : base(name, length)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(values);
        if (rows.Length != values.Length) throw new ArgumentException("rows and values must have the same length");
        for (var i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)length) throw new ArgumentOutOfRangeException(nameof(rows), $"row {rows[i]} is out of range");
            if (i > 0 && rows[i] <= rows[i - 1]) throw new ArgumentException("rows must be strictly ascending", nameof(rows));
            if (double.IsNaN(values[i])) throw new ArgumentException("a sparse column cannot hold NaN", nameof(values));
        }
        _rows = rows;
        _values = values;
    }

    /// <inheritdoc />
    public override ColumnType Type => ColumnType.Sparse;

    /// <summary>The rows holding non-zero values, ascending.</summary>
    public ReadOnlySpan<int> Rows => _rows;

    /// <summary>The stored values, aligned with <see cref="Rows"/>.</summary>
    public ReadOnlySpan<double> StoredValues => _values;

    /// <summary>The number of stored values.</summary>
    public int NonZeroCount => _rows.Length;

    /// <inheritdoc />
    public override bool IsMissing(int row) => false;

    /// <inheritdoc />
    protected override int CountMissing() => 0;

    /// <inheritdoc />
    public override double GetDouble(int row)
    {
        if ((uint)row >= (uint)Length) throw new ArgumentOutOfRangeException(nameof(row));
        var k = Array.BinarySearch(_rows, row);
        return k >= 0 ? _values[k] : 0.0;
    }

    /// <inheritdoc />
    public override object? GetValue(int row) => GetDouble(row);

    /// <inheritdoc />
    public override void CopyTo(Span<double> destination)
    {
        destination[..Length].Clear();
        for (var i = 0; i < _rows.Length; i++) destination[_rows[i]] = _values[i];
    }

    /// <inheritdoc />
    public override Column Take(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        var newRows = new List<int>();
        var newValues = new List<double>();
        for (var i = 0; i < rows.Length; i++)
        {
            var k = Array.BinarySearch(_rows, rows[i]);
            if (k >= 0) { newRows.Add(i); newValues.Add(_values[k]); }
        }
        return new SparseColumn(Name, rows.Length, newRows.ToArray(), newValues.ToArray());
    }

    /// <inheritdoc />
    public override Column Rename(string name) => new SparseColumn(name, Length, _rows, _values);

    /// <inheritdoc />
    public override Column Append(Column other)
    {
        var o = RequireSameType<SparseColumn>(other);
        var rows = new int[_rows.Length + o._rows.Length];
        var values = new double[rows.Length];
        _rows.CopyTo(rows, 0);
        _values.CopyTo(values, 0);
        for (var i = 0; i < o._rows.Length; i++)
        {
            rows[_rows.Length + i] = o._rows[i] + Length;
            values[_rows.Length + i] = o._values[i];
        }
        return new SparseColumn(Name, Length + o.Length, rows, values);
    }
}
