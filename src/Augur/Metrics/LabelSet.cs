using System.Globalization;
using System.Runtime.InteropServices;
using Augur.Data;

namespace Augur.Metrics;

/// <summary>
/// The sorted, distinct labels seen by a metric (numbers numerically, texts ordinally, as NumPy's <c>unique</c>
/// sorts them) and the lookups between labels and their indices.
/// </summary>
internal sealed class LabelSet
{
    private readonly double[] _numbers;
    private readonly string[] _texts;
    private string[]? _names;

    private LabelSet(double[] numbers, string[] texts, bool isText, bool allBool)
    {
        _numbers = numbers;
        _texts = texts;
        IsText = isText;
        AllBool = allBool;
    }

    public static LabelSet Numeric(double[] sorted, bool allBool) => new(sorted, [], false, allBool);

    public static LabelSet Textual(string[] sorted) => new([], sorted, true, false);

    public bool IsText { get; }

    public bool AllBool { get; }

    public int Count => IsText ? _texts.Length : _numbers.Length;

    public ReadOnlySpan<double> Numbers => _numbers;

    public ReadOnlySpan<string> Texts => _texts;

    /// <summary>Display names: numbers in round-trip form, booleans as <c>false</c>/<c>true</c>, texts as they are.</summary>
    public IReadOnlyList<string> Names => _names ??= BuildNames();

    private string[] BuildNames()
    {
        if (IsText) return (string[])_texts.Clone();
        var names = new string[_numbers.Length];
        for (var i = 0; i < names.Length; i++)
            names[i] = AllBool ? (_numbers[i] != 0 ? "true" : "false") : FormatNumber(_numbers[i]);
        return names;
    }

    public static string FormatNumber(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The index of <paramref name="label"/>, or -1. A text label is parsed as a number when the labels are numbers.</summary>
    public int IndexOf(Label label)
    {
        if (IsText)
        {
            if (!label.IsText) return -1;
            var k = Array.BinarySearch(_texts, label.Text, StringComparer.Ordinal);
            return k >= 0 ? k : -1;
        }
        double v;
        if (label.IsText)
        {
            var t = label.Text!;
            if (AllBool && bool.TryParse(t, out var b)) v = b ? 1 : 0;
            else if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out v)) return -1;
        }
        else v = label.Number;
        var i = Array.BinarySearch(_numbers, v + 0.0);
        return i >= 0 ? i : -1;
    }

    /// <summary>The labels formatted as a list for messages (at most 20 shown).</summary>
    public string Describe() => "[" + string.Join(", ", Names.Take(20)) + (Count > 20 ? ", …" : "") + "]";
}

/// <summary>Turns label vectors into class indices over one shared, sorted <see cref="LabelSet"/>.</summary>
internal static class LabelEncoding
{
    /// <summary>Encodes one vector. <paramref name="discrete"/> rejects non-integer numbers (continuous targets), as classification metrics do.</summary>
    public static LabelSet Encode(LabelVector a, string name, bool discrete, out int[] codes)
    {
        var builder = new Builder(a.IsText);
        builder.CheckKind(a, name, name);
        codes = new int[a.Length];
        builder.Add(a, name, codes);
        var set = builder.Finish(discrete, name, out var remap);
        Remap(codes, remap);
        return set;
    }

    /// <summary>Encodes two vectors of equal length over the sorted union of their labels.</summary>
    public static LabelSet EncodePair(LabelVector a, LabelVector b, string nameA, string nameB, bool discrete, out int[] codesA, out int[] codesB)
    {
        if (a.Length != b.Length)
            throw new AugurException($"{a.NameOr(nameA)} has {a.Length} rows but {b.NameOr(nameB)} has {b.Length}; they must have one label per row each");
        var builder = new Builder(a.IsText);
        builder.CheckKind(a, nameA, nameA);
        builder.CheckKind(b, nameB, nameA);
        codesA = new int[a.Length];
        codesB = new int[b.Length];
        builder.Add(a, nameA, codesA);
        builder.Add(b, nameB, codesB);
        var set = builder.Finish(discrete, $"{nameA} or {nameB}", out var remap);
        Remap(codesA, remap);
        Remap(codesB, remap);
        return set;
    }

    private static void Remap(int[] codes, int[] remap)
    {
        for (var i = 0; i < codes.Length; i++) codes[i] = remap[codes[i]];
    }

    /// <summary>Resolves a list of labels against <paramref name="set"/>: the index of each, or -1 for a label that does not occur.</summary>
    public static int[] Resolve(LabelSet set, IReadOnlyList<Label> labels)
    {
        var result = new int[labels.Count];
        for (var i = 0; i < result.Length; i++) result[i] = set.IndexOf(labels[i]);
        return result;
    }

    private sealed class Builder
    {
        private readonly bool _text;
        private readonly Dictionary<double, int>? _numbers;
        private readonly Dictionary<string, int>? _texts;
        private readonly List<double> _numberList = [];
        private readonly List<string> _textList = [];
        private bool _allBool = true;

        public Builder(bool text)
        {
            _text = text;
            if (text) _texts = new Dictionary<string, int>(StringComparer.Ordinal);
            else _numbers = [];
        }

        private int Count => _text ? _textList.Count : _numberList.Count;

        public void CheckKind(LabelVector v, string name, string other)
        {
            if (v.Kind == LabelVector.Source.Column && v.ColumnValue!.Type == ColumnType.DateTime)
                throw new AugurException($"{v.NameOr(name)} holds datetime values, which cannot be class labels");
            if (v.IsText != _text)
                throw new AugurException(
                    $"mix of label types: {v.NameOr(name)} holds {(v.IsText ? "texts" : "numbers")} but {other} holds {(_text ? "texts" : "numbers")}; " +
                    "predictions must use the same label type as the true labels");
            if (!v.IsBool) _allBool = false;
        }

        private int AddNumber(double v)
        {
            v += 0.0;
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_numbers!, v, out var exists);
            if (!exists)
            {
                slot = _numberList.Count;
                _numberList.Add(v);
            }
            return slot;
        }

        private int AddText(string v)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_texts!, v, out var exists);
            if (!exists)
            {
                slot = _textList.Count;
                _textList.Add(v);
            }
            return slot;
        }

        private static AugurException Missing(LabelVector v, string name, int row) =>
            new($"{v.NameOr(name)} has a missing label at row {row}; drop or fill missing labels first");

        public void Add(LabelVector v, string name, int[] codes)
        {
            switch (v.Kind)
            {
                case LabelVector.Source.Empty:
                    return;
                case LabelVector.Source.Int32:
                {
                    var s = v.Int32Values;
                    if (!AddSmallIntegers(s, codes))
                        for (var i = 0; i < s.Length; i++) codes[i] = AddNumber(s[i]);
                    return;
                }
                case LabelVector.Source.Int64:
                {
                    var s = v.Int64Values;
                    if (!AddSmallIntegers(s, codes))
                        for (var i = 0; i < s.Length; i++) codes[i] = AddNumber(s[i]);
                    return;
                }
                case LabelVector.Source.Float64:
                    AddDoubles(v, v.Float64Values, name, codes);
                    return;
                case LabelVector.Source.Bool:
                {
                    var s = v.BoolValues;
                    var f = -1;
                    var t = -1;
                    for (var i = 0; i < s.Length; i++)
                    {
                        if (s[i]) { if (t < 0) t = AddNumber(1); codes[i] = t; }
                        else { if (f < 0) f = AddNumber(0); codes[i] = f; }
                    }
                    return;
                }
                case LabelVector.Source.Text:
                {
                    var s = v.TextValues;
                    for (var i = 0; i < s.Length; i++) codes[i] = AddText(s[i] ?? throw Missing(v, name, i));
                    return;
                }
                default:
                    AddColumn(v, name, codes);
                    return;
            }
        }

        private void AddDoubles(LabelVector v, ReadOnlySpan<double> s, string name, int[] codes)
        {
            // Whole numbers in a small range (the usual class labels) go through a direct table.
            var whole = true;
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < s.Length; i++)
            {
                var x = s[i];
                if (double.IsNaN(x)) throw Missing(v, name, i);
                if (x != Math.Floor(x) || double.IsInfinity(x)) { whole = false; break; }
                if (x < min) min = x;
                if (x > max) max = x;
            }
            if (whole && s.Length > 0 && SmallRange(max - min, s.Length))
            {
                var table = NewTable((int)(max - min) + 1);
                for (var i = 0; i < s.Length; i++)
                {
                    ref var t = ref table[(int)(s[i] - min)];
                    if (t < 0) t = AddNumber(s[i]);
                    codes[i] = t;
                }
                return;
            }
            for (var i = 0; i < s.Length; i++)
            {
                if (double.IsNaN(s[i])) throw Missing(v, name, i);
                codes[i] = AddNumber(s[i]);
            }
        }

        private static bool SmallRange(double range, int rows) => range < 1 << 20 && range <= 4.0 * rows + 1024;

        private static int[] NewTable(int size)
        {
            var table = new int[size];
            Array.Fill(table, -1);
            return table;
        }

        /// <summary>Encodes integers through a direct table when their range is small; false when it is not.</summary>
        private bool AddSmallIntegers<T>(ReadOnlySpan<T> s, int[] codes) where T : struct, System.Numerics.IBinaryInteger<T>
        {
            if (s.Length == 0) return true;
            var min = long.CreateTruncating(s[0]);
            var max = min;
            foreach (var x in s)
            {
                var l = long.CreateTruncating(x);
                if (l < min) min = l;
                if (l > max) max = l;
            }
            if (!SmallRange((double)max - min, s.Length)) return false;
            var table = NewTable((int)(max - min) + 1);
            for (var i = 0; i < s.Length; i++)
            {
                var l = long.CreateTruncating(s[i]);
                ref var t = ref table[(int)(l - min)];
                if (t < 0) t = AddNumber(l);
                codes[i] = t;
            }
            return true;
        }

        private void AddColumn(LabelVector v, string name, int[] codes)
        {
            var c = v.ColumnValue!;
            switch (c)
            {
                case Float64Column f:
                    AddDoubles(v, f.Values, name, codes);
                    return;
                case Int64Column l:
                {
                    var missing = l.Missing;
                    for (var i = 0; i < missing.Length; i++) if (missing[i]) throw Missing(v, name, i);
                    var s = l.Values;
                    if (!AddSmallIntegers(s, codes))
                        for (var i = 0; i < s.Length; i++) codes[i] = AddNumber(s[i]);
                    return;
                }
                case CategoricalColumn cat:
                {
                    var map = new int[cat.Categories.Count];
                    Array.Fill(map, -1);
                    var s = cat.Codes;
                    for (var i = 0; i < s.Length; i++)
                    {
                        var k = s[i];
                        if (k < 0) throw Missing(v, name, i);
                        if (map[k] < 0) map[k] = AddText(cat.Categories[k]);
                        codes[i] = map[k];
                    }
                    return;
                }
                case StringColumn str:
                {
                    var s = str.Values;
                    for (var i = 0; i < s.Length; i++) codes[i] = AddText(s[i] ?? throw Missing(v, name, i));
                    return;
                }
                default:
                {
                    if (c.IsNumeric)
                    {
                        for (var i = 0; i < c.Length; i++)
                        {
                            var x = c.GetDouble(i);
                            if (double.IsNaN(x)) throw Missing(v, name, i);
                            codes[i] = AddNumber(x);
                        }
                    }
                    else
                    {
                        for (var i = 0; i < c.Length; i++)
                        {
                            if (c.IsMissing(i)) throw Missing(v, name, i);
                            codes[i] = AddText(c.Format(i));
                        }
                    }
                    return;
                }
            }
        }

        public LabelSet Finish(bool discrete, string name, out int[] remap)
        {
            var n = Count;
            var order = new int[n];
            for (var i = 0; i < n; i++) order[i] = i;
            remap = new int[n];
            if (_text)
            {
                var keys = _textList.ToArray();
                Array.Sort(keys, order, StringComparer.Ordinal);
                for (var i = 0; i < n; i++) remap[order[i]] = i;
                return LabelSet.Textual(keys);
            }
            var numbers = _numberList.ToArray();
            if (discrete)
            {
                foreach (var x in numbers)
                    if (!double.IsFinite(x) || x != Math.Floor(x))
                        throw new AugurException(
                            $"{name} holds continuous values (for example {LabelSet.FormatNumber(x)}); classification metrics need class labels, " +
                            "not real numbers — use a regression metric, or round the values to classes");
            }
            Array.Sort(numbers, order);
            for (var i = 0; i < n; i++) remap[order[i]] = i;
            return LabelSet.Numeric(numbers, _allBool && n > 0);
        }
    }
}
