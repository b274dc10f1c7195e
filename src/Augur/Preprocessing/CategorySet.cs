using System.Globalization;
using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>How the categories of one encoded column are compared and named.</summary>
internal enum CategoryKind
{
    /// <summary>Strings (from string or categorical columns), sorted by code point.</summary>
    Text,
    /// <summary>Floating-point numbers, sorted numerically; named as Python's <c>repr</c>.</summary>
    Number,
    /// <summary>Integers, sorted numerically.</summary>
    Integer,
    /// <summary>Booleans, false before true; named <c>False</c> and <c>True</c> as Python does.</summary>
    Boolean,
}

/// <summary>
/// The sorted categories of one column learned by an encoder, with an optional missing-value category at the end
/// (as scikit-learn 1.2 treats missing values of object columns). Immutable; lookups are thread-safe.
/// </summary>
internal sealed class CategorySet
{
    private readonly string[]? _texts;
    private readonly double[]? _numbers;
    private readonly Dictionary<string, int>? _textIndex;
    private readonly Dictionary<double, int>? _numberIndex;

    private CategorySet(CategoryKind kind, string[]? texts, double[]? numbers, bool hasMissing)
    {
        Kind = kind;
        _texts = texts;
        _numbers = numbers;
        HasMissing = hasMissing;
        if (texts is not null)
        {
            _textIndex = new Dictionary<string, int>(texts.Length, StringComparer.Ordinal);
            for (var i = 0; i < texts.Length; i++) _textIndex.Add(texts[i], i);
        }
        else
        {
            _numberIndex = new Dictionary<double, int>(numbers!.Length);
            for (var i = 0; i < numbers.Length; i++) _numberIndex.Add(Normalize(numbers[i]), i);
        }
        Names = Enumerable.Range(0, Count).Select(NameOf).ToArray();
    }

    /// <summary>How categories compare.</summary>
    public CategoryKind Kind { get; }

    /// <summary>True when missing values form the last category.</summary>
    public bool HasMissing { get; }

    /// <summary>The number of non-missing categories.</summary>
    public int ValueCount => _texts?.Length ?? _numbers!.Length;

    /// <summary>The number of categories, the missing one included.</summary>
    public int Count => ValueCount + (HasMissing ? 1 : 0);

    /// <summary>The index of the missing category, or -1.</summary>
    public int MissingIndex => HasMissing ? ValueCount : -1;

    /// <summary>Category names as scikit-learn prints them in feature names (<c>nan</c> for missing).</summary>
    public IReadOnlyList<string> Names { get; }

    private static double Normalize(double v) => v == 0 ? 0.0 : v;

    private string NameOf(int i)
    {
        if (i == ValueCount) return "nan";
        return Kind switch
        {
            CategoryKind.Text => _texts![i],
            CategoryKind.Integer => ((long)_numbers![i]).ToString(CultureInfo.InvariantCulture),
            CategoryKind.Boolean => _numbers![i] != 0 ? "True" : "False",
            _ => TransformerSupport.PythonFloat(_numbers![i]),
        };
    }

    /// <summary>The kind of categories column <paramref name="c"/> holds; throws for unsupported types.</summary>
    public static CategoryKind KindOf(Column c, string who) => c.Type switch
    {
        ColumnType.String or ColumnType.Categorical => CategoryKind.Text,
        ColumnType.Int64 => CategoryKind.Integer,
        ColumnType.Bool => CategoryKind.Boolean,
        ColumnType.Float64 => CategoryKind.Number,
        _ => throw new AugurException($"column '{c.Name}' holds {c.Type.ToName()} values, which {who} cannot encode; it encodes string, categorical, integer, boolean and float64 columns"),
    };

    /// <summary>Learns the sorted distinct values of <paramref name="c"/> and how often each occurs (the missing category last).</summary>
    public static (CategorySet Set, long[] Counts) Learn(Column c, string who)
    {
        var kind = KindOf(c, who);
        if (kind == CategoryKind.Text)
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            long missing = 0;
            if (c is CategoricalColumn cat)
            {
                var perCode = new long[cat.Categories.Count];
                foreach (var code in cat.Codes)
                {
                    if (code < 0) missing++;
                    else perCode[code]++;
                }
                for (var k = 0; k < perCode.Length; k++)
                    if (perCode[k] > 0) counts[cat.Categories[k]] = perCode[k];
            }
            else
            {
                var s = (StringColumn)c;
                foreach (var v in s.Values)
                {
                    if (v is null) { missing++; continue; }
                    counts[v] = counts.GetValueOrDefault(v) + 1;
                }
            }
            var texts = counts.Keys.ToArray();
            Array.Sort(texts, CodePointComparer.Instance);
            var result = new long[texts.Length + (missing > 0 ? 1 : 0)];
            for (var i = 0; i < texts.Length; i++) result[i] = counts[texts[i]];
            if (missing > 0) result[^1] = missing;
            return (new CategorySet(kind, texts, null, missing > 0), result);
        }
        else
        {
            var counts = new Dictionary<double, long>();
            long missing = 0;
            for (var i = 0; i < c.Length; i++)
            {
                var v = c.GetDouble(i);
                if (double.IsNaN(v)) { missing++; continue; }
                if (double.IsInfinity(v)) throw new AugurException($"column '{c.Name}' holds an infinite value, which {who} cannot encode");
                v = Normalize(v);
                counts[v] = counts.GetValueOrDefault(v) + 1;
            }
            var numbers = counts.Keys.ToArray();
            Array.Sort(numbers);
            var result = new long[numbers.Length + (missing > 0 ? 1 : 0)];
            for (var i = 0; i < numbers.Length; i++) result[i] = counts[numbers[i]];
            if (missing > 0) result[^1] = missing;
            return (new CategorySet(kind, null, numbers, missing > 0), result);
        }
    }

    /// <summary>
    /// The category index of every row of <paramref name="c"/>: 0 … Count-1, or -1 for a value (or a missing value)
    /// that is not a category.
    /// </summary>
    public int[] Encode(Column c)
    {
        var codes = new int[c.Length];
        if (Kind == CategoryKind.Text)
        {
            switch (c)
            {
                case CategoricalColumn cat:
                {
                    var map = new int[cat.Categories.Count];
                    for (var k = 0; k < map.Length; k++) map[k] = _textIndex!.TryGetValue(cat.Categories[k], out var idx) ? idx : -1;
                    var src = cat.Codes;
                    for (var i = 0; i < codes.Length; i++) codes[i] = src[i] < 0 ? MissingIndex : map[src[i]];
                    break;
                }
                case StringColumn s:
                {
                    var values = s.Values;
                    for (var i = 0; i < codes.Length; i++)
                    {
                        var v = values[i];
                        codes[i] = v is null ? MissingIndex : _textIndex!.TryGetValue(v, out var idx) ? idx : -1;
                    }
                    break;
                }
                default:
                    for (var i = 0; i < codes.Length; i++)
                        codes[i] = c.IsMissing(i) ? MissingIndex : _textIndex!.TryGetValue(c.Format(i), out var idx) ? idx : -1;
                    break;
            }
            return codes;
        }
        if (!c.IsNumeric)
        {
            // A text column given to an encoder of numbers: match the printed numbers.
            for (var i = 0; i < codes.Length; i++)
            {
                if (c.IsMissing(i)) { codes[i] = MissingIndex; continue; }
                codes[i] = double.TryParse(c.Format(i), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && _numberIndex!.TryGetValue(Normalize(d), out var idx) ? idx : -1;
            }
            return codes;
        }
        for (var i = 0; i < codes.Length; i++)
        {
            var v = c.GetDouble(i);
            codes[i] = double.IsNaN(v) ? MissingIndex : _numberIndex!.TryGetValue(Normalize(v), out var idx) ? idx : -1;
        }
        return codes;
    }

    /// <summary>The display value of row <paramref name="row"/> of <paramref name="c"/> for error messages.</summary>
    public static string Display(Column c, int row) => c.IsMissing(row) ? "nan" : c.Format(row);

    /// <summary>Writes the set under keys starting with <paramref name="prefix"/>.</summary>
    public void Save(ModelWriter writer, string prefix)
    {
        writer.Write(prefix + "kind", Kind.ToString());
        writer.Write(prefix + "has_missing", HasMissing);
        if (_texts is not null) writer.Write(prefix + "values", _texts);
        else writer.Write(prefix + "values", _numbers!.AsSpan());
    }

    /// <summary>Reads a set written by <see cref="Save"/>, checking that the categories are distinct.</summary>
    public static CategorySet Load(ModelReader reader, string prefix)
    {
        var kindName = reader.ReadString(prefix + "kind");
        reader.Require(Enum.TryParse<CategoryKind>(kindName, out var kind) && Enum.IsDefined(kind), prefix + "kind", $"unknown category kind '{kindName}'");
        var hasMissing = reader.ReadBoolean(prefix + "has_missing");
        if (kind == CategoryKind.Text)
        {
            var texts = TransformerSupport.ReadNames(reader, prefix + "values");
            reader.Require(texts.Distinct(StringComparer.Ordinal).Count() == texts.Length, prefix + "values", "categories repeat");
            return new CategorySet(kind, texts, null, hasMissing);
        }
        var numbers = reader.ReadDoubles(prefix + "values");
        reader.Require(numbers.All(double.IsFinite) && numbers.Select(Normalize).Distinct().Count() == numbers.Length, prefix + "values", "categories must be distinct finite numbers");
        return new CategorySet(kind, null, numbers, hasMissing);
    }
}
