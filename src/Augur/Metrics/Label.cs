using System.Globalization;
using Augur.Data;

namespace Augur.Metrics;

/// <summary>
/// One class label given as an option of a metric (a positive label, or an entry of an explicit label order):
/// a number, a text or a boolean. Numbers, texts and booleans convert to it implicitly, so
/// <c>posLabel: 1</c>, <c>posLabel: "spam"</c> and <c>labels: [2, 0, 1]</c> all read naturally.
/// </summary>
public readonly struct Label : IEquatable<Label>
{
    private readonly string? _text;
    private readonly double _number;

    /// <summary>A numeric label (booleans are 0 and 1).</summary>
    public Label(double number)
    {
        _number = number + 0.0;
        _text = null;
    }

    /// <summary>A text label.</summary>
    public Label(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
        _number = double.NaN;
    }

    /// <summary>True when the label is a text rather than a number.</summary>
    public bool IsText => _text is not null;

    /// <summary>The numeric value (NaN for a text label).</summary>
    public double Number => _text is null ? _number : double.NaN;

    /// <summary>The text value, or null for a numeric label.</summary>
    public string? Text => _text;

    /// <summary>A numeric label.</summary>
    public static implicit operator Label(int value) => new(value);

    /// <summary>A numeric label.</summary>
    public static implicit operator Label(long value) => new(value);

    /// <summary>A numeric label.</summary>
    public static implicit operator Label(double value) => new(value);

    /// <summary>A boolean label, compared as 0 (false) or 1 (true).</summary>
    public static implicit operator Label(bool value) => new(value ? 1.0 : 0.0);

    /// <summary>A text label.</summary>
    public static implicit operator Label(string value) => new(value);

    /// <summary>The numeric label <paramref name="value"/>.</summary>
    public static Label FromDouble(double value) => new(value);

    /// <summary>The text label <paramref name="value"/>.</summary>
    public static Label FromString(string value) => new(value);

    /// <summary>The label of row <paramref name="row"/> of <paramref name="column"/> (a number for numeric columns, otherwise its text).</summary>
    public static Label FromColumn(Column column, int row)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.IsMissing(row)) throw new AugurException($"row {row} of column '{column.Name}' is missing and cannot be a label");
        return column.IsNumeric ? new Label(column.GetDouble(row)) : new Label(column.Format(row));
    }

    /// <summary>All values of <paramref name="column"/> as labels (for example a classifier's <see cref="ClassLabels.Values"/>).</summary>
    public static Label[] FromColumn(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var result = new Label[column.Length];
        for (var i = 0; i < result.Length; i++) result[i] = FromColumn(column, i);
        return result;
    }

    /// <inheritdoc />
    public bool Equals(Label other) =>
        _text is not null ? other._text is not null && string.Equals(_text, other._text, StringComparison.Ordinal)
                          : other._text is null && _number.Equals(other._number);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Label other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _text is not null ? StringComparer.Ordinal.GetHashCode(_text) : _number.GetHashCode();

    /// <summary>True when both labels are the same number or the same text.</summary>
    public static bool operator ==(Label left, Label right) => left.Equals(right);

    /// <summary>True unless both labels are the same number or the same text.</summary>
    public static bool operator !=(Label left, Label right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => _text ?? _number.ToString("R", CultureInfo.InvariantCulture);
}
