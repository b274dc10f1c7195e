using System.Globalization;

namespace Augur.Data;

/// <summary>A column of dates and times (stored as <see cref="DateTime.Ticks"/>) with an optional missing-value mask.</summary>
public sealed class DateTimeColumn : Column
{
    private readonly long[] _ticks;
    private readonly bool[]? _missing;

    /// <summary>Creates the column from ticks; it takes ownership of both arrays.</summary>
    public DateTimeColumn(string name, long[] ticks, bool[]? missing = null) : base(name, ticks?.Length ?? 0)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        foreach (var t in ticks)
            if (t < DateTime.MinValue.Ticks || t > DateTime.MaxValue.Ticks)
                throw new ArgumentOutOfRangeException(nameof(ticks), "a tick count is outside the range of DateTime");
        _ticks = ticks;
        _missing = MissingMask.Normalize(missing, ticks.Length);
    }

    /// <summary>Creates the column from nullable dates (null = missing).</summary>
    public DateTimeColumn(string name, IReadOnlyList<DateTime?> values)
        : this(name, values.Select(v => v?.Ticks ?? 0L).ToArray(), values.Select(v => v is null).ToArray()) { }

    /// <inheritdoc />
    public override ColumnType Type => ColumnType.DateTime;

    /// <summary>The raw tick counts (meaningless where missing).</summary>
    public ReadOnlySpan<long> Ticks => _ticks;

    /// <summary>The missing flags, or an empty span when no value is missing.</summary>
    public ReadOnlySpan<bool> Missing => _missing;

    /// <summary>The value at <paramref name="row"/>, or null when missing.</summary>
    public DateTime? this[int row] => IsMissing(row) ? null : new DateTime(_ticks[row]);

    /// <inheritdoc />
    public override bool IsMissing(int row) => _missing is not null && _missing[row];

    /// <inheritdoc />
    protected override int CountMissing() => MissingMask.Count(_missing);

    /// <inheritdoc />
    public override object? GetValue(int row) => this[row];

    /// <inheritdoc />
    public override string Format(int row)
    {
        if (IsMissing(row)) return "";
        var d = new DateTime(_ticks[row]);
        return d.TimeOfDay == TimeSpan.Zero
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : d.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public override Column Take(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        var result = new long[rows.Length];
        for (var i = 0; i < rows.Length; i++) result[i] = _ticks[rows[i]];
        return new DateTimeColumn(Name, result, MissingMask.Take(_missing, rows));
    }

    /// <inheritdoc />
    public override Column Rename(string name) => new DateTimeColumn(name, _ticks, _missing);

    /// <inheritdoc />
    public override Column Append(Column other)
    {
        var o = RequireSameType<DateTimeColumn>(other);
        var result = new long[Length + o.Length];
        _ticks.CopyTo(result, 0);
        o._ticks.CopyTo(result, Length);
        return new DateTimeColumn(Name, result, MissingMask.Append(_missing, Length, o._missing, o.Length));
    }
}
