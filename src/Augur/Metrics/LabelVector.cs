using Augur.Data;

namespace Augur.Metrics;

/// <summary>
/// One label per row, as a metric reads it: an Augur <see cref="Data.Column"/> of any label type (int64, float64,
/// bool, string, categorical), or a plain array or span of <see cref="int"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/> or <see cref="string"/>. All of these convert implicitly, so
/// <c>ClassificationMetrics.Accuracy(yTest, model.Predict(xTest))</c> and
/// <c>ClassificationMetrics.Accuracy(new[] { 0, 1, 1 }, new[] { 0, 1, 0 })</c> both work. Nothing is copied.
/// </summary>
/// <remarks>
/// Labels are matched as scikit-learn matches them: numbers numerically (an int64 <c>1</c> equals a float64
/// <c>1.0</c>, false and true are 0 and 1), texts ordinally; numbers and texts cannot be mixed in one metric call.
/// </remarks>
public readonly ref struct LabelVector
{
    internal enum Source : byte { Empty, Column, Int32, Int64, Float64, Bool, Text }

    internal readonly Column? ColumnValue;
    internal readonly ReadOnlySpan<int> Int32Values;
    internal readonly ReadOnlySpan<long> Int64Values;
    internal readonly ReadOnlySpan<double> Float64Values;
    internal readonly ReadOnlySpan<bool> BoolValues;
    internal readonly ReadOnlySpan<string?> TextValues;
    internal readonly Source Kind;

    private LabelVector(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        ColumnValue = column;
        Kind = Source.Column;
        Length = column.Length;
    }

    private LabelVector(ReadOnlySpan<int> values)
    {
        Int32Values = values;
        Kind = Source.Int32;
        Length = values.Length;
    }

    private LabelVector(ReadOnlySpan<long> values)
    {
        Int64Values = values;
        Kind = Source.Int64;
        Length = values.Length;
    }

    private LabelVector(ReadOnlySpan<double> values)
    {
        Float64Values = values;
        Kind = Source.Float64;
        Length = values.Length;
    }

    private LabelVector(ReadOnlySpan<bool> values)
    {
        BoolValues = values;
        Kind = Source.Bool;
        Length = values.Length;
    }

    private LabelVector(ReadOnlySpan<string?> values)
    {
        TextValues = values;
        Kind = Source.Text;
        Length = values.Length;
    }

    /// <summary>The number of rows.</summary>
    public int Length { get; }

    /// <summary>Reads the labels of a column.</summary>
    public static implicit operator LabelVector(Column column) => new(column);

    /// <summary>Reads integer labels.</summary>
    public static implicit operator LabelVector(int[] values) => new(new ReadOnlySpan<int>(values));

    /// <summary>Reads integer labels.</summary>
    public static implicit operator LabelVector(ReadOnlySpan<int> values) => new(values);

    /// <summary>Reads integer labels.</summary>
    public static implicit operator LabelVector(long[] values) => new(new ReadOnlySpan<long>(values));

    /// <summary>Reads integer labels.</summary>
    public static implicit operator LabelVector(ReadOnlySpan<long> values) => new(values);

    /// <summary>Reads numeric labels (NaN is a missing label).</summary>
    public static implicit operator LabelVector(double[] values) => new(new ReadOnlySpan<double>(values));

    /// <summary>Reads numeric labels (NaN is a missing label).</summary>
    public static implicit operator LabelVector(ReadOnlySpan<double> values) => new(values);

    /// <summary>Reads boolean labels (false and true, compared with numbers as 0 and 1).</summary>
    public static implicit operator LabelVector(bool[] values) => new(new ReadOnlySpan<bool>(values));

    /// <summary>Reads boolean labels.</summary>
    public static implicit operator LabelVector(ReadOnlySpan<bool> values) => new(values);

    /// <summary>Reads text labels (null is a missing label).</summary>
    public static implicit operator LabelVector(string?[] values) => new(new ReadOnlySpan<string?>(values));

    /// <summary>Reads text labels (null is a missing label).</summary>
    public static implicit operator LabelVector(ReadOnlySpan<string?> values) => new(values);

    /// <summary>Reads the labels of a column.</summary>
    public static LabelVector FromColumn(Column column) => new(column);

    /// <summary>Reads integer labels.</summary>
    public static LabelVector FromSpan(ReadOnlySpan<int> values) => new(values);

    /// <summary>Reads numeric labels.</summary>
    public static LabelVector FromSpan(ReadOnlySpan<double> values) => new(values);

    /// <summary>Reads text labels.</summary>
    public static LabelVector FromSpan(ReadOnlySpan<string?> values) => new(values);

    /// <summary>The name used in error messages: the column name when there is one.</summary>
    internal string NameOr(string fallback) => ColumnValue?.Name is { Length: > 0 } n ? $"{fallback} ('{n}')" : fallback;

    /// <summary>True when the labels are texts (string or categorical column, or strings).</summary>
    internal bool IsText => Kind switch
    {
        Source.Text => true,
        Source.Column => !ColumnValue!.IsNumeric,
        _ => false,
    };

    /// <summary>True when the labels are booleans.</summary>
    internal bool IsBool => Kind == Source.Bool || (Kind == Source.Column && ColumnValue is BoolColumn);
}
