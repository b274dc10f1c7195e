using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Augur.Data;

namespace Augur.Server.Inference;

/// <summary>
/// Collects the values of one input column straight from the request (a JSON token or a CSV cell) into a typed array,
/// checking each against the signature; then builds the column the model reads, of the same type as in training.
/// Errors name the column and row.
/// </summary>
internal sealed class ColumnBuffer
{
    private readonly InputColumn _input;
    private readonly ValueKind _kind;
    private readonly CategoryTable? _categories;
    private double[] _f = [];
    private long[] _l = [];
    private bool[] _b = [];
    private string?[] _s = [];
    private int[] _codes = [];
    private bool[]? _missing;
    private Dictionary<string, int>? _unseen;
    private int _count;

    public ColumnBuffer(InputSchema schema, int index, int capacity)
    {
        _input = schema.Inputs[index];
        _kind = schema.Kinds[index];
        _categories = schema.Categories[index];
        Reserve(Math.Max(capacity, 1));
    }

    public int Count => _count;

    public string Name => _input.Name;

    public ValueKind Kind => _kind;

    private void Reserve(int capacity)
    {
        switch (_kind)
        {
            case ValueKind.Float: Array.Resize(ref _f, capacity); break;
            case ValueKind.Int or ValueKind.DateTime: Array.Resize(ref _l, capacity); break;
            case ValueKind.Bool: Array.Resize(ref _b, capacity); break;
            case ValueKind.Category when _categories is not null: Array.Resize(ref _codes, capacity); break;
            default: Array.Resize(ref _s, capacity); break;
        }
        if (_missing is not null) Array.Resize(ref _missing, capacity);
    }

    private int Capacity => _kind switch
    {
        ValueKind.Float => _f.Length,
        ValueKind.Int or ValueKind.DateTime => _l.Length,
        ValueKind.Bool => _b.Length,
        ValueKind.Category when _categories is not null => _codes.Length,
        _ => _s.Length,
    };

    private int Next()
    {
        if (_count == Capacity) Reserve(Math.Max(4, Capacity * 2));
        return _count++;
    }

    private ServingException Error(int row, string what) =>
        ServingException.BadRequest($"input '{Describe.Clip(_input.Name)}', row {row}: {what}");

    private void MarkMissing(int row)
    {
        if (!_input.AllowsMissing)
            throw Error(row, "the value is missing (null), but the model does not accept missing values in this column");
        _missing ??= new bool[Capacity];
        _missing[row] = true;
        switch (_kind)
        {
            case ValueKind.Float: _f[row] = double.NaN; break;
            case ValueKind.Category when _categories is not null: _codes[row] = -1; break;
            case ValueKind.Text or ValueKind.Category: _s[row] = null; break;
        }
    }

    /// <summary>Adds the scalar JSON value the reader stands on.</summary>
    public void Add(ref Utf8JsonReader reader)
    {
        var row = Next();
        var token = reader.TokenType;
        if (token == JsonTokenType.Null) { MarkMissing(row); return; }
        switch (_kind)
        {
            case ValueKind.Float:
                if (token != JsonTokenType.Number) throw Error(row, $"expected a number, got {Describe.Token(token)}");
                if (!reader.TryGetDouble(out var d) || !double.IsFinite(d)) throw Error(row, "the number is out of range");
                _f[row] = d;
                return;
            case ValueKind.Int:
                if (token != JsonTokenType.Number) throw Error(row, $"expected an integer, got {Describe.Token(token)}");
                if (reader.TryGetInt64(out var l)) { _l[row] = l; return; }
                if (reader.TryGetDouble(out var x) && double.IsFinite(x) && x == Math.Floor(x) && Math.Abs(x) < 9.2e18) { _l[row] = (long)x; return; }
                throw Error(row, "expected an integer (the column is int64)");
            case ValueKind.Bool:
                if (token == JsonTokenType.True) { _b[row] = true; return; }
                if (token == JsonTokenType.False) { _b[row] = false; return; }
                if (token == JsonTokenType.Number && reader.TryGetInt32(out var i) && i is 0 or 1) { _b[row] = i == 1; return; }
                throw Error(row, $"expected a boolean, got {Describe.Token(token)}");
            case ValueKind.DateTime:
                if (token != JsonTokenType.String) throw Error(row, $"expected an ISO-8601 date-time string, got {Describe.Token(token)}");
                SetDateTime(row, reader.GetString()!);
                return;
            case ValueKind.Category when _categories is not null:
                if (token != JsonTokenType.String) throw Error(row, $"expected a string, got {Describe.Token(token)}");
                _codes[row] = CodeOf(ref reader);
                return;
            default:
                if (token != JsonTokenType.String) throw Error(row, $"expected a string, got {Describe.Token(token)}");
                _s[row] = reader.GetString();
                return;
        }
    }

    private int CodeOf(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        char[]? rented = null;
        var chars = length <= 256 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var n = reader.CopyString(chars);
            return CodeOf(chars[..n]);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    private int CodeOf(ReadOnlySpan<char> value)
    {
        var code = _categories!.CodeOf(value);
        if (code >= 0) return code;
        // Unseen in training: kept as a category of its own; the model's rule decides (the preprocessor ignores it).
        _unseen ??= new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = _unseen.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out code)) return code;
        code = _categories.Values.Length + _unseen.Count;
        _unseen.Add(value.ToString(), code);
        return code;
    }

    private void SetDateTime(int row, string text)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            throw Error(row, $"'{Describe.Clip(text)}' is not an ISO-8601 date-time");
        _l[row] = t.Ticks;
    }

    /// <summary>Adds a CSV cell: empty (or NA/NaN/null for non-text columns) is missing.</summary>
    public void AddText(ReadOnlySpan<char> cell)
    {
        var row = Next();
        if (cell.IsEmpty || (_kind is not (ValueKind.Text or ValueKind.Category) && IsMissingWord(cell)))
        {
            MarkMissing(row);
            return;
        }
        switch (_kind)
        {
            case ValueKind.Float:
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                    throw Error(row, $"'{Describe.Clip(cell.ToString())}' is not a number");
                _f[row] = d;
                return;
            case ValueKind.Int:
                if (long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) { _l[row] = l; return; }
                if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && x == Math.Floor(x) && Math.Abs(x) < 9.2e18)
                { _l[row] = (long)x; return; }
                throw Error(row, $"'{Describe.Clip(cell.ToString())}' is not an integer");
            case ValueKind.Bool:
                if (cell is "1" || cell.Equals("true", StringComparison.OrdinalIgnoreCase)) { _b[row] = true; return; }
                if (cell is "0" || cell.Equals("false", StringComparison.OrdinalIgnoreCase)) { _b[row] = false; return; }
                throw Error(row, $"'{Describe.Clip(cell.ToString())}' is not a boolean (true/false)");
            case ValueKind.DateTime:
                SetDateTime(row, cell.ToString());
                return;
            case ValueKind.Category when _categories is not null:
                _codes[row] = CodeOf(cell);
                return;
            default:
                _s[row] = cell.ToString();
                return;
        }
    }

    private static bool IsMissingWord(ReadOnlySpan<char> cell) =>
        cell.Equals("NA", StringComparison.OrdinalIgnoreCase) || cell.Equals("NaN", StringComparison.OrdinalIgnoreCase)
        || cell.Equals("null", StringComparison.OrdinalIgnoreCase) || cell.Equals("None", StringComparison.Ordinal);

    /// <summary>The column, with exactly <see cref="Count"/> rows, in the type the model was trained on.</summary>
    public Column Build()
    {
        var n = _count;
        bool[]? missing = _missing is null ? null : Trim(_missing, n);
        switch (_kind)
        {
            case ValueKind.Float:
                return new Float64Column(_input.Name, Trim(_f, n));
            case ValueKind.Int:
                return new Int64Column(_input.Name, Trim(_l, n), missing);
            case ValueKind.Bool:
                return new BoolColumn(_input.Name, Trim(_b, n), missing);
            case ValueKind.DateTime:
                return new DateTimeColumn(_input.Name, Trim(_l, n), missing);
            case ValueKind.Category when _categories is not null:
            {
                var categories = _categories.Values;
                if (_unseen is { Count: > 0 })
                {
                    categories = new string[_categories.Values.Length + _unseen.Count];
                    _categories.Values.CopyTo(categories, 0);
                    foreach (var (value, code) in _unseen) categories[code] = value;
                }
                return new CategoricalColumn(_input.Name, Trim(_codes, n), categories);
            }
            case ValueKind.Category:
                return new StringColumn(_input.Name, Trim(_s, n)).ToCategorical();
            default:
                return new StringColumn(_input.Name, Trim(_s, n));
        }
    }

    private static T[] Trim<T>(T[] values, int n)
    {
        if (values.Length == n) return values;
        var copy = new T[n];
        Array.Copy(values, copy, n);
        return copy;
    }
}
