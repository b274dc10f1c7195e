using System.Collections;

namespace Augur.Data;

/// <summary>
/// An immutable table of named, typed columns of equal length. Selecting columns and adding or replacing one
/// shares the column objects (no copy); row operations build new columns.
/// </summary>
public sealed partial class Frame : IReadOnlyList<Column>
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _index;

    /// <summary>A frame with no columns and no rows.</summary>
    public static Frame Empty { get; } = new(Array.Empty<Column>());

    /// <summary>Creates a frame from columns of equal length with unique names.</summary>
    public Frame(IEnumerable<Column> columns) : this(columns?.ToArray() ?? throw new ArgumentNullException(nameof(columns)), validate: true) { }

    /// <summary>Creates a frame from columns of equal length with unique names.</summary>
    public Frame(params Column[] columns) : this((IEnumerable<Column>)columns) { }

    private Frame(Column[] columns, bool validate)
    {
        _columns = columns;
        _index = new Dictionary<string, int>(columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            var c = columns[i] ?? throw new ArgumentException("a column is null");
            if (!_index.TryAdd(c.Name, i))
                throw new AugurException($"column name '{c.Name}' appears more than once");
        }
        RowCount = columns.Length == 0 ? 0 : columns[0].Length;
        if (validate)
            foreach (var c in columns)
                if (c.Length != RowCount)
                    throw new AugurException($"column '{c.Name}' has {c.Length} rows but column '{columns[0].Name}' has {RowCount}");
    }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The number of columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<Column> Columns => _columns;

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> ColumnNames => _columns.Select(c => c.Name).ToArray();

    /// <inheritdoc />
    int IReadOnlyCollection<Column>.Count => _columns.Length;

    /// <summary>The column at position <paramref name="index"/>.</summary>
    public Column this[int index] => _columns[index];

    /// <summary>The column called <paramref name="name"/>; throws <see cref="ColumnNotFoundException"/> when there is none.</summary>
    public Column this[string name] =>
        _index.TryGetValue(name, out var i) ? _columns[i] : throw new ColumnNotFoundException(name, ColumnNames);

    /// <summary>True when a column called <paramref name="name"/> exists.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>The position of column <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Looks up a column by name.</summary>
    public bool TryGetColumn(string name, out Column column)
    {
        if (_index.TryGetValue(name, out var i)) { column = _columns[i]; return true; }
        column = null!;
        return false;
    }

    /// <summary>The named columns, in the order given (no copy).</summary>
    public Frame Select(params IEnumerable<string> names) => new(names.Select(n => this[n]).ToArray(), validate: false);

    /// <summary>Every column except the named ones (no copy). Naming a column that does not exist is an error.</summary>
    public Frame Drop(params IEnumerable<string> names)
    {
        var drop = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            if (!Contains(n)) throw new ColumnNotFoundException(n, ColumnNames);
            drop.Add(n);
        }
        return new Frame(_columns.Where(c => !drop.Contains(c.Name)).ToArray(), validate: false);
    }

    /// <summary>The columns whose type is one of <paramref name="types"/> (no copy).</summary>
    public Frame SelectTypes(params IEnumerable<ColumnType> types)
    {
        var set = types.ToHashSet();
        return new Frame(_columns.Where(c => set.Contains(c.Type)).ToArray(), validate: false);
    }

    /// <summary>Adds <paramref name="column"/> at the end, or replaces the column of the same name in place.</summary>
    public Frame WithColumn(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (_columns.Length > 0 && column.Length != RowCount)
            throw new AugurException($"column '{column.Name}' has {column.Length} rows but the frame has {RowCount}");
        var copy = _columns.ToList();
        var i = IndexOf(column.Name);
        if (i >= 0) copy[i] = column; else copy.Add(column);
        return new Frame(copy.ToArray(), validate: false);
    }

    /// <summary>The same columns, with column <paramref name="oldName"/> renamed to <paramref name="newName"/>.</summary>
    public Frame RenameColumn(string oldName, string newName)
    {
        var i = IndexOf(oldName);
        if (i < 0) throw new ColumnNotFoundException(oldName, ColumnNames);
        var copy = (Column[])_columns.Clone();
        copy[i] = copy[i].Rename(newName);
        return new Frame(copy, validate: false);
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order (indices may repeat).</summary>
    public Frame Take(ReadOnlySpan<int> rows)
    {
        var result = new Column[_columns.Length];
        for (var i = 0; i < result.Length; i++) result[i] = _columns[i].Take(rows);
        return new Frame(result, validate: false);
    }

    /// <summary>The rows where <paramref name="mask"/> is true.</summary>
    public Frame Filter(ReadOnlySpan<bool> mask)
    {
        if (mask.Length != RowCount) throw new ArgumentException($"mask has {mask.Length} entries but the frame has {RowCount} rows", nameof(mask));
        var idx = new List<int>();
        for (var i = 0; i < mask.Length; i++) if (mask[i]) idx.Add(i);
        return Take(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(idx));
    }

    /// <summary>The rows <c>[start, start + length)</c>.</summary>
    public Frame Slice(int start, int length)
    {
        if (start < 0 || length < 0 || start + length > RowCount) throw new ArgumentOutOfRangeException(nameof(start));
        return new Frame(_columns.Select(c => c.Slice(start, length)).ToArray(), validate: false);
    }

    /// <summary>The first <paramref name="n"/> rows (all of them when there are fewer).</summary>
    public Frame Head(int n = 5) => Slice(0, Math.Min(Math.Max(n, 0), RowCount));

    /// <summary>The last <paramref name="n"/> rows (all of them when there are fewer).</summary>
    public Frame Tail(int n = 5)
    {
        var k = Math.Min(Math.Max(n, 0), RowCount);
        return Slice(RowCount - k, k);
    }

    /// <summary>This frame's rows followed by <paramref name="other"/>'s. Both must have the same column names and types (order may differ).</summary>
    public Frame Concat(Frame other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_columns.Length == 0) return other;
        if (other.ColumnCount == 0) return this;
        if (other.ColumnCount != ColumnCount)
            throw new AugurException($"cannot concatenate frames with {ColumnCount} and {other.ColumnCount} columns");
        var result = new Column[_columns.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var c = _columns[i];
            if (!other.TryGetColumn(c.Name, out var o)) throw new ColumnNotFoundException(c.Name, other.ColumnNames);
            result[i] = c.Append(o);
        }
        return new Frame(result, validate: false);
    }

    /// <summary>All rows of <paramref name="frames"/>, one after another.</summary>
    public static Frame ConcatRows(IEnumerable<Frame> frames)
    {
        var result = Empty;
        foreach (var f in frames) result = result.Concat(f);
        return result;
    }

    /// <summary>Concatenates column-wise: the columns of every frame side by side. Row counts must match and names must be unique.</summary>
    public static Frame ConcatColumns(IEnumerable<Frame> frames) => new(frames.SelectMany(f => f._columns));

    /// <inheritdoc />
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => _columns.GetEnumerator();
}
