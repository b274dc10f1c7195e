using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Augur.Preprocessing;

/// <summary>Receives the terms of a document, one at a time, as spans valid only during the call.</summary>
internal interface ITermSink
{
    /// <summary>Adds one term.</summary>
    void Add(ReadOnlySpan<char> term);
}

/// <summary>Per-thread buffers for <see cref="TextAnalyzer"/>, reused across documents.</summary>
internal sealed class AnalyzerScratch : IDisposable
{
    public char[] Lower = ArrayPool<char>.Shared.Rent(256);
    public char[] Gram = ArrayPool<char>.Shared.Rent(256);
    public List<(int Start, int Length)> Tokens = new(64);
    public List<(int Start, int Length)> Kept = new(64);

    public void EnsureLower(int length)
    {
        if (Lower.Length >= length) return;
        ArrayPool<char>.Shared.Return(Lower);
        Lower = ArrayPool<char>.Shared.Rent(length);
    }

    public void EnsureGram(int length)
    {
        if (Gram.Length >= length) return;
        ArrayPool<char>.Shared.Return(Gram);
        Gram = ArrayPool<char>.Shared.Rent(length);
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(Lower);
        ArrayPool<char>.Shared.Return(Gram);
    }
}

/// <summary>
/// Splits documents into word n-grams as scikit-learn's word analyzer does: lowercase (optional), find tokens with the
/// token pattern, drop stop words, then join consecutive tokens with single spaces into n-grams. The default pattern
/// <c>(?u)\b\w\w+\b</c> and <c>(?u)\b\w+\b</c> run through a hand-written scanner (no allocation per character or
/// token) that reads code points, so letters outside the Basic Multilingual Plane count as Python counts them. Other
/// patterns run through .NET regular expressions after <c>\w</c>, <c>\W</c>, <c>\b</c> and <c>\B</c> are rewritten to
/// Python's Unicode meaning of a word character: a letter (L*), a number (Nd, Nl, No) or an underscore; there, characters
/// outside the Basic Multilingual Plane (stored as surrogate pairs) never count as word characters.
/// </summary>
internal sealed class TextAnalyzer
{
    /// <summary>scikit-learn's default token pattern.</summary>
    public const string DefaultPattern = @"(?u)\b\w\w+\b";

    private const string WordClass = @"\p{L}\p{Nd}\p{Nl}\p{No}_";

    private readonly bool _lowercase;
    private readonly int _minTokenLength;
    private readonly Regex? _regex;
    private readonly bool _useGroup;
    private readonly int _minN, _maxN;
    private readonly HashSet<string>? _stopWords;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopLookup;

    public TextAnalyzer(bool lowercase, string tokenPattern, int minN, int maxN, IReadOnlyList<string>? stopWords)
    {
        _lowercase = lowercase;
        _minN = minN;
        _maxN = maxN;
        var bare = tokenPattern.StartsWith("(?u)", StringComparison.Ordinal) ? tokenPattern[4..] : tokenPattern;
        _minTokenLength = bare switch
        {
            @"\b\w\w+\b" => 2,
            @"\b\w+\b" => 1,
            _ => 0,
        };
        if (_minTokenLength == 0)
        {
            _regex = new Regex(Translate(tokenPattern), RegexOptions.CultureInvariant);
            var groups = _regex.GetGroupNumbers().Length - 1;
            if (groups > 1)
                throw new AugurException($"token_pattern '{tokenPattern}' has {groups} capturing groups; it may have at most one (use (?:...) for grouping)");
            _useGroup = groups == 1;
        }
        if (stopWords is { Count: > 0 })
        {
            _stopWords = new HashSet<string>(stopWords, StringComparer.Ordinal);
            _stopLookup = _stopWords.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    /// <summary>
    /// Rewrites a Python regular expression for .NET: drops the <c>(?u)</c> flag (Unicode is the default in both) and
    /// gives <c>\w</c>, <c>\W</c>, <c>\b</c>, <c>\B</c> Python's meaning.
    /// </summary>
    internal static string Translate(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var sb = new StringBuilder(pattern.Length + 32);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '(' && i + 3 < pattern.Length && pattern[i + 1] == '?' && pattern[i + 2] == 'u' && pattern[i + 3] == ')')
            {
                i += 3;
                continue;
            }
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                switch (next)
                {
                    case 'w':
                        sb.Append(inClass ? WordClass : "[" + WordClass + "]");
                        break;
                    case 'W' when !inClass:
                        sb.Append("[^" + WordClass + "]");
                        break;
                    case 'W':
                        throw new AugurException($"token_pattern '{pattern}' uses \\W inside a character class, which Augur cannot translate; write the class out instead");
                    case 'b' when !inClass:
                        sb.Append("(?:(?<=[" + WordClass + "])(?![" + WordClass + "])|(?<![" + WordClass + "])(?=[" + WordClass + "]))");
                        break;
                    case 'B' when !inClass:
                        sb.Append("(?:(?<=[" + WordClass + "])(?=[" + WordClass + "])|(?<![" + WordClass + "])(?![" + WordClass + "]))");
                        break;
                    default:
                        sb.Append('\\').Append(next);
                        break;
                }
                continue;
            }
            if (c == '[' && !inClass)
            {
                inClass = true;
                sb.Append(c);
                // A ']' right after '[' or '[^' is a literal.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') { sb.Append('^'); i++; }
                if (i + 1 < pattern.Length && pattern[i + 1] == ']') { sb.Append("\\]"); i++; }
                continue;
            }
            if (c == ']' && inClass) inClass = false;
            sb.Append(c);
        }
        try
        {
            _ = new Regex(sb.ToString(), RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new AugurException($"token_pattern '{pattern}' is not a valid regular expression ({e.Message})", e);
        }
        return sb.ToString();
    }

    /// <summary>True for the characters Python's Unicode <c>\w</c> matches.</summary>
    private static bool IsWordCategory(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };

    private static readonly bool[] s_asciiWord = BuildAsciiTable();

    private static bool[] BuildAsciiTable()
    {
        var t = new bool[128];
        for (var c = 0; c < 128; c++) t[c] = char.IsAsciiLetterOrDigit((char)c) || c == '_';
        return t;
    }

    /// <summary>The length in UTF-16 units of the word character at <paramref name="i"/> (1 or 2), or 0 when it is not one.</summary>
    private static int WordCharLength(ReadOnlySpan<char> s, int i)
    {
        var c = s[i];
        if (c < 128) return s_asciiWord[c] ? 1 : 0;
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            return IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, s[i + 1]))) ? 2 : 0;
        return IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(c)) ? 1 : 0;
    }

    /// <summary>
    /// Finds the tokens of <paramref name="text"/> for the patterns <c>\b\w\w+\b</c> and <c>\b\w+\b</c> (runs of at least
    /// <paramref name="minLength"/> word characters) and copies each, lowercased when asked, into <paramref name="buffer"/>;
    /// the token positions refer to the buffer. Case mapping keeps letters letters, so finding tokens before lowercasing
    /// gives the tokens Python finds after.
    /// </summary>
    private static int ScanWords(ReadOnlySpan<char> text, int minLength, bool lowercase, Span<char> buffer, List<(int, int)> tokens)
    {
        var written = 0;
        var i = 0;
        while (i < text.Length)
        {
            var w = WordCharLength(text, i);
            if (w == 0) { i++; continue; }
            var start = i;
            var codePoints = 0;
            while (i < text.Length && (w = WordCharLength(text, i)) > 0)
            {
                i += w;
                codePoints++;
            }
            if (codePoints < minLength) continue;
            var token = text[start..i];
            var target = buffer.Slice(written, token.Length);
            if (!lowercase) token.CopyTo(target);
            else
            {
                for (var k = 0; k < token.Length; k++)
                {
                    var c = token[k];
                    if (c < 128) target[k] = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
                    else if (char.IsHighSurrogate(c) && k + 1 < token.Length)
                    {
                        var rune = new Rune(c, token[k + 1]);
                        var lower = Rune.ToLowerInvariant(rune);
                        // Case pairs outside the BMP stay outside it; keep the token's length fixed regardless.
                        (lower.Utf16SequenceLength == 2 ? lower : rune).EncodeToUtf16(target[k..]);
                        k++;
                    }
                    else target[k] = char.ToLowerInvariant(c);
                }
            }
            tokens.Add((written, token.Length));
            written += token.Length;
        }
        return written;
    }

    /// <summary>Runs the analyzer on <paramref name="document"/> (null is an empty document), passing each term to <paramref name="sink"/>.</summary>
    public void Analyze<TSink>(string? document, AnalyzerScratch scratch, ref TSink sink) where TSink : ITermSink
    {
        if (string.IsNullOrEmpty(document)) return;
        ReadOnlySpan<char> text;
        var tokens = scratch.Tokens;
        tokens.Clear();
        if (_regex is null)
        {
            scratch.EnsureLower(document.Length);
            var written = ScanWords(document, _minTokenLength, _lowercase, scratch.Lower, tokens);
            text = scratch.Lower.AsSpan(0, written);
        }
        else
        {
            var lowered = _lowercase ? document.ToLowerInvariant() : document;
            text = lowered;
            foreach (Match m in _regex.Matches(lowered))
            {
                if (_useGroup)
                {
                    var g = m.Groups[1];
                    tokens.Add(g.Success ? (g.Index, g.Length) : (m.Index, 0));
                }
                else tokens.Add((m.Index, m.Length));
            }
        }
        var kept = tokens;
        if (_stopWords is not null)
        {
            kept = scratch.Kept;
            kept.Clear();
            foreach (var t in tokens)
                if (!_stopLookup.Contains(text.Slice(t.Start, t.Length))) kept.Add(t);
        }
        var count = kept.Count;
        if (_minN == 1)
            foreach (var t in kept) sink.Add(text.Slice(t.Start, t.Length));
        var from = Math.Max(_minN, 2);
        for (var n = from; n <= _maxN && n <= count; n++)
        {
            for (var i = 0; i + n <= count; i++)
            {
                var length = n - 1;
                for (var k = 0; k < n; k++) length += kept[i + k].Length;
                scratch.EnsureGram(length);
                var buffer = scratch.Gram.AsSpan();
                var pos = 0;
                for (var k = 0; k < n; k++)
                {
                    if (k > 0) buffer[pos++] = ' ';
                    var t = kept[i + k];
                    text.Slice(t.Start, t.Length).CopyTo(buffer[pos..]);
                    pos += t.Length;
                }
                sink.Add(buffer[..pos]);
            }
        }
    }
}
