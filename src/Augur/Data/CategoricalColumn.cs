namespace Augur.Data;

/// <summary>
/// A dictionary-encoded column of strings: each row holds a code into <see cref="Categories"/>; -1 marks a
/// missing value. Categories are unique; their order is the order of the codes.
/// </summary>
public sealed class CategoricalColumn : Column
{
    private readonly int[] _codes;
    private readonly string[] _categories;
    private Dictionary<string, int>? _lookup;

    /// <summary>Creates the column; it takes ownership of both arrays. Codes must be -1 or a valid index into <paramref name="categories"/>.</summary>
    public CategoricalColumn(string name, int[] codes, string[] categories) : base(name, codes?.Length ?? 0)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(categories);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in categories)
        {
            if (c is null) throw new ArgumentException("a category cannot be null", nameof(categories));
            if (!seen.Add(c)) throw new ArgumentException($"category '{c}' appears twice", nameof(categories));
        }
        foreach (var code in codes)
            if (code < -1 || code >= categories.Length)
                throw new ArgumentException($"code {code} is out of range for {categories.Length} categories", nameof(codes));
        _codes = codes;
        _categories = categories;
    }

    /// <summary>Encodes <paramref name="values"/> against <paramref name="categories"/>; a value not in the list is an error.</summary>
    public static CategoricalColumn FromStrings(string name, ReadOnlySpan<string?> values, string[] categories)
    {
        var lookup = new Dictionary<string, int>(categories.Length, StringComparer.Ordinal);
        for (var i = 0; i < categories.Length; i++) lookup[categories[i]] = i;
        var codes = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v is null) codes[i] = -1;
            else if (!lookup.TryGetValue(v, out codes[i]))
                throw new AugurException($"value '{v}' in row {i} of column '{name}' is not one of its categories");
        }
        return new CategoricalColumn(name, codes, categories);
    }

    /// <inheritdoc />
    public override ColumnType Type => ColumnType.Categorical;

    /// <summary>The code of each row, -1 where missing.</summary>
    public ReadOnlySpan<int> Codes => _codes;

    /// <summary>The categories, indexed by code.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>The category at <paramref name="row"/>, or null when missing.</summary>
    public string? this[int row] => _codes[row] < 0 ? null : _categories[_codes[row]];

    /// <summary>The code of <paramref name="category"/>, or -1 when it is not a category of this column.</summary>
    public int CodeOf(string category)
    {
        var lookup = _lookup;
        if (lookup is null)
        {
            lookup = new Dictionary<string, int>(_categories.Length, StringComparer.Ordinal);
            for (var i = 0; i < _categories.Length; i++) lookup[_categories[i]] = i;
            _lookup = lookup;
        }
        return lookup.TryGetValue(category, out var code) ? code : -1;
    }

    /// <inheritdoc />
    public override bool IsMissing(int row) => _codes[row] < 0;

    /// <inheritdoc />
    public override object? GetValue(int row) => this[row];

    /// <inheritdoc />
    public override string Format(int row) => this[row] ?? "";

    /// <inheritdoc />
    public override Column Take(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        var result = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++) result[i] = _codes[rows[i]];
        return new CategoricalColumn(Name, result, _categories);
    }

    /// <inheritdoc />
    public override Column Rename(string name) => new CategoricalColumn(name, _codes, _categories);

    /// <summary>The same values as a plain string column.</summary>
    public StringColumn ToStringColumn()
    {
        var values = new string?[Length];
        for (var i = 0; i < values.Length; i++) values[i] = this[i];
        return new StringColumn(Name, values);
    }

    /// <inheritdoc />
    public override Column Append(Column other)
    {
        if (other is StringColumn s) return ToStringColumn().Append(s);
        var o = RequireSameType<CategoricalColumn>(other);
        // Union of categories: ours first, then theirs that are new.
        var categories = new List<string>(_categories);
        var remap = new int[o._categories.Length];
        for (var i = 0; i < remap.Length; i++)
        {
            var code = CodeOf(o._categories[i]);
            if (code < 0) { code = categories.Count; categories.Add(o._categories[i]); }
            remap[i] = code;
        }
        var codes = new int[Length + o.Length];
        _codes.CopyTo(codes, 0);
        for (var i = 0; i < o.Length; i++) codes[Length + i] = o._codes[i] < 0 ? -1 : remap[o._codes[i]];
        return new CategoricalColumn(Name, codes, categories.ToArray());
    }
}
