using System.Globalization;
using System.Runtime.CompilerServices;
using csFastFloat;

namespace Augur.Data;

/// <summary>Allocation-free parsers for the cell types the CSV reader infers (invariant culture).</summary>
internal static class CsvValueParser
{
    /// <summary>Removes leading and trailing ASCII spaces and tabs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<char> TrimSpaces(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || (s[0] > ' ' && s[^1] > ' ')) return s;
        var start = 0;
        var end = s.Length;
        while (start < end && (s[start] == ' ' || s[start] == '\t')) start++;
        while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
        return s[start..end];
    }

    /// <summary>
    /// Parses an optional sign followed by decimal digits. <paramref name="negativeZero"/> is set for "-0" (and
    /// "-00", …) so that a column that later turns out to be floating point keeps the sign.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseInt64(ReadOnlySpan<char> s, out long value, out bool negativeZero)
    {
        value = 0;
        negativeZero = false;
        var i = 0;
        var negative = false;
        if (s.Length == 0) return false;
        var c0 = s[0];
        if (c0 == '-' || c0 == '+')
        {
            negative = c0 == '-';
            i = 1;
        }
        var digits = s.Length - i;
        if (digits <= 0 || digits > 19) return false;
        ulong acc = 0;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9) return false;
            acc = acc * 10 + d;
        }
        if (negative)
        {
            if (acc > 9223372036854775808UL) return false;
            value = unchecked((long)(0UL - acc));
            negativeZero = acc == 0;
        }
        else
        {
            if (acc > long.MaxValue) return false;
            value = (long)acc;
        }
        return true;
    }

    private static readonly double[] s_powersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a whole span as a double (decimal or scientific notation, <c>inf</c>, <c>Infinity</c>, <c>nan</c>), correctly rounded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseDouble(ReadOnlySpan<char> s, out double value)
    {
        // Clinger's fast path: a plain decimal whose digits fit in 53 bits, scaled by at most 10^22, is exact after a
        // single correctly rounded division. Everything else goes to csFastFloat (Eisel–Lemire), also exact.
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i = 1;
        }
        ulong mantissa = 0;
        var digits = 0;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9) break;
            mantissa = mantissa * 10 + d;
            digits++;
        }
        var scale = 0;
        if (i < s.Length && s[i] == '.')
        {
            for (i++; i < s.Length; i++)
            {
                var d = (uint)(s[i] - '0');
                if (d > 9) break;
                mantissa = mantissa * 10 + d;
                digits++;
                scale++;
            }
        }
        if (i == s.Length && digits > 0 && digits <= 15 && scale <= 22)
        {
            var v = (double)mantissa;
            if (scale > 0) v /= s_powersOfTen[scale];
            value = negative ? -v : v;
            return true;
        }
        return TryParseDoubleSlow(s, out value);
    }

    private static bool TryParseDoubleSlow(ReadOnlySpan<char> s, out double value)
    {
        if (s.Length == 0)
        {
            value = 0;
            return false;
        }
        // csFastFloat accepts a prefix of the span; demand that it consumed all of it. It also accepts a few
        // exotic spellings (a leading '∞'); those are rare enough to keep.
        if (FastDoubleParser.TryParseDouble(s, out int consumed, out value, NumberStyles.Float, '.') && consumed == s.Length)
            return true;
        value = 0;
        return false;
    }

    /// <summary>Parses <c>true</c> or <c>false</c>, ignoring case.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseBool(ReadOnlySpan<char> s, out bool value)
    {
        if (s.Length == 4 && s.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }
        if (s.Length == 5 && s.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            value = false;
            return true;
        }
        value = false;
        return false;
    }

    /// <summary>
    /// Parses an ISO-8601 date or date-time: <c>yyyy-MM-dd</c>, optionally followed by <c>T</c> or a space and
    /// <c>HH:mm</c>, <c>:ss</c> and a fraction of up to 7 digits (more are truncated), and optionally by <c>Z</c> or
    /// an offset (<c>+hh:mm</c>, <c>+hhmm</c>, <c>+hh</c>); a value with an offset is converted to UTC.
    /// </summary>
    public static bool TryParseDateTime(ReadOnlySpan<char> s, out long ticks)
    {
        ticks = 0;
        if (s.Length < 10 || s[4] != '-' || s[7] != '-') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)) return false;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        long t = new DateTime(year, month, day).Ticks;
        var i = 10;
        if (i == s.Length)
        {
            ticks = t;
            return true;
        }
        if (s[i] != 'T' && s[i] != ' ' && s[i] != 't') return false;
        i++;
        if (i + 5 > s.Length || s[i + 2] != ':') return false;
        if (!Digits(s, i, 2, out var hour) || !Digits(s, i + 3, 2, out var minute) || hour > 23 || minute > 59) return false;
        t += hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute;
        i += 5;
        if (i < s.Length && s[i] == ':')
        {
            if (!Digits(s, i + 1, 2, out var second) || second > 59) return false;
            t += second * TimeSpan.TicksPerSecond;
            i += 3;
            if (i < s.Length && (s[i] == '.' || s[i] == ','))
            {
                i++;
                var start = i;
                long fraction = 0;
                var scale = TimeSpan.TicksPerSecond;
                while (i < s.Length && (uint)(s[i] - '0') <= 9)
                {
                    if (i - start < 7)
                    {
                        scale /= 10;
                        fraction += (s[i] - '0') * scale;
                    }
                    i++;
                }
                if (i == start) return false;
                t += fraction;
            }
        }
        if (i < s.Length)
        {
            var c = s[i];
            if ((c == 'Z' || c == 'z') && i + 1 == s.Length)
            {
                i++;
            }
            else if (c == '+' || c == '-')
            {
                var rest = s[(i + 1)..];
                int oh, om = 0;
                if (rest.Length == 2 && Digits(rest, 0, 2, out oh)) { }
                else if (rest.Length == 4 && Digits(rest, 0, 2, out oh) && Digits(rest, 2, 2, out om)) { }
                else if (rest.Length == 5 && rest[2] == ':' && Digits(rest, 0, 2, out oh) && Digits(rest, 3, 2, out om)) { }
                else return false;
                if (oh > 23 || om > 59) return false;
                var offset = oh * TimeSpan.TicksPerHour + om * TimeSpan.TicksPerMinute;
                t = c == '+' ? t - offset : t + offset;
                i = s.Length;
            }
            else return false;
        }
        if (i != s.Length || t < DateTime.MinValue.Ticks || t > DateTime.MaxValue.Ticks) return false;
        ticks = t;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (var k = start; k < start + count; k++)
        {
            var d = (uint)(s[k] - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }
}
