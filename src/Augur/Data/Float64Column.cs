using System.Numerics.Tensors;

namespace Augur.Data;

/// <summary>A column of 64-bit floating-point numbers; NaN marks a missing value.</summary>
public sealed class Float64Column : Column
{
    private readonly double[] _values;

    /// <summary>Creates the column; it takes ownership of <paramref name="values"/>.</summary>
    public Float64Column(string name, double[] values) : base(name, values?.Length ?? 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    /// <summary>Creates the column from any sequence of numbers (copied).</summary>
    public Float64Column(string name, IEnumerable<double> values) : this(name, values.ToArray()) { }

    /// <inheritdoc />
    public override ColumnType Type => ColumnType.Float64;

    /// <summary>The values, NaN where missing.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The backing array, for Augur's own readers that must not copy (never to be written).</summary>
    internal double[] UnsafeArray => _values;

    /// <summary>The value at <paramref name="row"/> (NaN when missing).</summary>
    public double this[int row] => _values[row];

    /// <inheritdoc />
    public override bool IsMissing(int row) => double.IsNaN(_values[row]);

    /// <inheritdoc />
    protected override int CountMissing()
    {
        var n = 0;
        foreach (var v in _values) if (double.IsNaN(v)) n++;
        return n;
    }

    /// <inheritdoc />
    public override object? GetValue(int row) => double.IsNaN(_values[row]) ? null : _values[row];

    /// <inheritdoc />
    public override double GetDouble(int row) => _values[row];

    /// <inheritdoc />
    public override void CopyTo(Span<double> destination) => _values.AsSpan().CopyTo(destination);

    /// <inheritdoc />
    public override Column Take(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        var result = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++) result[i] = _values[rows[i]];
        return new Float64Column(Name, result);
    }

    /// <inheritdoc />
    public override Column Slice(int start, int length) => new Float64Column(Name, _values.AsSpan(start, length).ToArray());

    /// <inheritdoc />
    public override Column Rename(string name) => new Float64Column(name, _values);

    /// <inheritdoc />
    public override Column Append(Column other)
    {
        var o = RequireSameType<Float64Column>(other);
        var result = new double[Length + o.Length];
        _values.CopyTo(result, 0);
        o._values.CopyTo(result, Length);
        return new Float64Column(Name, result);
    }

    /// <summary>The sum of the non-missing values.</summary>
    public double Sum()
    {
        if (MissingCount == 0) return TensorPrimitives.Sum<double>(_values);
        var s = 0.0;
        foreach (var v in _values) if (!double.IsNaN(v)) s += v;
        return s;
    }
}
