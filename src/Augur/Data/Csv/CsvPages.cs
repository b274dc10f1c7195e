using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augur.Data;

/// <summary>What the cells of one column turned out to be so far (per page for the parsing worker, per column for the result).</summary>
internal enum CellKind : byte
{
    None,
    Int,
    Float,
    Bool,
    DateTime,
    Text,
}

/// <summary>What one parsed cell holds; written next to its slot so that the consumer never depends on page state.</summary>
internal enum CellTag : byte
{
    Missing,
    SoftMissing,
    Int,
    IntNegativeZero,
    Float,
    Bool,
    DateTime,
    Text,
}

/// <summary>
/// A block of parsed rows written by one worker thread: one 8-byte slot (a long, the bits of a double, 0/1, ticks or a
/// code into the worker's text dictionary) and one tag per cell, row-major. The consumer copies rows out in file
/// order and hands the page back for reuse once every row has been copied.
/// </summary>
internal sealed class CsvPage
{
    public CsvPage(int id, int capacity, int columns)
    {
        Id = id;
        Capacity = capacity;
        Slots = GC.AllocateUninitializedArray<long>(capacity * columns);
        Tags = GC.AllocateUninitializedArray<CellTag>(capacity * columns);
        Kinds = new CellKind[columns];
    }

    public int Id { get; }
    public int Capacity { get; }
    public CsvWorker Owner = null!;
    public int Count;
    public int Consumed;
    public readonly long[] Slots;
    public readonly CellTag[] Tags;
    public readonly CellKind[] Kinds;
}

/// <summary>Distinct strings of one column seen by one worker, each with a code.</summary>
internal sealed class TextDictionary
{
    private readonly Dictionary<string, int> _map = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TextDictionary() => _lookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();

    public List<string> Values { get; } = [];

    public int Add(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out var code)) return code;
        var s = value.ToString();
        code = Values.Count;
        _map.Add(s, code);
        Values.Add(s);
        return code;
    }
}

/// <summary>The state of one parsing thread: its current page, its text dictionaries and a scratch buffer.</summary>
internal sealed class CsvWorker(int index, int columns)
{
    public int Index { get; } = index;
    public TextDictionary?[] Dictionaries { get; } = new TextDictionary?[columns];
    public char[] Scratch = new char[256];
    public CsvPage? Page;

    public TextDictionary Dictionary(int column) => Dictionaries[column] ??= new TextDictionary();

    public char[] EnsureScratch(int length)
    {
        if (Scratch.Length < length) Scratch = new char[Math.Max(length, Scratch.Length * 2)];
        return Scratch;
    }
}

/// <summary>
/// One result column while rows stream in, in file order: an 8-byte slot per row (a long, the bits of a double, 0/1,
/// ticks, or a packed worker and dictionary code), missing flags, and the kind so far. The slots live in native
/// memory: the final managed array is allocated at the exact row count when the column is built, and the native
/// buffer is freed right then, so reading needs little more memory than the result itself.
/// </summary>
internal sealed unsafe class CsvColumnBuilder : IDisposable
{
    private long* _slots;

    public CsvColumnBuilder(string name, CellKind fixedKind, bool isFixed, int capacity)
    {
        Name = name;
        IsFixed = isFixed;
        Kind = fixedKind;
        Capacity = capacity;
        _slots = (long*)NativeMemory.Alloc((nuint)capacity, sizeof(long));
    }

    public string Name { get; }
    public bool IsFixed { get; }
    public int Capacity { get; private set; }
    public CellKind Kind;
    public bool[]? Missing;
    public List<int>? NegativeZeros;
    public bool NeedsReread;
    public bool SawSoftMissing;
    public int NonMissing;

    public void Grow(int capacity)
    {
        _slots = (long*)NativeMemory.Realloc(_slots, (nuint)capacity * sizeof(long));
        Capacity = capacity;
        if (Missing is not null) Array.Resize(ref Missing, capacity);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreBits(int row, long bits) => _slots[row] = bits;

    /// <summary>The first <paramref name="count"/> slots as longs.</summary>
    public Span<long> Bits(int count) => new(_slots, count);

    /// <summary>The first <paramref name="count"/> slots as doubles.</summary>
    public Span<double> Doubles(int count) => new(_slots, count);

    public void Dispose()
    {
        if (_slots is not null)
        {
            NativeMemory.Free(_slots);
            _slots = null;
        }
    }

    public void SetMissing(int row)
    {
        Missing ??= new bool[Capacity];
        Missing[row] = true;
        _slots[row] = BitConverter.DoubleToInt64Bits(double.NaN);
    }

    /// <summary>Adds a cell whose tag differs from the column's kind (or any missing cell).</summary>
    public void AddSlow(int row, CellTag tag, long slot, int worker)
    {
        switch (tag)
        {
            case CellTag.Missing:
                SetMissing(row);
                return;
            case CellTag.SoftMissing:
                SawSoftMissing = true;
                SetMissing(row);
                return;
        }
        NonMissing++;
        switch (tag)
        {
            case CellTag.Int or CellTag.IntNegativeZero:
                if (Kind == CellKind.None) Kind = CellKind.Int;
                if (Kind == CellKind.Int)
                {
                    _slots[row] = slot;
                    if (tag == CellTag.IntNegativeZero) (NegativeZeros ??= []).Add(row);
                    return;
                }
                if (Kind == CellKind.Float)
                {
                    _slots[row] = BitConverter.DoubleToInt64Bits(tag == CellTag.IntNegativeZero ? -0.0 : slot);
                    return;
                }
                break;
            case CellTag.Float:
                if (Kind == CellKind.None) Kind = CellKind.Float;
                if (Kind == CellKind.Int)
                {
                    IntToFloat(row);
                    Kind = CellKind.Float;
                }
                if (Kind == CellKind.Float)
                {
                    _slots[row] = slot;
                    return;
                }
                break;
            case CellTag.Bool:
                if (Kind == CellKind.None) Kind = CellKind.Bool;
                if (Kind == CellKind.Bool)
                {
                    _slots[row] = slot;
                    return;
                }
                break;
            case CellTag.DateTime:
                if (Kind == CellKind.None) Kind = CellKind.DateTime;
                if (Kind == CellKind.DateTime)
                {
                    _slots[row] = slot;
                    return;
                }
                break;
            case CellTag.Text:
                if (Kind == CellKind.None) Kind = CellKind.Text;
                if (Kind == CellKind.Text)
                {
                    _slots[row] = ((long)worker << 32) | (uint)slot;
                    return;
                }
                // Text after typed values: the typed cells lost their exact text.
                Kind = CellKind.Text;
                NeedsReread = true;
                return;
        }
        // A typed value that does not fit the kind so far (text, or two incompatible kinds).
        Kind = CellKind.Text;
        NeedsReread = true;
    }

    private void IntToFloat(int upTo)
    {
        for (var i = 0; i < upTo; i++)
            if (Missing is null || !Missing[i]) _slots[i] = BitConverter.DoubleToInt64Bits(_slots[i]);
        if (NegativeZeros is not null)
            foreach (var i in NegativeZeros) _slots[i] = BitConverter.DoubleToInt64Bits(-0.0);
        NegativeZeros = null;
    }
}
