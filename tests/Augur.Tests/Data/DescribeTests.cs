using System.Text.Json;
using Augur.Data;

namespace Augur.Tests.Data;

public class DescribeTests
{
    private static readonly string[] s_stats = ["mean", "std", "min", "25%", "50%", "75%", "max"];

    [Theory]
    [InlineData("txhousing.csv")]
    [InlineData("iris.csv")]
    public void Describe_matches_pandas(string file)
    {
        var expected = Fixture.Load("data", "describe.json").GetProperty(file);
        var frame = Frame.ReadCsv(TestData.Path(file));
        var d = frame.Describe();
        Assert.Equal(frame.ColumnCount, d.RowCount);
        Assert.Equal(new[] { "column", "type", "count", "missing", "mean", "std", "min", "25%", "50%", "75%", "max", "unique", "top", "freq" }, d.ColumnNames);
        for (var r = 0; r < d.RowCount; r++)
        {
            var name = (string)d["column"].GetValue(r)!;
            var e = expected.GetProperty(name);
            Assert.Equal(frame[name].Type.ToName(), d["type"].GetValue(r));
            Assert.Equal(e.GetProperty("count").GetInt64(), d["count"].GetValue(r));
            Assert.Equal(e.GetProperty("missing").GetInt64(), d["missing"].GetValue(r));
            if (e.TryGetProperty("mean", out _))
            {
                foreach (var s in s_stats)
                    Close.Equal(e.GetProperty(s).GetDouble(), d[s].GetDouble(r), 1e-12, 1e-12, $"{file} {name} {s}");
                Assert.True(d["unique"].IsMissing(r) && d["top"].IsMissing(r) && d["freq"].IsMissing(r));
            }
            else
            {
                foreach (var s in s_stats) Assert.True(double.IsNaN(d[s].GetDouble(r)));
                Assert.Equal(e.GetProperty("unique").GetInt64(), d["unique"].GetValue(r));
                Assert.Equal(e.GetProperty("freq").GetInt64(), d["freq"].GetValue(r));
                var candidates = e.GetProperty("top_candidates").EnumerateArray().Select(v => v.GetString()).ToArray();
                Assert.Contains((string)d["top"].GetValue(r)!, candidates);
                // Ties go to the smallest value.
                Assert.Equal(candidates.Min(StringComparer.Ordinal), d["top"].GetValue(r));
            }
        }
    }

    [Fact]
    public void Describe_handles_edge_cases_of_every_type()
    {
        var frame = new Frame(
            new Float64Column("empty", [double.NaN, double.NaN, double.NaN]),
            new Float64Column("one", [double.NaN, 4, double.NaN]),
            new Int64Column("ints", [5, 1, 3]),
            new BoolColumn("flag", [true, false, true], [false, false, true]),
            new DateTimeColumn("when", new DateTime?[] { new DateTime(2024, 1, 1), new DateTime(2024, 1, 1), new DateTime(2023, 1, 1) }),
            new StringColumn("s", ["b", "a", null]),
            new Float64Column("inf", [1, double.PositiveInfinity, 2]));
        var d = frame.Describe();
        Assert.Equal(0L, d["count"].GetValue(0));
        Assert.Equal(3L, d["missing"].GetValue(0));
        Assert.True(double.IsNaN(d["mean"].GetDouble(0)) && double.IsNaN(d["min"].GetDouble(0)));
        Assert.Equal(4.0, d["mean"].GetDouble(1));
        Assert.True(double.IsNaN(d["std"].GetDouble(1)));
        Assert.Equal(4.0, d["50%"].GetDouble(1));
        Assert.Equal(3.0, d["mean"].GetDouble(2));
        Assert.Equal(2.0, d["std"].GetDouble(2));
        Assert.Equal(2.0, d["25%"].GetDouble(2));
        Assert.Equal("float64", d["type"].GetValue(0));
        Assert.Equal("bool", d["type"].GetValue(3));
        Assert.Equal(2L, d["unique"].GetValue(3));
        Assert.Equal("false", d["top"].GetValue(3));
        Assert.Equal(1L, d["freq"].GetValue(3));
        Assert.Equal("2024-01-01", d["top"].GetValue(4));
        Assert.Equal(2L, d["freq"].GetValue(4));
        Assert.Equal("a", d["top"].GetValue(5));
        Assert.Equal(double.PositiveInfinity, d["mean"].GetDouble(6));
        Assert.Equal(double.PositiveInfinity, d["max"].GetDouble(6));
        Assert.Equal(0, Frame.Empty.Describe().RowCount);
    }

    [Fact]
    public void Value_counts_match_pandas()
    {
        foreach (var c in Fixture.Load("data", "value_counts.json").GetProperty("cases").EnumerateArray())
        {
            var frame = Frame.ReadCsv(TestData.Path(c.GetProperty("file").GetString()!));
            var column = c.GetProperty("column").GetString()!;
            var normalize = c.GetProperty("normalize").GetBoolean();
            var dropna = c.GetProperty("dropna").GetBoolean();
            var vc = frame.ValueCounts(column, normalize, dropna);
            var values = c.GetProperty("values").EnumerateArray().ToArray();
            var counts = c.GetProperty("counts").Doubles();
            Assert.Equal(values.Length, vc.RowCount);
            Assert.Equal(normalize ? "proportion" : "count", vc.ColumnNames[1]);
            Assert.Equal(frame[column].Type, vc["value"].Type);
            // pandas orders ties arbitrarily; compare as a mapping, then check Augur's order.
            var expected = new Dictionary<string, double>();
            for (var i = 0; i < values.Length; i++) expected[Key(values[i])] = counts[i];
            for (var r = 0; r < vc.RowCount; r++)
            {
                var key = vc["value"].IsMissing(r) ? "<missing>" : KeyOf(vc["value"], r);
                Close.Equal(expected[key], vc[1].GetDouble(r), 1e-12, 0, $"{column} {key}");
                if (r > 0) Assert.True(vc[1].GetDouble(r - 1) >= vc[1].GetDouble(r));
            }
        }
    }

    private static string Key(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => "<missing>",
        JsonValueKind.Number => e.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => e.GetString()!,
    };

    private static string KeyOf(Column c, int row) =>
        c.IsNumeric ? c.GetDouble(row).ToString("R", System.Globalization.CultureInfo.InvariantCulture) : c.Format(row);

    [Fact]
    public void Value_counts_sort_ties_by_value_and_count_missing_on_request()
    {
        var frame = new Frame(new StringColumn("s", ["b", "a", null, "b", "c", "a", null, null]));
        var vc = frame.ValueCounts("s");
        Assert.Equal(new[] { "a", "b", "c" }, Enumerable.Range(0, 3).Select(i => vc["value"].GetValue(i)));
        Assert.Equal(new object[] { 2L, 2L, 1L }, Enumerable.Range(0, 3).Select(i => vc["count"].GetValue(i)));
        var withMissing = frame.ValueCounts("s", normalize: true, dropMissing: false);
        Assert.True(withMissing["value"].IsMissing(0));
        Assert.Equal(3.0 / 8, withMissing["proportion"].GetDouble(0));
        Assert.Equal(1.0, Enumerable.Range(0, withMissing.RowCount).Sum(i => withMissing["proportion"].GetDouble(i)), 12);
        var numbers = new Frame(new Float64Column("x", [0.0, -0.0, 1.5, double.NaN, 1.5, 1.5])).ValueCounts("x");
        Assert.Equal(new[] { 1.5, 0.0 }, numbers["value"].ToDoubleArray());
        Assert.Equal(new object[] { 3L, 2L }, Enumerable.Range(0, 2).Select(i => numbers["count"].GetValue(i)));
        var cat = new Frame(new CategoricalColumn("c", [1, 0, 1, -1], ["x", "y"])).ValueCounts("c");
        Assert.Equal(ColumnType.Categorical, cat["value"].Type);
        Assert.Equal("y", cat["value"].GetValue(0));
        Assert.Throws<ColumnNotFoundException>(() => frame.ValueCounts("nope"));
    }
}
