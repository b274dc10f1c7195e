using System.Text;
using Augur.Server.Inference;
using Augur.Server.Protocols;

namespace Augur.Server.Tests;

/// <summary>
/// The single-row fast path parses straight into the model's input columns: no JSON document object model, and only
/// the few small objects of the frame itself.
/// </summary>
public sealed class SingleRowPathTests
{
    private static long AllocatedPerCall(Action action)
    {
        for (var i = 0; i < 200; i++) action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) action();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
    }

    [Fact]
    public void Parsing_a_single_row_allocates_only_the_frame()
    {
        var model = LinearTestModel.Create(1, p: 10);
        var served = new Models.ServedModel("m", "1", new Augur.Serialization.SavedModel(model, new Augur.Serialization.ModelCard(), 1), "p", new string('0', 64), 0, DateTimeOffset.UtcNow);
        var matrix = Encoding.UTF8.GetBytes("""{"id": "7", "inputs": [{"name": "input", "datatype": "FP64", "shape": [1, 10], "data": [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.1]]}]}""");
        var columns = Encoding.UTF8.GetBytes("{\"inputs\": [" + string.Join(", ", Enumerable.Range(1, 10).Select(j => $$"""{"name": "x{{j}}", "datatype": "FP64", "shape": [1], "data": [{{j}}.5]}""")) + "]}");
        var r = OipRequest.Parse(matrix, served, 10);
        Assert.Equal(1, r.Frame.RowCount);
        Assert.Equal(model.Expected(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.1), model.PredictValues(r.Frame)[0]);
        // Ten one-value columns, their buffers and the frame's index: about 2.8 KB.
        var m = AllocatedPerCall(() => OipRequest.Parse(matrix, served, 10));
        var c = AllocatedPerCall(() => OipRequest.Parse(columns, served, 10));
        Assert.True(m < 3500, $"{m} bytes for a 2-D single-row request");
        Assert.True(c < 3500, $"{c} bytes for a per-column single-row request");
    }

    [Fact]
    public void A_small_body_declaring_a_huge_shape_allocates_little()
    {
        var model = LinearTestModel.Create(1, p: 10);
        var served = new Models.ServedModel("m", "1", new Augur.Serialization.SavedModel(model, new Augur.Serialization.ModelCard(), 1), "p", new string('0', 64), 0, DateTimeOffset.UtcNow);
        var body = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "input", "datatype": "FP64", "shape": [100000, 10], "data": [1]}]}""");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ServingException>(() => OipRequest.Parse(body, served, 100_000));
        Assert.Contains("holds 1 values but shape [100000, 10] needs 1000000", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    [Fact]
    public void Every_column_type_is_read_into_the_training_type()
    {
        var signature = new ModelSignature
        {
            Inputs =
            [
                new InputColumn("when", Augur.Data.ColumnType.DateTime, true),
                new InputColumn("note", Augur.Data.ColumnType.String, true),
                new InputColumn("n", Augur.Data.ColumnType.Int64, true),
                new InputColumn("flag", Augur.Data.ColumnType.Bool, true),
                new InputColumn("kind", Augur.Data.ColumnType.Categorical, true, ["a", "b"]),
                new InputColumn("v", Augur.Data.ColumnType.Float64, true),
            ],
            Task = ModelTask.Regression,
        };
        var served = new Models.ServedModel("m", "1", new Augur.Serialization.SavedModel(new LinearTestModel(signature, [0, 0, 0, 0, 0, 0], 0), new Augur.Serialization.ModelCard(), 1),
            "p", new string('0', 64), 0, DateTimeOffset.UtcNow);
        var body = Encoding.UTF8.GetBytes("""
            {"inputs": [
              {"name": "when", "datatype": "BYTES", "shape": [3], "data": ["2024-02-29T13:45:00Z", null, "2001-01-01"]},
              {"name": "note", "datatype": "BYTES", "shape": [3], "data": ["héllo", null, ""]},
              {"name": "n", "datatype": "INT64", "shape": [3], "data": [9007199254740993, null, -4]},
              {"name": "flag", "datatype": "BOOL", "shape": [3], "data": [true, null, false]},
              {"name": "kind", "datatype": "BYTES", "shape": [3], "data": ["b", null, "zzz"]},
              {"name": "v", "datatype": "FP32", "shape": [3], "data": [1.5, null, -0.0]}
            ]}
            """);
        var frame = OipRequest.Parse(body, served, 10).Frame;
        var when = Assert.IsType<Augur.Data.DateTimeColumn>(frame["when"]);
        Assert.Equal(new DateTime(2024, 2, 29, 13, 45, 0), when[0]);
        Assert.Null(when[1]);
        Assert.Equal(new DateTime(2001, 1, 1), when[2]);
        var note = Assert.IsType<Augur.Data.StringColumn>(frame["note"]);
        Assert.Equal(new string?[] { "héllo", null, "" }, note.Values.ToArray().AsEnumerable());
        var n = Assert.IsType<Augur.Data.Int64Column>(frame["n"]);
        Assert.Equal(9007199254740993L, n[0]);
        Assert.Null(n[1]);
        var flag = Assert.IsType<Augur.Data.BoolColumn>(frame["flag"]);
        Assert.Equal(new bool?[] { true, null, false }, Enumerable.Range(0, 3).Select(i => flag[i]).ToArray());
        var kind = Assert.IsType<Augur.Data.CategoricalColumn>(frame["kind"]);
        Assert.Equal(["a", "b", "zzz"], kind.Categories.ToArray());
        Assert.Equal(new string?[] { "b", null, "zzz" }, Enumerable.Range(0, 3).Select(i => kind[i]).ToArray());
        var v = Assert.IsType<Augur.Data.Float64Column>(frame["v"]);
        Assert.Equal(1.5, v[0]);
        Assert.True(double.IsNaN(v[1]));

        var bad = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "when", "datatype": "BYTES", "shape": [1], "data": ["yesterday"]}]}""");
        Assert.Contains("input 'when', row 0: 'yesterday' is not an ISO-8601 date-time", Assert.Throws<ServingException>(() => OipRequest.Parse(bad, served, 10)).Message, StringComparison.Ordinal);
    }
}
