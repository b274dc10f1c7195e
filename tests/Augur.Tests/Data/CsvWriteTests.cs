using System.Text;
using Augur.Data;
using CsCheck;

namespace Augur.Tests.Data;

public class CsvWriteTests
{
    [Fact]
    public void Writes_round_trip_numbers_iso_dates_and_minimal_quoting()
    {
        var frame = new Frame(
            new Float64Column("f", [1.0, -0.0, 0.1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300]),
            new Int64Column("i", [1, 2, 3, 4, 5, 6, long.MinValue], [false, false, false, true, false, false, false]),
            new BoolColumn("b", [true, false, true, true, false, false, true], [false, false, true, false, false, false, false]),
            new DateTimeColumn("d", [new DateTime(2024, 1, 2), new DateTime(2024, 1, 2, 3, 4, 5), new DateTime(2024, 1, 2, 3, 4, 5, 500), null, new DateTime(1, 1, 1), new DateTime(2024, 1, 2).AddTicks(1), null]),
            new StringColumn("s", ["plain", "a,b", "say \"hi\"", "two\nlines", "", null, "NA"]));
        var csv = frame.ToCsv();
        var lines = csv.Split('\n');
        Assert.Equal("f,i,b,d,s", lines[0]);
        Assert.Equal("1.0,1,true,2024-01-02,plain", lines[1]);
        Assert.Equal("-0.0,2,false,2024-01-02T03:04:05,\"a,b\"", lines[2]);
        Assert.Equal("0.1,3,,2024-01-02T03:04:05.5,\"say \"\"hi\"\"\"", lines[3]);
        Assert.Equal(",,true,,\"two", lines[4]);
        Assert.Equal("lines\"", lines[5]);
        Assert.Equal("inf,5,false,0001-01-01,\"\"", lines[6]);
        Assert.Equal("-inf,6,false,2024-01-02T00:00:00.0000001,", lines[7]);
        Assert.Equal("1E+300,-9223372036854775808,true,,\"NA\"", lines[8]);
        FrameAssert.Equal(frame, Frame.ParseCsv(csv, new CsvReadOptions { CategoricalThreshold = 0 }));
    }

    [Fact]
    public void Options_change_delimiter_missing_text_header_and_line_ending()
    {
        var frame = new Frame(new Int64Column("a", [1, 2], [false, true]), new StringColumn("b", ["x;y", "z"]));
        var csv = frame.ToCsv(new CsvWriteOptions { Delimiter = ';', MissingValue = "NA", NewLine = "\r\n" });
        Assert.Equal("a;b\r\n1;\"x;y\"\r\nNA;z\r\n", csv);
        Assert.Equal("1,\"x;y\"\n,z\n", frame.ToCsv(new CsvWriteOptions { WriteHeader = false }));
        FrameAssert.Equal(frame, Frame.ParseCsv(csv, new CsvReadOptions { CategoricalThreshold = 0 }));
        Assert.Throws<AugurException>(() => frame.ToCsv(new CsvWriteOptions { MissingValue = "a,b" }));
        Assert.Throws<AugurException>(() => frame.ToCsv(new CsvWriteOptions { Delimiter = '"' }));
    }

    [Fact]
    public void Writes_to_files_and_streams()
    {
        var frame = Frame.ReadCsv(TestData.Path("txhousing.csv"));
        var path = Path.Combine(Path.GetTempPath(), $"augur-csv-{Guid.NewGuid():N}.csv");
        try
        {
            frame.WriteCsv(path);
            FrameAssert.Equal(frame, Frame.ReadCsv(path));
        }
        finally
        {
            File.Delete(path);
        }
        using var stream = new MemoryStream();
        frame.WriteCsv(stream);
        Assert.True(stream.CanWrite);
        stream.Position = 0;
        Assert.NotEqual(0xEF, stream.ReadByte());
        stream.Position = 0;
        FrameAssert.Equal(frame, Frame.ReadCsv(stream));
    }

    [Fact]
    public void Property_read_of_write_reproduces_any_frame_given_its_schema()
    {
        RandomFrames.Any.Sample(frame =>
        {
            var csv = frame.ToCsv();
            var options = new CsvReadOptions { Schema = RandomFrames.Schema(frame) };
            FrameAssert.Equal(frame, Frame.ParseCsv(csv, options));
            FrameAssert.Equal(frame, Frame.ParseCsv(csv, options with { MaxDegreeOfParallelism = 3 }));
            var semicolon = frame.ToCsv(new CsvWriteOptions { Delimiter = ';', NewLine = "\r\n" });
            FrameAssert.Equal(frame, Frame.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes(semicolon)), options with { Delimiter = ';' }));
        }, iter: 300);
    }

    [Fact]
    public void Property_read_of_write_infers_the_types_back()
    {
        RandomFrames.Inferable.Sample(frame =>
        {
            var csv = frame.ToCsv();
            FrameAssert.Equal(frame, Frame.ParseCsv(csv), textEquivalent: true);
            FrameAssert.Equal(frame, Frame.ParseCsv(csv, new CsvReadOptions { MaxDegreeOfParallelism = 2 }), textEquivalent: true);
        }, iter: 300);
    }
}
