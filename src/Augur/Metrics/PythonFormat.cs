using System.Globalization;
using System.Numerics;
using System.Text;

namespace Augur.Metrics;

/// <summary>Number formatting that matches Python's, so printed reports read exactly as scikit-learn's.</summary>
internal static class PythonFormat
{
    /// <summary>Python's <c>format(x, '.{digits}f')</c>: the exact binary value rounded half-to-even.</summary>
    public static string Fixed(double x, int digits)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsPositiveInfinity(x)) return "inf";
        if (double.IsNegativeInfinity(x)) return "-inf";
        var negative = double.IsNegative(x);
        x = Math.Abs(x);
        // x = mantissa · 2^exponent exactly.
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponentBits == 0) exponentBits = 1;
        else mantissa |= 1L << 52;
        var exponent = exponentBits - 1075;
        var scale = BigInteger.Pow(10, digits);
        BigInteger q;
        if (exponent >= 0)
        {
            q = (new BigInteger(mantissa) << exponent) * scale;
        }
        else
        {
            var numerator = new BigInteger(mantissa) * scale;
            var denominator = BigInteger.One << -exponent;
            q = BigInteger.DivRem(numerator, denominator, out var r);
            var twice = r << 1;
            var cmp = twice.CompareTo(denominator);
            if (cmp > 0 || (cmp == 0 && !q.IsEven)) q += 1;
        }
        var text = q.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (digits == 0)
        {
            sb.Append(text);
            return sb.ToString();
        }
        if (text.Length <= digits) text = new string('0', digits - text.Length + 1) + text;
        sb.Append(text, 0, text.Length - digits).Append('.').Append(text, text.Length - digits, digits);
        return sb.ToString();
    }

    /// <summary>Python's <c>repr(float)</c>: the shortest round-trip text, with <c>.0</c> on whole numbers.</summary>
    public static string Repr(double x)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsPositiveInfinity(x)) return "inf";
        if (double.IsNegativeInfinity(x)) return "-inf";
        var abs = Math.Abs(x);
        if (x == 0 || (abs >= 1e-4 && abs < 1e16))
        {
            var s = x.ToString("R", CultureInfo.InvariantCulture);
            if (s.Contains('E', StringComparison.Ordinal))
                s = decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            return s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
        }
        var e = x.ToString("E16", CultureInfo.InvariantCulture);
        var shortest = x.ToString("R", CultureInfo.InvariantCulture);
        // Normalise .NET's exponent form (1.5E-07) to Python's (1.5e-07).
        if (!shortest.Contains('E', StringComparison.Ordinal)) shortest = e;
        var parts = shortest.Split('E');
        var mant = parts[0];
        var exp = int.Parse(parts[1], CultureInfo.InvariantCulture);
        if (mant.Contains('.', StringComparison.Ordinal)) mant = mant.TrimEnd('0').TrimEnd('.');
        return $"{mant}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
    }

    /// <summary>A whole number as Python prints an integer.</summary>
    public static string Integer(double x) =>
        double.IsFinite(x) && x == Math.Floor(x) && Math.Abs(x) < 1e18
            ? ((long)x).ToString(CultureInfo.InvariantCulture)
            : Repr(x);

    /// <summary>An integer when whole, otherwise the shortest round-trip text.</summary>
    public static string General(double x) =>
        double.IsFinite(x) && x == Math.Floor(x) && Math.Abs(x) < 1e15
            ? ((long)x).ToString(CultureInfo.InvariantCulture)
            : x.ToString("G6", CultureInfo.InvariantCulture);
}
