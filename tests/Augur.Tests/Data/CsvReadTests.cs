using System.Globalization;
using System.Text;
using Augur.Data;

namespace Augur.Tests.Data;

public class CsvReadTests
{
    /// <summary>Parses sequentially and on several threads, checks both agree, returns the frame.</summary>
    private static Frame Parse(string text, CsvReadOptions? options = null)
    {
        options ??= new CsvReadOptions();
        var sequential = Frame.ParseCsv(text, options with { MaxDegreeOfParallelism = 1 });
        var parallel = Frame.ParseCsv(text, options with { MaxDegreeOfParallelism = 4 });
        FrameAssert.Equal(sequential, parallel);
        return sequential;
    }

    /// <summary>Expects a format error, sequentially and in parallel, with the same line and column.</summary>
    private static CsvFormatException Fails(string text, CsvReadOptions? options = null)
    {
        options ??= new CsvReadOptions();
        var e1 = Assert.Throws<CsvFormatException>(() => Frame.ParseCsv(text, options with { MaxDegreeOfParallelism = 1 }));
        var e2 = Assert.Throws<CsvFormatException>(() => Frame.ParseCsv(text, options with { MaxDegreeOfParallelism = 4 }));
        Assert.Equal(e1.Message, e2.Message);
        Assert.IsAssignableFrom<AugurException>(e1);
        return e1;
    }

    [Fact]
    public void Infers_every_type()
    {
        var f = Parse("i,f,b,d,t,s\n1,2.5,true,2024-01-02,2024-01-02T03:04:05,x1\n-3,1e-5,FALSE,2024-12-31,2024-01-02 03:04:05.25,x2\n");
        Assert.Equal(ColumnType.Int64, f["i"].Type);
        Assert.Equal(ColumnType.Float64, f["f"].Type);
        Assert.Equal(ColumnType.Bool, f["b"].Type);
        Assert.Equal(ColumnType.DateTime, f["d"].Type);
        Assert.Equal(ColumnType.DateTime, f["t"].Type);
        Assert.Equal(ColumnType.String, f["s"].Type);
        Assert.Equal(-3L, ((Int64Column)f["i"])[1]);
        Assert.Equal(1e-5, ((Float64Column)f["f"])[1]);
        Assert.Equal(false, ((BoolColumn)f["b"])[1]);
        Assert.Equal(new DateTime(2024, 12, 31), ((DateTimeColumn)f["d"])[1]);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, 250), ((DateTimeColumn)f["t"])[1]);
        Assert.Equal("x2", ((StringColumn)f["s"])[1]);
    }

    [Fact]
    public void Low_cardinality_text_becomes_categorical_with_sorted_categories()
    {
        var f = Parse("c\nb\na\nb\nB\nb\na\n");
        var c = Assert.IsType<CategoricalColumn>(f["c"]);
        Assert.Equal(new[] { "B", "a", "b" }, c.Categories);
        Assert.Equal(new[] { "b", "a", "b", "B", "b", "a" }, Enumerable.Range(0, 6).Select(i => c[i]));
        var plain = Parse("c\nb\na\nb\nB\nb\na\n", new CsvReadOptions { CategoricalThreshold = 0 });
        Assert.IsType<StringColumn>(plain["c"]);
        var unique = Parse("c\nx\ny\nz\n");
        Assert.IsType<StringColumn>(unique["c"]);
    }

    [Fact]
    public void Missing_values_in_every_type()
    {
        var f = Parse("i,f,b,d,s\n1,1.5,true,2024-01-01,a\nNA,,null,N/A,\n3,NaN,false,,b\n?,nan,NULL,None,NA\n");
        Assert.Equal(ColumnType.Int64, f["i"].Type);
        Assert.Equal(new[] { false, true, false, true }, Enumerable.Range(0, 4).Select(f["i"].IsMissing));
        Assert.Equal(ColumnType.Float64, f["f"].Type);
        Assert.True(double.IsNaN(((Float64Column)f["f"])[1]) && double.IsNaN(((Float64Column)f["f"])[2]) && double.IsNaN(((Float64Column)f["f"])[3]));
        Assert.Equal(ColumnType.Bool, f["b"].Type);
        Assert.Equal(2, f["b"].MissingCount);
        Assert.Equal(ColumnType.DateTime, f["d"].Type);
        Assert.Equal(3, f["d"].MissingCount);
        Assert.Equal(2, f["s"].MissingCount);
    }

    [Fact]
    public void All_missing_column_is_float()
    {
        var f = Parse("a,b\n1,\n2,NA\n");
        Assert.Equal(ColumnType.Float64, f["b"].Type);
        Assert.Equal(2, f["b"].MissingCount);
    }

    [Fact]
    public void Custom_na_tokens_including_numbers()
    {
        var f = Parse("a,b\n1,x\n-999,\n3,missing\n", new CsvReadOptions { NaTokens = ["-999", "missing"] });
        Assert.Equal(ColumnType.Int64, f["a"].Type);
        Assert.True(f["a"].IsMissing(1));
        // "" is no longer a missing token: an empty field is an empty string.
        var b = f["b"];
        Assert.Equal("", b.GetValue(1));
        Assert.True(b.IsMissing(2));
        Assert.Equal("x", b.GetValue(0));
    }

    [Fact]
    public void Quoted_fields_with_delimiters_quotes_and_newlines()
    {
        var text = "id,text,n\n1,\"a,b\",1\n2,\"say \"\"hi\"\"\",2\n3,\"line1\nline2\",3\n4,\"crlf\r\ninside\",4\n5,plain,\"5\"\n";
        var f = Parse(text, new CsvReadOptions { CategoricalThreshold = 0 });
        var s = (StringColumn)f["text"];
        Assert.Equal(new[] { "a,b", "say \"hi\"", "line1\nline2", "crlf\r\ninside", "plain" }, Enumerable.Range(0, 5).Select(i => s[i]));
        Assert.Equal(ColumnType.Int64, f["n"].Type);
        Assert.Equal(5L, ((Int64Column)f["n"])[4]);
    }

    [Fact]
    public void Quoted_tokens_are_values_and_quoted_empty_is_missing_only_in_typed_columns()
    {
        var f = Parse("s,n\n\"NA\",1\n\"\",\"\"\nNA,3\nx,\"4\"\n", new CsvReadOptions { CategoricalThreshold = 0 });
        var s = f["s"];
        Assert.Equal("NA", s.GetValue(0));
        Assert.Equal("", s.GetValue(1));
        Assert.True(s.IsMissing(2));
        Assert.Equal(ColumnType.Int64, f["n"].Type);
        Assert.True(f["n"].IsMissing(1));
        Assert.Equal(4L, f["n"].GetValue(3));
    }

    [Fact]
    public void Spaces_around_a_quoted_field_are_ignored()
    {
        var f = Parse("a,b\n1, \"x, y\" \n", new CsvReadOptions { CategoricalThreshold = 0 });
        Assert.Equal("x, y", f["b"].GetValue(0));
    }

    [Fact]
    public void Byte_order_mark_crlf_and_lone_cr()
    {
        var f = Parse("\uFEFFa,b\r\n1,2\r\n3,4\r\n");
        Assert.Equal(new[] { "a", "b" }, f.ColumnNames);
        Assert.Equal(2, f.RowCount);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a;b\n1;2\n")).ToArray();
        var fromStream = Frame.ReadCsv(new MemoryStream(bytes));
        Assert.Equal(new[] { "a", "b" }, fromStream.ColumnNames);
        var cr = Parse("a,b\r1,2\r3,4\r");
        Assert.Equal(2, cr.RowCount);
        Assert.Equal(4L, cr["b"].GetValue(1));
    }

    [Theory]
    [InlineData("a;b;c\n1;2,5;x\n4;5;y\n", ';')]
    [InlineData("a\tb\tc\n1\t2\tx\n4\t5\ty\n", '\t')]
    [InlineData("a|b|c\n1|2|x\n4|5|y\n", '|')]
    [InlineData("a,b,c\n1,2,x\n4,5,y\n", ',')]
    public void Detects_the_delimiter(string text, char expected)
    {
        var f = Parse(text);
        Assert.Equal(3, f.ColumnCount);
        Assert.Equal(2, f.RowCount);
        Assert.Equal(expected == ';' ? ColumnType.String : ColumnType.Int64, f["b"].Type);
    }

    [Fact]
    public void Detection_prefers_a_consistent_delimiter()
    {
        // Commas appear inside a field of the header row only once more than semicolons; semicolons are consistent.
        var f = Parse("name;value\n\"a,b\";1\n\"c,d\";2\n");
        Assert.Equal(new[] { "name", "value" }, f.ColumnNames);
        var g = Parse("a,b\n1,2\n", new CsvReadOptions { Delimiter = ';' });
        Assert.Equal(new[] { "a,b" }, g.ColumnNames);
    }

    [Fact]
    public void Numbers_in_awkward_spellings()
    {
        var f = Parse("x\n1e-5\n-0\n+3\n.5\n5.\ninf\n-inf\nInfinity\n-Infinity\n 2.5 \n1E+300\n");
        var x = (Float64Column)f["x"];
        Assert.Equal(1e-5, x[0]);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(x[1]));
        Assert.Equal(3.0, x[2]);
        Assert.Equal(0.5, x[3]);
        Assert.Equal(5.0, x[4]);
        Assert.Equal(double.PositiveInfinity, x[5]);
        Assert.Equal(double.NegativeInfinity, x[6]);
        Assert.Equal(double.PositiveInfinity, x[7]);
        Assert.Equal(double.NegativeInfinity, x[8]);
        Assert.Equal(2.5, x[9]);
        Assert.Equal(1e300, x[10]);
    }

    [Fact]
    public void Integers_stay_exact_and_overflow_to_float()
    {
        var f = Parse("a,b,c\n9223372036854775807,-0,99999999999999999999\n-9223372036854775808,7,1\n");
        Assert.Equal(long.MaxValue, f["a"].GetValue(0));
        Assert.Equal(long.MinValue, f["a"].GetValue(1));
        Assert.Equal(ColumnType.Int64, f["b"].Type);
        Assert.Equal(0L, f["b"].GetValue(0));
        Assert.Equal(ColumnType.Float64, f["c"].Type);
        Assert.Equal(1e20, f["c"].GetValue(0));
    }

    [Fact]
    public void Int_then_float_keeps_negative_zero_and_values()
    {
        var f = Parse("x\n1\n-0\n\n2.5\n");
        var x = (Float64Column)f["x"];
        Assert.Equal(1.0, x[0]);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(x[1]));
        Assert.True(double.IsNaN(x[2]));
        Assert.Equal(2.5, x[3]);
    }

    [Fact]
    public void Mixed_column_becomes_text_with_the_exact_original_spelling()
    {
        var f = Parse("code,n\n007,1\n1.50,2\nTRUE,3\nabc,4\n\"\",5\nNA,6\n", new CsvReadOptions { CategoricalThreshold = 0 });
        var s = (StringColumn)f["code"];
        Assert.Equal(new[] { "007", "1.50", "TRUE", "abc", "", null }, Enumerable.Range(0, 6).Select(i => s[i]));
        var g = Parse("flag\ntrue\n1\n");
        Assert.Equal(new[] { "true", "1" }, Enumerable.Range(0, 2).Select(i => g["flag"].Format(i)));
    }

    [Fact]
    public void Datetimes_with_offsets_fractions_and_zulu()
    {
        var f = Parse("t\n2024-03-01T12:00:00Z\n2024-03-01T12:00:00+02:00\n2024-03-01T12:00:00.1234567\n2024-03-01 23:59\n2024-03-01T00:00:00-0130\n");
        var t = (DateTimeColumn)f["t"];
        Assert.Equal(new DateTime(2024, 3, 1, 12, 0, 0), t[0]);
        Assert.Equal(new DateTime(2024, 3, 1, 10, 0, 0), t[1]);
        Assert.Equal(new DateTime(2024, 3, 1, 12, 0, 0).AddTicks(1234567), t[2]);
        Assert.Equal(new DateTime(2024, 3, 1, 23, 59, 0), t[3]);
        Assert.Equal(new DateTime(2024, 3, 1, 1, 30, 0), t[4]);
        Assert.Equal(ColumnType.String, Parse("t\n2024-02-30\n2024-01-01\n2023-01-01\n").Columns[0].Type);
    }

    [Fact]
    public void Blank_lines_are_skipped_but_a_one_column_blank_line_is_missing()
    {
        var f = Parse("\n\na,b\n1,2\n\n3,4\n\n");
        Assert.Equal(2, f.RowCount);
        var one = Parse("a\n1\n\n3\n");
        Assert.Equal(3, one.RowCount);
        Assert.True(one["a"].IsMissing(1));
    }

    [Fact]
    public void Without_header_columns_are_numbered()
    {
        var f = Parse("1,x\n2,y\n3,z\n", new CsvReadOptions { HasHeader = false });
        Assert.Equal(new[] { "x0", "x1" }, f.ColumnNames);
        Assert.Equal(3, f.RowCount);
        Assert.Equal(1L, f["x0"].GetValue(0));
    }

    [Fact]
    public void Without_header_errors_name_numbered_columns()
    {
        var e = Fails("1,\"x\n", new CsvReadOptions { HasHeader = false });
        Assert.Equal(1, e.LineNumber);
        Assert.Equal("x1", e.ColumnName);
        var ragged = Fails("1,2\n3\n", new CsvReadOptions { HasHeader = false });
        Assert.Equal(2, ragged.LineNumber);
        Assert.Contains("first record", ragged.Message);
    }

    [Fact]
    public void Empty_input_header_only_and_empty_header_names()
    {
        Assert.Equal(0, Parse("").ColumnCount);
        Assert.Equal(0, Parse("\n\n").ColumnCount);
        var header = Parse("a,b\n");
        Assert.Equal(new[] { "a", "b" }, header.ColumnNames);
        Assert.Equal(0, header.RowCount);
        var typed = Parse("a,b", new CsvReadOptions { Schema = new Dictionary<string, ColumnType> { ["a"] = ColumnType.Float64 } });
        Assert.Equal(ColumnType.Float64, typed["a"].Type);
        Assert.Equal(0, typed.RowCount);
        var unnamed = Parse(",b\n1,2\n");
        Assert.Equal(new[] { "Unnamed: 0", "b" }, unnamed.ColumnNames);
        var quotedHeader = Parse("\"a,1\",\"b \"\"q\"\"\"\n1,2\n");
        Assert.Equal(new[] { "a,1", "b \"q\"" }, quotedHeader.ColumnNames);
    }

    [Fact]
    public void Duplicate_header_names_are_an_error_naming_them()
    {
        var e = Fails("a,b,a\n1,2,3\n");
        Assert.Equal(1, e.LineNumber);
        Assert.Equal("a", e.ColumnName);
        Assert.Contains("more than once", e.Message);
    }

    [Fact]
    public void Too_few_fields_names_line_and_column()
    {
        var e = Fails("a,b,c\n1,2,3\n4,5\n6,7,8\n");
        Assert.Equal(3, e.LineNumber);
        Assert.Equal("c", e.ColumnName);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("'c'", e.Message);
    }

    [Fact]
    public void Too_many_fields_names_line_and_last_column()
    {
        var e = Fails("a,b\n1,2\n3,4\n5,6,7\n");
        Assert.Equal(4, e.LineNumber);
        Assert.Equal("b", e.ColumnName);
        Assert.Contains("3 fields", e.Message);
    }

    [Fact]
    public void Line_numbers_count_the_lines_of_quoted_fields()
    {
        var e = Fails("a,b\n1,\"x\ny\nz\"\n2,\"p\r\nq\"\n3\n");
        Assert.Equal(7, e.LineNumber);
        Assert.Equal("b", e.ColumnName);
    }

    [Fact]
    public void Line_numbers_count_leading_blank_lines_and_a_multi_line_header()
    {
        Assert.Equal(4, Fails("\n\na,b\n1,2,3\n").LineNumber);
        Assert.Equal(3, Fails("\n\na,a\n1,2\n").LineNumber);
        Assert.Equal(4, Fails("\"a\nb\",c\n1,2\n3\n").LineNumber);
    }

    [Fact]
    public void Unterminated_quote_is_an_error_at_its_record()
    {
        var e = Fails("a,b\n1,2\n3,\"open\n4,5\n6,7\n");
        Assert.Equal(3, e.LineNumber);
        Assert.Equal("b", e.ColumnName);
        Assert.Contains("never closed", e.Message);
        var last = Fails("a,b\n1,2\n3,\"x");
        Assert.Equal(3, last.LineNumber);
    }

    [Fact]
    public void Quote_inside_an_unquoted_field_or_after_a_closing_quote_is_an_error()
    {
        var e = Fails("a,b\n1,2\n3,ab\"c\n");
        Assert.Equal(3, e.LineNumber);
        Assert.Equal("b", e.ColumnName);
        var after = Fails("a,b\n\"x\"y,2\n");
        Assert.Equal(2, after.LineNumber);
        Assert.Equal("a", after.ColumnName);
    }

    [Fact]
    public void Schema_overrides_inference()
    {
        var schema = new Dictionary<string, ColumnType>
        {
            ["zip"] = ColumnType.String,
            ["n"] = ColumnType.Float64,
            ["flag"] = ColumnType.Bool,
            ["cat"] = ColumnType.Categorical,
        };
        var f = Parse("zip,n,flag,cat\n00501,1,1,x\n10001,2,false,y\n", new CsvReadOptions { Schema = schema });
        Assert.Equal("00501", f["zip"].GetValue(0));
        Assert.Equal(ColumnType.Float64, f["n"].Type);
        Assert.Equal(true, f["flag"].GetValue(0));
        Assert.Equal(ColumnType.Categorical, f["cat"].Type);
    }

    [Fact]
    public void A_value_that_does_not_fit_the_schema_is_an_error_naming_line_and_column()
    {
        var schema = new Dictionary<string, ColumnType> { ["n"] = ColumnType.Int64 };
        var e = Fails("id,n\n1,10\n2,20\n3,2.5\n", new CsvReadOptions { Schema = schema });
        Assert.Equal(4, e.LineNumber);
        Assert.Equal("n", e.ColumnName);
        Assert.Contains("'2.5'", e.Message);
        var date = Fails("d\n2024-01-01\nsoon\n", new CsvReadOptions { Schema = new Dictionary<string, ColumnType> { ["d"] = ColumnType.DateTime } });
        Assert.Equal(3, date.LineNumber);
    }

    [Fact]
    public void Unknown_schema_column_is_an_error()
    {
        var e = Assert.Throws<ColumnNotFoundException>(() =>
            Frame.ParseCsv("a,b\n1,2\n", new CsvReadOptions { Schema = new Dictionary<string, ColumnType> { ["c"] = ColumnType.Int64 } }));
        Assert.Equal("c", e.Column);
        Assert.Throws<AugurException>(() =>
            Frame.ParseCsv("a,b\n1,2\n", new CsvReadOptions { Schema = new Dictionary<string, ColumnType> { ["a"] = ColumnType.Sparse } }));
    }

    [Fact]
    public void Bad_options_are_errors()
    {
        Assert.Throws<AugurException>(() => Frame.ParseCsv("a\n1\n", new CsvReadOptions { Delimiter = '"' }));
        Assert.Throws<AugurException>(() => Frame.ParseCsv("a\n1\n", new CsvReadOptions { CategoricalThreshold = 2 }));
        Assert.Throws<AugurException>(() => Frame.ParseCsv("a\n1\n", new CsvReadOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Throws<AugurException>(() => Frame.ReadCsv("/nonexistent/file.csv"));
    }

    [Fact]
    public void Stream_reader_and_file_overloads_agree()
    {
        var text = "a,b\n1,x\n2,y\n";
        var fromText = Frame.ParseCsv(text);
        FrameAssert.Equal(fromText, Frame.ReadCsv(new StringReader(text)));
        FrameAssert.Equal(fromText, Frame.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes(text))));
        FrameAssert.Equal(fromText, Frame.ReadCsv(new ForwardOnlyStream(Encoding.UTF8.GetBytes(text))));
        var path = Path.Combine(Path.GetTempPath(), $"augur-csv-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, text);
            FrameAssert.Equal(fromText, Frame.ReadCsv(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Txhousing_matches_an_independent_reader()
    {
        var f = Frame.ReadCsv(TestData.Path("txhousing.csv"));
        var reference = TestData.Load("txhousing.csv");
        Assert.Equal(8602, f.RowCount);
        var city = Assert.IsType<CategoricalColumn>(f["city"]);
        Assert.Equal(46, city.Categories.Count);
        Assert.Equal(city.Categories.OrderBy(c => c, StringComparer.Ordinal), city.Categories);
        Assert.Equal(ColumnType.Int64, f["year"].Type);
        Assert.Equal(ColumnType.Int64, f["month"].Type);
        foreach (var name in new[] { "sales", "volume", "median", "listings", "inventory", "date" })
        {
            Assert.Equal(ColumnType.Float64, f[name].Type);
            Close.Equal(reference[name].ToDoubleArray(), f[name].ToDoubleArray(), 0, 0, name);
        }
        Assert.True(f["sales"].MissingCount > 0);
        Assert.Equal(reference["listings"].MissingCount, f["listings"].MissingCount);
        for (var i = 0; i < f.RowCount; i++) Assert.Equal(reference["city"].GetValue(i), city[i]);
        var parallel = Frame.ReadCsv(TestData.Path("txhousing.csv"), new CsvReadOptions { MaxDegreeOfParallelism = 3 });
        FrameAssert.Equal(f, parallel);
    }

    [Fact]
    public void Iris_has_a_categorical_target()
    {
        var f = Frame.ReadCsv(TestData.Path("iris.csv"));
        Assert.Equal(150, f.RowCount);
        var species = Assert.IsType<CategoricalColumn>(f["species"]);
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, species.Categories);
        Assert.All(f.Columns.Take(4), c => Assert.Equal(ColumnType.Float64, c.Type));
    }

    [Fact]
    public void Large_hostile_input_reads_the_same_in_parallel()
    {
        // Enough rows for Sep to use many parallel batches; late surprises force escalation and a second pass.
        var sb = new StringBuilder("id,x,maybe,text,when\n");
        var rng = new Random(7);
        const int n = 60_000;
        for (var i = 0; i < n; i++)
        {
            var x = i % 97 == 0 ? "" : (rng.NextDouble() * 100 - 50).ToString("R", CultureInfo.InvariantCulture);
            var maybe = i == n - 10 ? "oops" : (i % 5).ToString(CultureInfo.InvariantCulture);
            var text = i % 1000 == 0 ? "\"multi\nline, \"\"quoted\"\"\"" : "t" + (i % 13).ToString(CultureInfo.InvariantCulture);
            var when = i % 11 == 0 ? "NA" : new DateTime(2020, 1, 1).AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            sb.Append(i).Append(',').Append(x).Append(',').Append(maybe).Append(',').Append(text).Append(',').Append(when).Append('\n');
            if (i % 5000 == 0) sb.Append('\n');
        }
        var f = Parse(sb.ToString());
        Assert.Equal(n, f.RowCount);
        Assert.Equal(ColumnType.Int64, f["id"].Type);
        Assert.Equal(ColumnType.Float64, f["x"].Type);
        Assert.Equal(ColumnType.Categorical, f["maybe"].Type);
        Assert.Equal("oops", f["maybe"].GetValue(n - 10));
        Assert.Equal("3", f["maybe"].GetValue(3));
        Assert.Equal(ColumnType.Categorical, f["text"].Type);
        Assert.Equal("multi\nline, \"quoted\"", f["text"].GetValue(1000));
        Assert.Equal(ColumnType.DateTime, f["when"].Type);
        for (var i = 0; i < n; i += 997) Assert.Equal((long)i, f["id"].GetValue(i));
    }

    [Fact]
    public void Tiny_pages_reused_across_many_threads_keep_every_row()
    {
        var sb = new StringBuilder("i,x,s\n");
        for (var i = 0; i < 40_000; i++)
            sb.Append(i).Append(',').Append(i * 0.5).Append(',').Append(i % 3 == 0 ? "a" : "b").Append('\n');
        var text = sb.ToString();
        var expected = Frame.ParseCsv(text, new CsvReadOptions { MaxDegreeOfParallelism = 1 });
        for (var round = 0; round < 3; round++)
        {
            foreach (var pageRows in new[] { 1, 2, 7 })
            {
                var actual = Frame.ParseCsv(text, new CsvReadOptions { MaxDegreeOfParallelism = 8, PageRows = pageRows });
                FrameAssert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void Large_input_error_reports_the_exact_line_in_parallel()
    {
        var sb = new StringBuilder("a,b\n");
        for (var i = 0; i < 50_000; i++)
        {
            sb.Append(i).Append(",\"v\n").Append(i).Append("\"\n");
            if (i == 40_000) sb.Append("1,2,3\n");
        }
        var e = Fails(sb.ToString());
        Assert.Equal(2 + 2 * 40_001, e.LineNumber);
        Assert.Equal("b", e.ColumnName);
    }

    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
