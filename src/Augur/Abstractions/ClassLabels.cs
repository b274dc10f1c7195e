using System.Globalization;
using Augur.Data;

namespace Augur;

/// <summary>
/// The sorted, distinct class labels of a classifier, kept in the type of the training target (numbers sort
/// numerically, strings ordinally, false before true — as NumPy's <c>unique</c> does). Maps labels to class
/// indices and back.
/// </summary>
public sealed class ClassLabels
{
    private readonly Dictionary<string, int>? _byString;
    private readonly Dictionary<double, int>? _byNumber;

    private ClassLabels(Column values)
    {
        Values = values;
        if (values.IsNumeric)
        {
            _byNumber = new Dictionary<double, int>(values.Length);
            for (var i = 0; i < values.Length; i++) _byNumber[values.GetDouble(i)] = i;
        }
        else
        {
            _byString = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
            for (var i = 0; i < values.Length; i++) _byString[values.Format(i)] = i;
        }
        Names = Enumerable.Range(0, values.Length).Select(values.Format).ToArray();
    }

    /// <summary>The labels, sorted, as a column of the target's type (float64, int64, bool or string).</summary>
    public Column Values { get; }

    /// <summary>The number of classes.</summary>
    public int Count => Values.Length;

    /// <summary>The labels as display strings (<c>1</c>, <c>setosa</c>, <c>true</c>).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The label of class <paramref name="index"/> as a display string.</summary>
    public string this[int index] => Names[index];

    /// <summary>The distinct labels of <paramref name="y"/>, sorted. A missing label is an error.</summary>
    public static ClassLabels Of(Column y)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.MissingCount > 0)
            throw new AugurException($"target column '{y.Name}' has {y.MissingCount} missing values; drop those rows before fitting a classifier");
        switch (y)
        {
            case Float64Column or SparseColumn:
            {
                var set = new SortedSet<double>();
                for (var i = 0; i < y.Length; i++) set.Add(y.GetDouble(i));
                if (set.Any(double.IsInfinity)) throw new AugurException($"target column '{y.Name}' holds infinite values");
                return new ClassLabels(new Float64Column(y.Name, set.ToArray()));
            }
            case Int64Column ic:
            {
                var set = new SortedSet<long>();
                foreach (var v in ic.Values) set.Add(v);
                return new ClassLabels(new Int64Column(y.Name, set.ToArray()));
            }
            case BoolColumn bc:
            {
                var hasFalse = false;
                var hasTrue = false;
                foreach (var v in bc.Values) { if (v) hasTrue = true; else hasFalse = true; }
                var list = new List<bool>();
                if (hasFalse) list.Add(false);
                if (hasTrue) list.Add(true);
                return new ClassLabels(new BoolColumn(y.Name, list.ToArray()));
            }
            case StringColumn or CategoricalColumn:
            {
                var set = new SortedSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < y.Length; i++) set.Add(y.Format(i));
                return new ClassLabels(new StringColumn(y.Name, set.ToArray()));
            }
            default:
                throw new AugurException($"target column '{y.Name}' of type {y.Type.ToName()} cannot hold class labels");
        }
    }

    /// <summary>Builds labels from an already sorted, distinct column (used when loading a model file).</summary>
    public static ClassLabels FromSorted(Column values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.MissingCount > 0) throw new ArgumentException("class labels cannot be missing");
        var labels = new ClassLabels(values);
        if ((labels._byNumber?.Count ?? labels._byString!.Count) != values.Length)
            throw new ArgumentException("class labels must be distinct");
        return labels;
    }

    /// <summary>The index of <paramref name="label"/>, or -1 when it is not a class.</summary>
    public int IndexOf(string label)
    {
        if (_byString is not null) return _byString.TryGetValue(label, out var k) ? k : -1;
        if (Values is BoolColumn)
        {
            if (bool.TryParse(label, out var b)) return IndexOf(b ? 1.0 : 0.0);
            return -1;
        }
        return double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? IndexOf(d) : -1;
    }

    /// <summary>The index of the numeric label <paramref name="label"/>, or -1 when it is not a class.</summary>
    public int IndexOf(double label)
    {
        if (_byNumber is not null) return _byNumber.TryGetValue(label, out var k) ? k : -1;
        return IndexOf(label.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The class index of every row of <paramref name="y"/>. A missing label, or one that is not a class, is an error
    /// unless <paramref name="unknownAsMinusOne"/> is set, in which case it maps to -1.
    /// </summary>
    public int[] Encode(Column y, bool unknownAsMinusOne = false)
    {
        ArgumentNullException.ThrowIfNull(y);
        var result = new int[y.Length];
        var numeric = _byNumber is not null && y.IsNumeric;
        for (var i = 0; i < y.Length; i++)
        {
            int k;
            if (y.IsMissing(i)) k = -1;
            else if (numeric) k = IndexOf(y.GetDouble(i));
            else k = IndexOf(y.Format(i));
            if (k < 0 && !unknownAsMinusOne)
                throw new AugurException(y.IsMissing(i)
                    ? $"row {i} of target column '{y.Name}' is missing"
                    : $"label '{y.Format(i)}' in row {i} of column '{y.Name}' is not one of the classes ({string.Join(", ", Names.Take(10))})");
            result[i] = k;
        }
        return result;
    }

    /// <summary>The labels of class indices <paramref name="indices"/>, as a column named <paramref name="name"/>.</summary>
    public Column Decode(ReadOnlySpan<int> indices, string name = "prediction") => Values.Take(indices).Rename(name);
}
