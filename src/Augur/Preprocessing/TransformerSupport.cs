using System.Globalization;
using System.Text;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>Checks and conversions shared by the transformers of this area.</summary>
internal static class TransformerSupport
{
    /// <summary>Throws unless the frame has at least one column and one row.</summary>
    public static void RequireData(Frame x, string who)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ColumnCount == 0) throw new AugurException($"{who} needs at least one input column, but the frame has none");
        if (x.RowCount == 0) throw new AugurException($"{who} needs at least one row to fit, but the frame is empty");
    }

    /// <summary>Throws unless every column is numeric (float64, int64, bool, and sparse when allowed).</summary>
    public static void RequireNumeric(Frame x, string who, bool allowSparse = true)
    {
        foreach (var c in x.Columns)
        {
            if (!c.IsNumeric)
                throw new AugurException(
                    $"column '{c.Name}' holds {c.Type.ToName()} values but {who} needs numbers; select numeric columns (for example with a ColumnTransformer) or encode it first");
            if (!allowSparse && c is SparseColumn)
                throw new AugurException($"column '{c.Name}' is sparse, which {who} does not support; densify it or use a sparse-friendly transformer (MaxAbsScaler)");
        }
    }

    /// <summary>Throws when a numeric column holds an infinite value (NaN is allowed and means missing).</summary>
    public static void RequireNoInfinity(Column c, ReadOnlySpan<double> values, string who)
    {
        foreach (var v in values)
            if (double.IsInfinity(v))
                throw new AugurException($"column '{c.Name}' holds an infinite value, which {who} does not accept");
    }


    /// <summary>The signature of a transformer fitted on <paramref name="x"/>.</summary>
    public static ModelSignature Signature(Frame x, bool allowsMissing) =>
        ModelSignature.Infer(x, ModelTask.Transform, allowsMissing);

    /// <summary>True when the work on <paramref name="rows"/> × <paramref name="cols"/> values is big enough to parallelise over columns.</summary>
    public static bool Parallelize(int rows, int cols) => cols > 1 && (long)rows * cols >= DenseOps.ParallelThreshold;

    /// <summary>Runs <paramref name="body"/> for 0 … <paramref name="count"/>-1, in parallel when the work is large.</summary>
    public static void For(int count, int rows, Action<int> body)
    {
        if (Parallelize(rows, count)) Parallel.For(0, count, body);
        else for (var j = 0; j < count; j++) body(j);
    }

    /// <summary>
    /// The columns an <c>InverseTransform</c> reads: those named <paramref name="names"/> (the model's output names), found by
    /// name in <paramref name="x"/>, each numeric.
    /// </summary>
    public static Column[] InverseInput(Frame x, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(x);
        var cols = new Column[names.Count];
        for (var j = 0; j < cols.Length; j++)
        {
            if (!x.TryGetColumn(names[j], out var c)) throw new ColumnNotFoundException(names[j], x.ColumnNames);
            if (!c.IsNumeric) throw new AugurException($"column '{c.Name}' holds {c.Type.ToName()} values; InverseTransform needs numbers");
            cols[j] = c;
        }
        return cols;
    }

    /// <summary>A sparse column with its stored values divided by <paramref name="scale"/> (multiplied when <paramref name="inverse"/>).</summary>
    public static SparseColumn ScaleSparse(SparseColumn c, double scale, bool inverse)
    {
        var values = c.StoredValues.ToArray();
        for (var k = 0; k < values.Length; k++) values[k] = inverse ? values[k] * scale : values[k] / scale;
        return new SparseColumn(c.Name, c.Length, c.Rows.ToArray(), values);
    }

    /// <summary>
    /// <c>(x − center) / scale</c> column by column (or the inverse, <c>x · scale + center</c>); a null center is 0 and a
    /// null scale 1. With <paramref name="keepSparse"/> sparse columns are only scaled and stay sparse (no centring then).
    /// </summary>
    public static Frame CenterAndScale(Frame input, double[]? center, double[]? scale, bool keepSparse, bool inverse)
    {
        var result = new Column[input.ColumnCount];
        For(result.Length, input.RowCount, j =>
        {
            var c = input[j];
            var mu = center?[j] ?? 0.0;
            var s = scale?[j] ?? 1.0;
            if (c is SparseColumn sp && keepSparse)
            {
                result[j] = ScaleSparse(sp, s, inverse);
                return;
            }
            var v = c.ToDoubleArray();
            for (var i = 0; i < v.Length; i++) v[i] = inverse ? v[i] * s + mu : (v[i] - mu) / s;
            result[j] = new Float64Column(c.Name, v);
        });
        return new Frame(result);
    }

    /// <summary>Reads a fitted model's signature and checks it describes a transformer.</summary>
    public static ModelSignature ReadSignature(ModelReader reader)
    {
        var s = reader.ReadSignature("signature");
        reader.Require(s.Task == ModelTask.Transform, "signature", "a transformer's signature must have task 'transform'");
        return s;
    }

    /// <summary>Reads a list of non-null strings.</summary>
    public static string[] ReadNames(ModelReader reader, string key, int? expected = null)
    {
        var names = reader.ReadStrings(key);
        reader.Require(names.All(n => n is not null), key, "a name is null");
        if (expected is { } e) reader.Require(names.Length == e, key, $"expected {e} names, found {names.Length}");
        return names!;
    }

    /// <summary>Throws unless the output names are distinct.</summary>
    public static void RequireDistinct(IReadOnlyList<string> names, string who)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
            if (!seen.Add(n))
                throw new AugurException($"{who} would produce two output columns named '{n}'; rename the input columns so that the names stay unique");
    }

    /// <summary>
    /// The quantile of sorted, NaN-free <paramref name="sorted"/> at fraction <paramref name="q"/> (0 … 1) with linear
    /// interpolation, computed as NumPy's <c>percentile</c> does (including its choice of interpolation formula).
    /// </summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        var n = sorted.Length;
        if (n == 0) return double.NaN;
        var virtualIndex = (n - 1) * q;
        var lo = (int)Math.Floor(virtualIndex);
        if (lo < 0) lo = 0;
        if (lo > n - 1) lo = n - 1;
        var hi = Math.Min(lo + 1, n - 1);
        var gamma = virtualIndex - lo;
        return Lerp(sorted[lo], sorted[hi], gamma);
    }

    /// <summary>Linear interpolation between <paramref name="a"/> and <paramref name="b"/> as NumPy computes it (from the nearer end).</summary>
    public static double Lerp(double a, double b, double t)
    {
        var diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /// <summary>The median of sorted, NaN-free values (the mean of the two middle values when the count is even).</summary>
    public static double Median(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        if (n == 0) return double.NaN;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /// <summary>The non-missing values of a numeric column, sorted ascending.</summary>
    public static double[] SortedPresent(ReadOnlySpan<double> values)
    {
        var count = 0;
        foreach (var v in values) if (!double.IsNaN(v)) count++;
        var result = new double[count];
        var k = 0;
        foreach (var v in values) if (!double.IsNaN(v)) result[k++] = v;
        Array.Sort(result);
        return result;
    }

    /// <summary>
    /// Replaces scales that are (nearly) zero by 1, as scikit-learn does so that constant features are left unscaled:
    /// a scale is replaced when flagged in <paramref name="constant"/> or, without flags, when below 10 machine epsilons.
    /// </summary>
    public static void HandleZerosInScale(double[] scale, bool[]? constant = null)
    {
        for (var j = 0; j < scale.Length; j++)
        {
            var isConstant = constant is not null ? constant[j] : scale[j] < 10 * MachineEpsilon;
            if (isConstant) scale[j] = 1.0;
        }
    }

    /// <summary>Machine epsilon of float64 (2^-52).</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Formats a number as Python's <c>repr</c> of a float does (<c>3.0</c>, <c>0.1</c>, <c>1e-05</c>, <c>nan</c>).</summary>
    public static string PythonFloat(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsPositiveInfinity(v)) return "inf";
        if (double.IsNegativeInfinity(v)) return "-inf";
        if (v == 0) return double.IsNegative(v) ? "-0.0" : "0.0";
        // Shortest round-trip digits and the decimal exponent of the first digit.
        var r = v.ToString("R", CultureInfo.InvariantCulture);
        var negative = v < 0;
        var digits = new StringBuilder();
        var body = negative ? r[1..] : r;
        var ePos = body.IndexOfAny(['E', 'e']);
        var mantissa = ePos >= 0 ? body[..ePos] : body;
        var exp10 = ePos >= 0 ? int.Parse(body[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var all = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - all.Length;
        // Position of the decimal point relative to the first significant digit.
        var exponent = intPart.Length - leadingZeros - 1 + exp10;
        digits.Append(all.TrimEnd('0'));
        if (digits.Length == 0) digits.Append('0');
        var d = digits.ToString();
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (exponent < -4 || exponent >= 16)
        {
            sb.Append(d[0]);
            if (d.Length > 1) sb.Append('.').Append(d, 1, d.Length - 1);
            sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (exponent < 0)
        {
            sb.Append("0.").Append('0', -exponent - 1).Append(d);
        }
        else if (d.Length <= exponent + 1)
        {
            sb.Append(d).Append('0', exponent + 1 - d.Length).Append(".0");
        }
        else
        {
            sb.Append(d, 0, exponent + 1).Append('.').Append(d, exponent + 1, d.Length - exponent - 1);
        }
        return sb.ToString();
    }
}

/// <summary>Compares strings by Unicode code point, as Python sorts <c>str</c> values.</summary>
internal sealed class CodePointComparer : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static CodePointComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        return CompareSpans(x, y);
    }

    /// <summary>Compares two spans by code point.</summary>
    public static int CompareSpans(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b) continue;
            // UTF-16 order equals code point order except that surrogates (U+D800–U+DFFF, which encode code points
            // above U+FFFF) sort below U+E000–U+FFFF; lift them above.
            var ka = char.IsSurrogate(a) ? a + 0x2000 : a >= 0xE000 ? a - 0x800 : a;
            var kb = char.IsSurrogate(b) ? b + 0x2000 : b >= 0xE000 ? b - 0x800 : b;
            return ka.CompareTo(kb);
        }
        return x.Length.CompareTo(y.Length);
    }
}
