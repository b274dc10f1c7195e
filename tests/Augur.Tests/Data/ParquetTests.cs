using Augur.Data;
using CsCheck;

namespace Augur.Tests.Data;

public class ParquetTests
{
    private static Frame RoundTrip(Frame frame)
    {
        using var stream = new MemoryStream();
        frame.WriteParquet(stream);
        Assert.True(stream.CanWrite, "the stream is left open");
        stream.Position = 0;
        return Frame.ReadParquet(stream);
    }

    [Fact]
    public void Every_type_round_trips_with_missing_values()
    {
        var frame = new Frame(
            new Float64Column("f", [1.5, double.NaN, double.NegativeInfinity, -0.0, double.MaxValue]),
            new Int64Column("i", [long.MinValue, 0, 3, long.MaxValue, 7], [false, true, false, false, false]),
            new BoolColumn("b", [true, false, true, false, true], [false, false, true, false, false]),
            new StringColumn("s", ["a", null, "", "é😀 \"quoted\", text", "x"]),
            new CategoricalColumn("c", [2, -1, 0, 2, 1], ["z", "a", "m", "unused"]),
            new DateTimeColumn("d", [DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks, new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(1234567).Ticks, 0, 1], [false, false, false, true, false]));
        var back = RoundTrip(frame);
        FrameAssert.Equal(frame, back);
        var c = Assert.IsType<CategoricalColumn>(back["c"]);
        Assert.Equal(new[] { "z", "a", "m", "unused" }, c.Categories);
        Assert.Equal(frame["c"] is CategoricalColumn k ? k.Codes.ToArray() : null, c.Codes.ToArray());
    }

    [Fact]
    public void Sparse_and_empty_frames_round_trip()
    {
        var sparse = new Frame(new SparseColumn("s", 6, [1, 4], [2.5, -1]), new Int64Column("n", [1, 2, 3, 4, 5, 6]));
        var back = RoundTrip(sparse);
        Assert.Equal(ColumnType.Sparse, back["s"].Type);
        Assert.Equal(sparse["s"].ToDoubleArray(), back["s"].ToDoubleArray());
        var empty = new Frame(new Float64Column("a", Array.Empty<double>()), new StringColumn("b", Array.Empty<string?>()));
        FrameAssert.Equal(empty, RoundTrip(empty));
        Assert.Throws<AugurException>(() => RoundTrip(Frame.Empty));
    }

    [Fact]
    public void Files_round_trip_and_real_data_keeps_its_types()
    {
        var frame = Frame.ReadCsv(TestData.Path("txhousing.csv"));
        var path = Path.Combine(Path.GetTempPath(), $"augur-{Guid.NewGuid():N}.parquet");
        try
        {
            frame.WriteParquet(path);
            var back = Frame.ReadParquet(path);
            FrameAssert.Equal(frame, back);
            Assert.Equal(ColumnType.Categorical, back["city"].Type);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Property_read_of_write_reproduces_any_frame()
    {
        RandomFrames.Any.Sample(frame =>
        {
            var back = RoundTrip(frame);
            FrameAssert.Equal(frame, back);
            for (var j = 0; j < frame.ColumnCount; j++)
                if (frame[j] is CategoricalColumn c) Assert.Equal(c.Categories, ((CategoricalColumn)back[j]).Categories);
        }, iter: 100);
    }

    [Fact]
    public async Task Foreign_files_without_augur_metadata_map_to_frame_types()
    {
        var schema = new Parquet.Schema.ParquetSchema(
            new Parquet.Schema.DataField<int>("i32"),
            new Parquet.Schema.DataField<float?>("f32"),
            new Parquet.Schema.DataField<string>("s"),
            new Parquet.Schema.DataField<bool>("b"),
            new Parquet.Schema.DataField<short?>("i16"));
        using var stream = new MemoryStream();
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(schema, stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<int>(schema.DataFields[0], new[] { 1, -2, 3 });
            await group.WriteAsync<float>(schema.DataFields[1], new float?[] { 1.5f, null, -0.25f });
            await group.WriteAsync(schema.DataFields[2], new[] { "x", null!, "z" });
            await group.WriteAsync<bool>(schema.DataFields[3], new[] { true, false, true });
            await group.WriteAsync<short>(schema.DataFields[4], new short?[] { null, 7, 8 });
        }
        stream.Position = 0;
        var frame = Frame.ReadParquet(stream);
        var expected = new Frame(
            new Int64Column("i32", [1, -2, 3]),
            new Float64Column("f32", [1.5, double.NaN, -0.25]),
            new StringColumn("s", ["x", null, "z"]),
            new BoolColumn("b", [true, false, true]),
            new Int64Column("i16", [0, 7, 8], [true, false, false]));
        FrameAssert.Equal(expected, frame);
    }

    [Fact]
    public void Non_parquet_and_damaged_files_are_clear_errors()
    {
        var notParquet = Assert.Throws<AugurException>(() => Frame.ReadParquet(new MemoryStream("a,b\n1,2\n"u8.ToArray())));
        Assert.Contains("Parquet", notParquet.Message);
        Assert.Throws<AugurException>(() => Frame.ReadParquet(new MemoryStream()));
        using var stream = new MemoryStream();
        Frame.ReadCsv(TestData.Path("iris.csv")).WriteParquet(stream);
        var bytes = stream.ToArray();
        var truncated = bytes[..(bytes.Length / 2)];
        Assert.Throws<AugurException>(() => Frame.ReadParquet(new MemoryStream(truncated)));
        var damaged = (byte[])bytes.Clone();
        for (var i = 8; i < damaged.Length - 12; i += 7) damaged[i] ^= 0x5A;
        Assert.Throws<AugurException>(() => Frame.ReadParquet(new MemoryStream(damaged)));
        Assert.Throws<AugurException>(() => Frame.ReadParquet("/nonexistent/file.parquet"));
    }
}
