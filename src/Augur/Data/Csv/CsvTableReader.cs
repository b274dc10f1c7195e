using System.Collections.Concurrent;
using System.Globalization;
using nietras.SeparatedValues;

namespace Augur.Data;

/// <summary>
/// Reads CSV text into a <see cref="Frame"/>. Sep splits records and fields (on several threads for large inputs).
/// Each worker thread parses its rows straight from the field spans into a page of 8-byte slots with a tag per cell
/// (no allocation per number); the consumer takes the rows in file order (the ordered results of Sep's parallel
/// enumeration say where each row went), appends them to one growing buffer per column, combines the tags into one
/// type per column, and hands pages back for reuse, so memory stays close to the size of the result. Text columns are
/// dictionary-encoded per worker, so repeated values cost no allocation. A column that turns out to be text after
/// some of its cells were read as numbers, booleans or dates is read again (that column only) in a second pass, so
/// its text is exactly what the file says.
/// </summary>
internal sealed class CsvTableReader
{
    private const long ParallelSizeThreshold = 4L << 20;
    private const int PositionBits = 14;
    private const long Skipped = -1;
    private const long Failed = -2;

    private readonly CsvSource _source;
    private readonly CsvReadOptions _options;
    private readonly NaMatcher _na;
    private readonly bool _naNumeric;
    private readonly object _lock = new();
    private readonly List<CsvWorker> _workers = [];
    private readonly List<CsvPage> _pages = [];
    private CsvPage? _lastPage;
    private readonly ConcurrentBag<CsvPage> _freePages = [];
    private char _delimiter;
    private string[] _names = [];
    private int _columns;
    private bool[] _isFixed = [];
    private CellKind[] _fixedKind = [];
    private ColumnType[] _fixedType = [];
    private int[] _textSeen = [];
    private int _pageRows;
    private bool _sequential;
    private CsvFormatException? _error;
    private int _failed;
    private CsvColumnBuilder[] _builders = [];
    private int _rows;

    private CsvTableReader(CsvSource source, CsvReadOptions options)
    {
        _source = source;
        _options = options;
        _na = new NaMatcher(options.NaTokens ?? CsvReadOptions.DefaultNaTokens);
        _naNumeric = _na.HasNumericTokens;
        if (double.IsNaN(options.CategoricalThreshold) || options.CategoricalThreshold < 0 || options.CategoricalThreshold > 1)
            throw new AugurException($"CsvReadOptions.CategoricalThreshold must be between 0 and 1, not {options.CategoricalThreshold}");
        if (options.MaxDegreeOfParallelism == 0 || options.MaxDegreeOfParallelism < -1)
            throw new AugurException($"CsvReadOptions.MaxDegreeOfParallelism must be -1 (automatic) or a positive number, not {options.MaxDegreeOfParallelism}");
    }

    /// <summary>Reads the whole source.</summary>
    public static Frame Read(CsvSource source, CsvReadOptions? options) => new CsvTableReader(source, options ?? new CsvReadOptions()).Read();

    private Frame Read()
    {
        var prefix = _source.Prefix(1 << 16, out var complete);
        if (_options.Delimiter is { } d)
        {
            if (d is '"' or '\r' or '\n') throw new AugurException($"'{Printable(d)}' cannot be a CSV delimiter");
            _delimiter = d;
        }
        else _delimiter = CsvSniffer.Detect(prefix, complete);

        using var reader = OpenSep();
        if (!MoveToFirstRecord(reader)) return Frame.Empty;
        var first = reader.Current;
        if (_options.HasHeader) ReadHeader(first, LineOf(first));
        else
        {
            _columns = first.ColCount;
            _names = Enumerable.Range(0, _columns).Select(j => "x" + j.ToString(CultureInfo.InvariantCulture)).ToArray();
        }
        ApplySchema();
        _pageRows = _options.PageRows > 0
            ? Math.Min(_options.PageRows, 1 << PositionBits)
            : Math.Clamp(32768 / Math.Max(1, _columns), 64, 1 << PositionBits);
        var capacity = _source.EstimateRows(prefix, complete);
        _builders = new CsvColumnBuilder[_columns];
        try
        {
            for (var j = 0; j < _columns; j++) _builders[j] = new CsvColumnBuilder(_names[j], _fixedKind[j], _isFixed[j], capacity);
            return ReadRows(reader, first);
        }
        finally
        {
            foreach (var b in _builders) b?.Dispose();
        }
    }

    private Frame ReadRows(SepReader reader, SepReader.Row first)
    {
        var dop = _options.MaxDegreeOfParallelism;
        if (dop == -1) dop = _source.ApproximateBytes >= ParallelSizeThreshold ? Environment.ProcessorCount : 1;
        _sequential = dop <= 1;

        if (_sequential)
        {
            var worker = NewWorker();
            if (!_options.HasHeader) Consume(ProcessRow(first, worker));
            while (reader.MoveNext()) Consume(ProcessRow(reader.Current, worker));
        }
        else
        {
            using var local = new ThreadLocal<CsvWorker>(NewWorker);
            var failed = false;
            if (!_options.HasHeader)
            {
                var location = ProcessRow(first, local.Value!);
                if (location == Failed) failed = true;
                else Consume(location);
            }
            if (!failed)
            {
                foreach (var location in reader.ParallelEnumerate(row => ProcessRow(row, local.Value!), dop))
                {
                    if (location == Failed)
                    {
                        failed = true;
                        break;
                    }
                    Consume(location);
                }
            }
            // Sep's rows carry no reliable line numbers when parsed in parallel, and rows after a bad one may have
            // been skipped: read again on one thread, which reports the first error exactly.
            if (failed) return new CsvTableReader(_source, _options with { MaxDegreeOfParallelism = 1 }).Read();
        }
        _freePages.Clear();
        _pages.Clear();
        return Assemble();
    }

    /// <summary>Appends the row stored at <paramref name="location"/> to the result columns (in file order).</summary>
    private void Consume(long location)
    {
        if (location < 0)
        {
            if (location == Failed) throw _error ?? new AugurException("the CSV input could not be read");
            return;
        }
        var id = (int)(location >> PositionBits);
        var page = _lastPage;
        if (page is null || page.Id != id)
        {
            lock (_lock) page = _pages[id];
            _lastPage = page;
        }
        var pos = (int)(location & ((1 << PositionBits) - 1));
        var row = _rows;
        if (row == _builders[0].Capacity)
        {
            var bigger = (int)Math.Min(Array.MaxLength - 1L, Math.Max(16L, row + (row >> 1)));
            foreach (var b in _builders) b.Grow(bigger);
        }
        var builders = _builders;
        var rowBase = pos * builders.Length;
        var slots = page.Slots;
        var tags = page.Tags;
        var worker = page.Owner.Index;
        for (var j = 0; j < builders.Length; j++)
        {
            var b = builders[j];
            var index = rowBase + j;
            var tag = tags[index];
            var kind = b.Kind;
            if ((tag == CellTag.Float && kind == CellKind.Float) || (tag == CellTag.Int && kind == CellKind.Int))
                b.StoreBits(row, slots[index]);
            else if (tag == CellTag.Text && kind == CellKind.Text)
            {
                b.StoreBits(row, ((long)worker << 32) | (uint)slots[index]);
                b.NonMissing++;
            }
            else b.AddSlow(row, tag, slots[index], worker);
        }
        _rows = row + 1;
        if (++page.Consumed == page.Capacity)
        {
            page.Consumed = 0;
            _freePages.Add(page);
        }
    }

    private SepReader OpenSep()
    {
        Sep sep;
        try
        {
            sep = Sep.New(_delimiter);
        }
        catch (ArgumentException e)
        {
            throw new AugurException($"'{Printable(_delimiter)}' cannot be a CSV delimiter", e);
        }
        var text = _source.Open();
        try
        {
            return sep.Reader(o => o with
            {
                HasHeader = false,
                DisableColCountCheck = true,
                Unescape = false,
                CultureInfo = CultureInfo.InvariantCulture,
            }).From(text);
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>Moves to the first record, skipping blank lines before it; false for an empty input.</summary>
    private static bool MoveToFirstRecord(SepReader reader)
    {
        while (reader.MoveNext())
            if (reader.Current.Span.Length > 0) return true;
        return false;
    }

    // Sep reports the first record's lines as [2..2); every later record is right.
    private static int LineOf(SepReader.Row row) => row.RowIndex == 0 ? 1 : row.LineNumberFrom;

    private void ReadHeader(SepReader.Row header, int line)
    {
        _columns = header.ColCount;
        _names = new string[_columns];
        var scratch = new CsvWorker(0, 0);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < _columns; j++)
        {
            var raw = header[j].Span;
            if (j == 0 && raw.Length > 0 && raw[0] == '\uFEFF') raw = raw[1..];
            var status = Unquote(raw, scratch, out var name);
            if (status != QuoteStatus.Ok && status != QuoteStatus.Quoted)
                throw new CsvFormatException(line, null, $"header field {j + 1}: {Describe(status)}");
            var s = name.Length == 0 ? "Unnamed: " + j.ToString(CultureInfo.InvariantCulture) : name.ToString();
            if (seen.TryGetValue(s, out var previous))
                throw new CsvFormatException(line, s,
                    $"the column name appears more than once (fields {previous + 1} and {j + 1}); rename one of them");
            seen.Add(s, j);
            _names[j] = s;
        }
    }

    private void ApplySchema()
    {
        _isFixed = new bool[_columns];
        _fixedKind = new CellKind[_columns];
        _fixedType = new ColumnType[_columns];
        _textSeen = new int[_columns];
        if (_options.Schema is null) return;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < _columns; j++) index[_names[j]] = j;
        foreach (var (name, type) in _options.Schema)
        {
            if (!index.TryGetValue(name, out var j)) throw new ColumnNotFoundException(name, _names);
            _isFixed[j] = true;
            _fixedType[j] = type;
            _fixedKind[j] = type switch
            {
                ColumnType.Float64 => CellKind.Float,
                ColumnType.Int64 => CellKind.Int,
                ColumnType.Bool => CellKind.Bool,
                ColumnType.DateTime => CellKind.DateTime,
                ColumnType.String or ColumnType.Categorical => CellKind.Text,
                _ => throw new AugurException(
                    $"the schema gives column '{name}' the type {type.ToName()}, which a CSV file cannot hold; use float64, int64, bool, string, categorical or datetime"),
            };
        }
    }

    private CsvWorker NewWorker()
    {
        lock (_lock)
        {
            var w = new CsvWorker(_workers.Count, _columns);
            _workers.Add(w);
            return w;
        }
    }

    /// <summary>A page for <paramref name="w"/>: one that the consumer has emptied, or a new one.</summary>
    private CsvPage NewPage(CsvWorker w)
    {
        if (!_freePages.TryTake(out var page))
        {
            lock (_lock)
            {
                page = new CsvPage(_pages.Count, _pageRows, _columns);
                _pages.Add(page);
            }
        }
        page.Owner = w;
        page.Count = 0;
        for (var j = 0; j < _columns; j++)
            page.Kinds[j] = _isFixed[j] ? _fixedKind[j] : Volatile.Read(ref _textSeen[j]) != 0 ? CellKind.Text : CellKind.None;
        return page;
    }

    private long Fail(Func<CsvFormatException> error)
    {
        // Only the sequential reader's line numbers are exact; a parallel read starts over sequentially on failure.
        if (Interlocked.Exchange(ref _failed, 1) == 0 && _sequential) _error = error();
        return Failed;
    }

    /// <summary>Parses one record into the worker's current page; returns where it went (or <see cref="Skipped"/>, <see cref="Failed"/>).</summary>
    private long ProcessRow(SepReader.Row row, CsvWorker w)
    {
        if (Volatile.Read(ref _failed) != 0) return Failed;
        var rowSpan = row.Span;
        var columns = _columns;
        if (rowSpan.Length == 0 && columns > 1) return Skipped; // a blank line
        var colCount = row.ColCount;
        var hasQuote = rowSpan.Contains('"');
        if (hasQuote)
        {
            for (var j = 0; j < colCount; j++)
            {
                var status = CheckQuotes(row[j].Span);
                if (status is not (QuoteStatus.Ok or QuoteStatus.Quoted))
                {
                    var line = LineOf(row);
                    var name = j < columns ? _names[j] : null;
                    return Fail(() => new CsvFormatException(line, name, Describe(status)));
                }
            }
        }
        if (colCount != columns)
        {
            var line = LineOf(row);
            return Fail(() => Ragged(line, colCount));
        }

        var page = w.Page ??= NewPage(w);
        var pos = page.Count++;
        // A full page is let go at once: the consumer hands it to another worker as soon as it has copied it.
        if (page.Count == page.Capacity) w.Page = null;
        var tags = page.Tags;
        var slots = page.Slots;
        var kinds = page.Kinds;
        var rowBase = pos * columns;
        for (var j = 0; j < columns; j++)
        {
            var cell = row[j].Span;
            var quoted = false;
            if (hasQuote && cell.Length > 0)
            {
                var status = Unquote(cell, w, out cell);
                quoted = status == QuoteStatus.Quoted;
            }
            var index = rowBase + j;
            if (!quoted)
            {
                switch (kinds[j])
                {
                    case CellKind.Float:
                        if (CsvValueParser.TryParseDouble(CsvValueParser.TrimSpaces(cell), out var d) && (!_naNumeric || !_na.IsNa(cell)))
                        {
                            slots[index] = BitConverter.DoubleToInt64Bits(d);
                            tags[index] = CellTag.Float;
                            continue;
                        }
                        break;
                    case CellKind.Int:
                        if (CsvValueParser.TryParseInt64(CsvValueParser.TrimSpaces(cell), out var v, out var negativeZero) && !negativeZero &&
                            (!_naNumeric || !_na.IsNa(cell)))
                        {
                            slots[index] = v;
                            tags[index] = CellTag.Int;
                            continue;
                        }
                        break;
                }
            }
            var problem = StoreSlow(w, page, j, pos, cell, quoted);
            if (problem is not null)
            {
                var line = LineOf(row);
                var name = _names[j];
                return Fail(() => new CsvFormatException(line, name, problem));
            }
        }
        return ((long)page.Id << PositionBits) | (uint)pos;
    }

    private CsvFormatException Ragged(int line, int colCount)
    {
        var what = _options.HasHeader ? "the header has" : "the first record has";
        return colCount < _columns
            ? new CsvFormatException(line, _names[colCount],
                $"the record has {colCount} field{(colCount == 1 ? "" : "s")} but {what} {_columns}, so this column and any after it are missing")
            : new CsvFormatException(line, _names[_columns - 1],
                $"the record has {colCount} fields but {what} {_columns}; the extra fields come after this column (quote fields that contain the delimiter '{Printable(_delimiter)}')");
    }

    private static void Set(CsvPage page, int index, CellTag tag, long slot = 0)
    {
        page.Tags[index] = tag;
        page.Slots[index] = slot;
    }

    /// <summary>Everything but the float and int fast paths: missing values, inference, fixed types, text.</summary>
    private string? StoreSlow(CsvWorker w, CsvPage page, int j, int pos, ReadOnlySpan<char> cell, bool quoted)
    {
        var index = pos * _columns + j;
        ref var kind = ref page.Kinds[j];
        if (!quoted && _na.IsNa(cell))
        {
            Set(page, index, CellTag.Missing);
            return null;
        }
        if (kind == CellKind.Text)
        {
            Set(page, index, CellTag.Text, w.Dictionary(j).Add(cell));
            return null;
        }
        if (quoted && cell.Length == 0)
        {
            // A quoted empty field in a column that is not text has no other meaning than "missing".
            Set(page, index, CellTag.SoftMissing);
            return null;
        }
        var t = CsvValueParser.TrimSpaces(cell);
        if (_isFixed[j]) return StoreFixed(page, j, index, t, cell);

        if (Volatile.Read(ref _textSeen[j]) == 0)
        {
            // The page kind only steers the fast paths; the consumer combines the cell tags.
            if (CsvValueParser.TryParseInt64(t, out var v, out var negativeZero))
            {
                if (kind == CellKind.None) kind = CellKind.Int;
                if (kind is CellKind.Int or CellKind.Float)
                {
                    Set(page, index, negativeZero ? CellTag.IntNegativeZero : CellTag.Int, v);
                    return null;
                }
            }
            else if (CsvValueParser.TryParseDouble(t, out var d))
            {
                if (kind is CellKind.None or CellKind.Int) kind = CellKind.Float;
                if (kind == CellKind.Float)
                {
                    Set(page, index, CellTag.Float, BitConverter.DoubleToInt64Bits(d));
                    return null;
                }
            }
            else if (CsvValueParser.TryParseBool(t, out var b))
            {
                if (kind == CellKind.None) kind = CellKind.Bool;
                if (kind == CellKind.Bool)
                {
                    Set(page, index, CellTag.Bool, b ? 1 : 0);
                    return null;
                }
            }
            else if (CsvValueParser.TryParseDateTime(t, out var ticks))
            {
                if (kind == CellKind.None) kind = CellKind.DateTime;
                if (kind == CellKind.DateTime)
                {
                    Set(page, index, CellTag.DateTime, ticks);
                    return null;
                }
            }
            Volatile.Write(ref _textSeen[j], 1);
        }
        kind = CellKind.Text;
        Set(page, index, CellTag.Text, w.Dictionary(j).Add(cell));
        return null;
    }

    private string? StoreFixed(CsvPage page, int j, int index, ReadOnlySpan<char> t, ReadOnlySpan<char> cell)
    {
        switch (_fixedType[j])
        {
            case ColumnType.Float64:
                if (CsvValueParser.TryParseDouble(t, out var d))
                {
                    Set(page, index, CellTag.Float, BitConverter.DoubleToInt64Bits(d));
                    return null;
                }
                break;
            case ColumnType.Int64:
                if (CsvValueParser.TryParseInt64(t, out var v, out _))
                {
                    Set(page, index, CellTag.Int, v);
                    return null;
                }
                break;
            case ColumnType.Bool:
                if (CsvValueParser.TryParseBool(t, out var b) || TryParseBinary(t, out b))
                {
                    Set(page, index, CellTag.Bool, b ? 1 : 0);
                    return null;
                }
                break;
            case ColumnType.DateTime:
                if (CsvValueParser.TryParseDateTime(t, out var ticks))
                {
                    Set(page, index, CellTag.DateTime, ticks);
                    return null;
                }
                break;
        }
        var shown = cell.Length > 60 ? cell[..60].ToString() + "…" : cell.ToString();
        var hint = _fixedType[j] switch
        {
            ColumnType.Int64 => "whole numbers",
            ColumnType.Float64 => "numbers such as 1.5, -2e-3 or inf",
            ColumnType.Bool => "true, false, 1 or 0",
            _ => "ISO-8601 dates such as 2024-01-31 or 2024-01-31T12:00:00",
        };
        return $"'{shown}' is not a valid {_fixedType[j].ToName()} value (the schema says {_fixedType[j].ToName()}, which takes {hint})";
    }

    private static bool TryParseBinary(ReadOnlySpan<char> t, out bool value)
    {
        value = t is "1";
        return t is "1" or "0";
    }

    internal enum QuoteStatus
    {
        Ok,
        Quoted,
        Unterminated,
        QuoteInUnquoted,
        TextAfterQuote,
    }

    private static string Describe(QuoteStatus status) => status switch
    {
        QuoteStatus.Unterminated => "a quoted field is never closed (a quote opened here has no closing quote before the end of the file)",
        QuoteStatus.QuoteInUnquoted => "a quote inside an unquoted field; quote the whole field and double the quotes inside it",
        QuoteStatus.TextAfterQuote => "text after the closing quote of a quoted field; double the quotes inside a quoted field",
        _ => status.ToString(),
    };

    /// <summary>Checks the quoting of a raw field (spaces around a quoted field are allowed).</summary>
    private static QuoteStatus CheckQuotes(ReadOnlySpan<char> raw)
    {
        var first = raw.IndexOf('"');
        if (first < 0) return QuoteStatus.Ok;
        for (var k = 0; k < first; k++)
            if (raw[k] != ' ') return QuoteStatus.QuoteInUnquoted;
        var i = first + 1;
        while (i < raw.Length)
        {
            var next = raw[i..].IndexOf('"');
            if (next < 0) return QuoteStatus.Unterminated;
            i += next;
            if (i + 1 < raw.Length && raw[i + 1] == '"')
            {
                i += 2;
                continue;
            }
            for (var k = i + 1; k < raw.Length; k++)
                if (raw[k] != ' ') return QuoteStatus.TextAfterQuote;
            return QuoteStatus.Quoted;
        }
        return QuoteStatus.Unterminated;
    }

    /// <summary>Removes the quotes of a checked field (into the worker's scratch buffer) and undoubles inner quotes.</summary>
    private static QuoteStatus Unquote(ReadOnlySpan<char> raw, CsvWorker w, out ReadOnlySpan<char> value)
    {
        var status = CheckQuotes(raw);
        if (status != QuoteStatus.Quoted)
        {
            value = raw;
            return status;
        }
        var open = raw.IndexOf('"');
        var close = raw.LastIndexOf('"');
        var inner = raw[(open + 1)..close];
        if (!inner.Contains('"'))
        {
            value = inner;
            return status;
        }
        var buffer = w.EnsureScratch(inner.Length);
        var n = 0;
        for (var k = 0; k < inner.Length; k++)
        {
            buffer[n++] = inner[k];
            if (inner[k] == '"') k++;
        }
        value = buffer.AsSpan(0, n);
        return status;
    }

    private static string Printable(char c) => c switch
    {
        '\t' => "\\t",
        '\r' => "\\r",
        '\n' => "\\n",
        _ => c.ToString(),
    };

    // ----- assembling the frame -----

    private Frame Assemble()
    {
        var n = _rows;
        var columns = new Column[_columns];
        var reread = new List<int>();
        for (var j = 0; j < _columns; j++)
        {
            var b = _builders[j];
            if (b.Kind == CellKind.Text && (b.NeedsReread || (b.SawSoftMissing && !b.IsFixed)))
            {
                reread.Add(j);
                continue;
            }
            columns[j] = Build(b, j, n);
            b.Dispose();
        }
        foreach (var b in _builders) b.Dispose();
        if (reread.Count > 0) Reread(reread, n, columns);
        return new Frame(columns);
    }

    private Column Build(CsvColumnBuilder b, int j, int n)
    {
        var missing = b.Missing is null ? null : b.Missing.Length == n ? b.Missing : b.Missing.AsSpan(0, n).ToArray();
        switch (b.Kind)
        {
            case CellKind.Float:
            {
                var values = GC.AllocateUninitializedArray<double>(n);
                b.Doubles(n).CopyTo(values);
                return new Float64Column(b.Name, values);
            }
            case CellKind.Int:
            {
                var values = GC.AllocateUninitializedArray<long>(n);
                b.Bits(n).CopyTo(values);
                if (missing is not null) for (var i = 0; i < n; i++) if (missing[i]) values[i] = 0;
                return new Int64Column(b.Name, values, missing);
            }
            case CellKind.DateTime:
            {
                var values = GC.AllocateUninitializedArray<long>(n);
                b.Bits(n).CopyTo(values);
                if (missing is not null) for (var i = 0; i < n; i++) if (missing[i]) values[i] = 0;
                return new DateTimeColumn(b.Name, values, missing);
            }
            case CellKind.Bool:
            {
                var bits = b.Bits(n);
                var values = new bool[n];
                for (var i = 0; i < n; i++) values[i] = bits[i] == 1;
                return new BoolColumn(b.Name, values, missing);
            }
            case CellKind.Text:
                return BuildText(b, j, n);
            default:
                if (n == 0) return new StringColumn(b.Name, Array.Empty<string?>());
                var nan = new double[n];
                nan.AsSpan().Fill(double.NaN);
                return new Float64Column(b.Name, nan);
        }
    }

    private Column BuildText(CsvColumnBuilder b, int j, int n)
    {
        // Merge the workers' dictionaries into one list of distinct values.
        var global = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new List<string>();
        var remaps = new int[_workers.Count][];
        foreach (var w in _workers)
        {
            var dict = w.Dictionaries[j];
            if (dict is null) continue;
            var remap = new int[dict.Values.Count];
            for (var k = 0; k < remap.Length; k++)
            {
                var s = dict.Values[k];
                if (!global.TryGetValue(s, out var g))
                {
                    g = values.Count;
                    global.Add(s, g);
                    values.Add(s);
                }
                remap[k] = g;
            }
            remaps[w.Index] = remap;
        }
        var bits = b.Bits(n);
        var codes = new int[n];
        for (var i = 0; i < n; i++)
        {
            if (b.Missing is not null && b.Missing[i]) codes[i] = -1;
            else
            {
                var packed = bits[i];
                codes[i] = remaps[(int)(packed >> 32)][(int)(uint)packed];
            }
        }
        return MakeTextColumn(j, codes, values, b.NonMissing);
    }

    private Column MakeTextColumn(int j, int[] codes, List<string> values, int nonMissing)
    {
        var categorical = _isFixed[j]
            ? _fixedType[j] == ColumnType.Categorical
            : _options.CategoricalThreshold > 0 && values.Count <= _options.CategoricalThreshold * nonMissing;
        if (categorical)
        {
            var order = Enumerable.Range(0, values.Count).ToArray();
            var keys = values.ToArray();
            Array.Sort(keys, order, StringComparer.Ordinal);
            var rank = new int[values.Count];
            for (var k = 0; k < order.Length; k++) rank[order[k]] = k;
            for (var i = 0; i < codes.Length; i++) if (codes[i] >= 0) codes[i] = rank[codes[i]];
            return new CategoricalColumn(_names[j], codes, keys);
        }
        var strings = new string?[codes.Length];
        for (var i = 0; i < codes.Length; i++) strings[i] = codes[i] < 0 ? null : values[codes[i]];
        return new StringColumn(_names[j], strings);
    }

    /// <summary>Reads the text of <paramref name="targets"/> again, sequentially, for columns whose exact text was lost.</summary>
    private void Reread(List<int> targets, int n, Column[] result)
    {
        var codes = targets.Select(_ => new int[n]).ToArray();
        var dicts = targets.Select(_ => new TextDictionary()).ToArray();
        var nonMissing = new int[targets.Count];
        var scratch = new CsvWorker(0, 0);
        using var reader = OpenSep();
        if (!MoveToFirstRecord(reader)) throw new AugurException("the CSV input changed while it was being read");
        var row = 0;
        var processCurrent = !_options.HasHeader;
        while (processCurrent || reader.MoveNext())
        {
            processCurrent = false;
            var r = reader.Current;
            var span = r.Span;
            if (span.Length == 0 && _columns > 1) continue;
            if (row >= n || r.ColCount != _columns) throw new AugurException("the CSV input changed while it was being read");
            var hasQuote = span.Contains('"');
            for (var t = 0; t < targets.Count; t++)
            {
                var cell = r[targets[t]].Span;
                var quoted = false;
                if (hasQuote && cell.Length > 0) quoted = Unquote(cell, scratch, out cell) == QuoteStatus.Quoted;
                if (!quoted && _na.IsNa(cell)) codes[t][row] = -1;
                else
                {
                    codes[t][row] = dicts[t].Add(cell);
                    nonMissing[t]++;
                }
            }
            row++;
        }
        if (row != n) throw new AugurException("the CSV input changed while it was being read");
        for (var t = 0; t < targets.Count; t++)
            result[targets[t]] = MakeTextColumn(targets[t], codes[t], dicts[t].Values, nonMissing[t]);
    }
}
