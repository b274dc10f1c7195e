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
}
