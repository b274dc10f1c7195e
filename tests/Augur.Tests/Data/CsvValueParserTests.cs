using System.Globalization;
using Augur.Data;
using CsCheck;

namespace Augur.Tests.Data;

public class CsvValueParserTests
{
    private static void SameAsDotNet(string s)
    {
        Assert.True(CsvValueParser.TryParseDouble(s, out var ours), s);
        var expected = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(ours), $"{s}: expected {expected:R}, got {ours:R}");
    }

    [Fact]
    public void Short_decimals_parse_exactly()
    {
        Gen.Select(Gen.Long[0, 999_999_999_999_999], Gen.Int[0, 22], Gen.Bool).Sample((mantissa, scale, negative) =>
        {
            var digits = mantissa.ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
            var s = (negative ? "-" : "") + (scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..]);
            SameAsDotNet(s);
        }, iter: 5000);
    }

    [Fact]
    public void Any_round_trip_text_parses_exactly()
    {
        Gen.Double.Sample(d =>
        {
            if (!double.IsFinite(d)) return;
            SameAsDotNet(d.ToString("R", CultureInfo.InvariantCulture));
            SameAsDotNet(d.ToString("E10", CultureInfo.InvariantCulture));
        }, iter: 5000);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.5abc")]
    [InlineData("1,5")]
    [InlineData("0x10")]
    [InlineData("1e")]
    [InlineData("e5")]
    [InlineData("1.#IND")]
    [InlineData("--1")]
    [InlineData("1.2.3")]
    public void Rejects_text_that_is_not_a_whole_number(string s) => Assert.False(CsvValueParser.TryParseDouble(s, out _));

    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2023-02-29", false)]
    [InlineData("2024-13-01", false)]
    [InlineData("2024-01-01T24:00", false)]
    [InlineData("2024-01-01T23:59:60", false)]
    [InlineData("2024-01-01T10:00:00.", false)]
    [InlineData("2024-01-01T10:00:00+25:00", false)]
    [InlineData("2024-01-01X10:00", false)]
    [InlineData("0001-01-01T00:00:00+01:00", false)]
    [InlineData("2024-01-01T10:00:00.123456789", true)]
    [InlineData("20240101", false)]
    public void Dates_parse_only_when_valid(string s, bool valid) => Assert.Equal(valid, CsvValueParser.TryParseDateTime(s, out _));

    [Fact]
    public void Integers_parse_with_sign_and_bounds()
    {
        Assert.True(CsvValueParser.TryParseInt64("+42", out var v, out _) && v == 42);
        Assert.True(CsvValueParser.TryParseInt64("-0", out v, out var negativeZero) && v == 0 && negativeZero);
        Assert.False(CsvValueParser.TryParseInt64("9223372036854775808", out _, out _));
        Assert.False(CsvValueParser.TryParseInt64("12a", out _, out _));
        Assert.False(CsvValueParser.TryParseInt64("-", out _, out _));
    }
}
