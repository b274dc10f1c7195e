using Augur.Data;

namespace Augur.Tests.Data;

public class FormatTests
{
    [Fact]
    public void Small_frame_prints_aligned_with_types_and_footer()
    {
        var frame = new Frame(
            new StringColumn("name", ["apple", "a very long name that goes on", null]),
            new Float64Column("price", [1.5, double.NaN, 1234.25]),
            new Int64Column("n", [3, 10, 7], [false, false, true]));
        var text = frame.ToString(10, 12);
        var lines = text.Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.Equal("   name            price      n", lines[0]);
        Assert.Equal("   string        float64  int64", lines[1]);
        Assert.Equal("0  apple             1.5      3", lines[2]);
        Assert.Equal("1  a very long…      NaN     10", lines[3]);
        Assert.Equal("2  <NA>          1234.25   <NA>", lines[4]);
        Assert.Equal("[3 rows x 3 columns]", lines[5]);
    }

    [Fact]
    public void Many_rows_show_head_and_tail_around_an_ellipsis()
    {
        var frame = Frame.ReadCsv(TestData.Path("txhousing.csv"));
        var text = frame.ToString();
        var lines = text.Split('\n');
        Assert.Equal(2 + 20 + 1 + 1, lines.Length);
        Assert.StartsWith("0 ", lines[2].TrimStart());
        Assert.Contains("Abilene", lines[2]);
        Assert.Equal("…", lines[12].Trim().Split("  ", StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.StartsWith("8601", lines[^2]);
        Assert.Equal("[8602 rows x 9 columns]", lines[^1]);
        var widths = lines.Take(lines.Length - 1).Select(l => l.Length).Distinct().Count();
        Assert.True(widths <= 3, "rows line up");
        Assert.Equal("[0 rows x 0 columns]", Frame.Empty.ToString());
        var odd = frame.ToString(3, 10).Split('\n');
        Assert.Equal(2 + 3 + 1 + 1, odd.Length);
    }

    [Fact]
    public void Special_values_are_readable()
    {
        var frame = new Frame(
            new Float64Column("x", [double.PositiveInfinity, 1e-7, 12345678901234567.0, -0.5]),
            new StringColumn("s", ["tab\there", "new\nline", "", "ok"]),
            new BoolColumn("b", [true, false, true, false], [false, false, false, true]),
            new DateTimeColumn("d", [new DateTime(2024, 1, 2), null, new DateTime(2024, 1, 2, 3, 4, 5), new DateTime(1999, 12, 31)]));
        var text = frame.ToString();
        Assert.Contains("inf", text);
        Assert.Contains("1e-07", text);
        Assert.Contains("1.23457e+16", text);
        Assert.Contains("-0.5", text);
        Assert.Contains("tab\\there", text);
        Assert.Contains("new\\nline", text);
        Assert.Contains("2024-01-02T03:04:05", text);
        Assert.Contains("true", text);
        Assert.Equal(2 + 4 + 1, text.Split('\n').Length);
    }
}
