using System.Globalization;

namespace Augur.Data;

/// <summary>
/// One named, typed, immutable column of a <see cref="Frame"/>. A column takes ownership of the arrays it is
/// built from: do not change them afterwards. Every operation returns a new column and leaves this one as it was.
/// </summary>
public abstract class Column
{
    private int _missingCount = -1;

    /// <summary>Creates the base part of a column.</summary>
    protected Column(string name, int length)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Name = name;
        Length = length;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>The number of rows.</summary>
    public int Length { get; }

    /// <summary>The storage type.</summary>
    public abstract ColumnType Type { get; }

    /// <summary>True when the type can be read as numbers (<see cref="GetDouble"/>, <see cref="CopyTo"/>).</summary>
    public bool IsNumeric => Type.IsNumeric();

    /// <summary>True when row <paramref name="row"/> holds no value.</summary>
    public abstract bool IsMissing(int row);

    /// <summary>The number of missing values (computed once, then remembered).</summary>
    public int MissingCount
    {
        get
        {
            if (_missingCount < 0) _missingCount = CountMissing();
            return _missingCount;
        }
    }

    /// <summary>Counts the missing values.</summary>
    protected virtual int CountMissing()
    {
        var n = 0;
        for (var i = 0; i < Length; i++) if (IsMissing(i)) n++;
        return n;
    }

    /// <summary>The value at <paramref name="row"/>, boxed (double, long, bool, string, DateTime), or null when missing.</summary>
    public abstract object? GetValue(int row);

    /// <summary>The value at <paramref name="row"/> as a number (NaN when missing). Throws for string, categorical and datetime columns.</summary>
    public virtual double GetDouble(int row) =>
        throw new AugurException($"column '{Name}' holds {Type.ToName()} values, not numbers");

    /// <summary>Copies the column into <paramref name="destination"/> as numbers, NaN for missing. Throws for non-numeric columns.</summary>
    public virtual void CopyTo(Span<double> destination)
    {
        if (!IsNumeric) throw new AugurException($"column '{Name}' holds {Type.ToName()} values, not numbers");
        if (destination.Length < Length) throw new ArgumentException("destination is too short", nameof(destination));
        for (var i = 0; i < Length; i++) destination[i] = GetDouble(i);
    }

    /// <summary>The column as a new array of doubles (NaN for missing). Throws for non-numeric columns.</summary>
    public double[] ToDoubleArray()
    {
        var result = new double[Length];
        CopyTo(result);
        return result;
    }

    /// <summary>A display string for <paramref name="row"/>; missing values show as an empty string.</summary>
    public virtual string Format(int row)
    {
        var value = GetValue(row);
        return value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order (indices may repeat).</summary>
    public abstract Column Take(ReadOnlySpan<int> rows);

    /// <summary>The rows where <paramref name="mask"/> is true.</summary>
    public Column Filter(ReadOnlySpan<bool> mask)
    {
        if (mask.Length != Length)
            throw new ArgumentException($"mask has {mask.Length} entries but column '{Name}' has {Length} rows", nameof(mask));
        var count = 0;
        foreach (var m in mask) if (m) count++;
        var idx = new int[count];
        var k = 0;
        for (var i = 0; i < mask.Length; i++) if (mask[i]) idx[k++] = i;
        return Take(idx);
    }

    /// <summary>The rows <c>[start, start + length)</c>.</summary>
    public virtual Column Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (start + length > Length) throw new ArgumentOutOfRangeException(nameof(length));
        var idx = new int[length];
        for (var i = 0; i < length; i++) idx[i] = start + i;
        return Take(idx);
    }

    /// <summary>The same values under another name (no copy).</summary>
    public abstract Column Rename(string name);

    /// <summary>This column's rows followed by <paramref name="other"/>'s rows. The types must match.</summary>
    public abstract Column Append(Column other);

    /// <summary>Throws unless <paramref name="other"/> has the same type as this column.</summary>
    protected T RequireSameType<T>(Column other) where T : Column =>
        other as T ?? throw new AugurException(
            $"cannot append column '{other.Name}' of type {other.Type.ToName()} to column '{Name}' of type {Type.ToName()}");

    /// <summary>
    /// True when <paramref name="other"/> has the same type, length and values (names may differ; missing equals missing;
    /// floating-point values compare bit for bit, so NaN equals NaN and 0.0 differs from -0.0).
    /// </summary>
    public bool ContentEquals(Column other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Type != Type || other.Length != Length) return false;
        for (var i = 0; i < Length; i++)
        {
            var a = GetValue(i);
            var b = other.GetValue(i);
            if (a is double da && b is double db)
            {
                if (BitConverter.DoubleToInt64Bits(da) != BitConverter.DoubleToInt64Bits(db)) return false;
            }
            else if (!Equals(a, b)) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Type.ToName()}, {Length} rows)";

    /// <summary>Validates row indices for <see cref="Take"/>.</summary>
    protected void CheckRows(ReadOnlySpan<int> rows)
    {
        foreach (var r in rows)
            if ((uint)r >= (uint)Length)
                throw new ArgumentOutOfRangeException(nameof(rows), $"row {r} is out of range for column '{Name}' with {Length} rows");
    }
}
