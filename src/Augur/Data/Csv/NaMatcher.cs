namespace Augur.Data;

/// <summary>Decides quickly whether an unquoted field is one of the missing-value tokens.</summary>
internal sealed class NaMatcher
{
    private readonly HashSet<string> _set;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly ulong _lengthMask;
    private readonly bool _longTokens;
    private readonly bool[] _firstAscii = new bool[128];
    private readonly bool _firstNonAscii;

    public NaMatcher(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tokens)
        {
            if (t is null) throw new AugurException("a missing-value token in CsvReadOptions.NaTokens is null");
            if (t.Length == 0)
            {
                EmptyIsNa = true;
                continue;
            }
            _set.Add(t);
            if (t.Length < 64) _lengthMask |= 1UL << t.Length;
            else _longTokens = true;
            if (t[0] < 128) _firstAscii[t[0]] = true;
            else _firstNonAscii = true;
            if (CsvValueParser.TryParseInt64(CsvValueParser.TrimSpaces(t), out _, out _) ||
                (CsvValueParser.TryParseDouble(CsvValueParser.TrimSpaces(t), out var d) && double.IsFinite(d)))
                HasNumericTokens = true;
        }
        _lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>True when an empty unquoted field is missing.</summary>
    public bool EmptyIsNa { get; }

    /// <summary>True when some token reads as a finite number (then numbers must be checked against the tokens).</summary>
    public bool HasNumericTokens { get; }

    /// <summary>True when <paramref name="s"/> is a missing-value token.</summary>
    public bool IsNa(ReadOnlySpan<char> s)
    {
        if (s.Length == 0) return EmptyIsNa;
        if (s.Length < 64 ? ((_lengthMask >> s.Length) & 1) == 0 : !_longTokens) return false;
        var c = s[0];
        if (c < 128 ? !_firstAscii[c] : !_firstNonAscii) return false;
        return _lookup.Contains(s);
    }

    /// <summary>True when <paramref name="s"/> is a token (used by the writer to quote such strings).</summary>
    public bool Contains(string s) => s.Length == 0 ? EmptyIsNa : _set.Contains(s);
}
