using System.Text.Json;
using Augur.Data;

namespace Augur.Server.Tests;

/// <summary>Real saved pipelines (AutoPreprocessor + logistic regression, AutoPreprocessor + 100-tree LightGBM, on txhousing) served over every protocol, in memory and on Kestrel.</summary>
public sealed class RealModelTests
{
    [Theory]
    [InlineData(HostKind.InMemory, "logistic")]
    [InlineData(HostKind.Kestrel, "logistic")]
    [InlineData(HostKind.InMemory, "boosting")]
    [InlineData(HostKind.Kestrel, "boosting")]
    public async Task Served_predictions_equal_local_predictions_bit_for_bit(HostKind kind, string name)
    {
        var model = RealModels.ByName(name);
        var x = RealModels.HousingX;
        using var folder = new ModelFolder();
        folder.Save("housing", "1", model);
        await using var server = await ServerHarness.StartAsync(kind, new ServerOptions { ModelPath = folder.Root, HotReload = false });
        var rows = x.Take(Enumerable.Range(0, 40).Select(i => i * 37 % x.RowCount).ToArray());
        Assert.True(Enumerable.Range(0, rows.ColumnCount).Any(j => rows[j].MissingCount > 0), "the sample should hold missing values");
        var expectedLabels = model.Predict(rows);
        var expectedProba = model.PredictProba(rows);

        var r = await server.Client.PostAsync("/v2/models/housing/infer", RealModels.OipRequest(model, rows, "h1"));
        Assert.True(r.Status == 200, r.Body.ToString());
        var outputs = r.Body.GetProperty("outputs");
        Assert.Equal(Enumerable.Range(0, rows.RowCount).Select(expectedLabels.Format).ToArray(),
            outputs[0].GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(expectedProba.Data, outputs[1].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        Assert.Equal(["high", "low"], JsonSerializer.Deserialize<string[]>(outputs[1].GetProperty("parameters").GetProperty("classes").GetString()!)!);

        var tf = await server.Client.PostAsync("/v1/models/housing:predict", RealModels.Instances(model, rows));
        Assert.Equal(200, tf.Status);
        var predictions = tf.Body.GetProperty("predictions").EnumerateArray().ToArray();
        for (var i = 0; i < rows.RowCount; i++)
        {
            Assert.Equal(expectedLabels.Format(i), predictions[i].GetProperty("predictions").GetString());
            Assert.Equal(expectedProba.Row(i).ToArray(), predictions[i].GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        }

        var csv = new System.Text.StringBuilder(string.Join(",", model.Signature.InputNames) + "\n");
        for (var i = 0; i < rows.RowCount; i++)
            csv.Append(string.Join(",", model.Signature.InputNames.Select(n => rows[n].IsMissing(i) ? "" : rows[n].Format(i).Contains(',') ? $"\"{rows[n].Format(i)}\"" : rows[n].Format(i)))).Append('\n');
        var mlflow = await server.Client.PostAsync("/invocations", csv.ToString(), "text/csv");
        Assert.True(mlflow.Status == 200, mlflow.Body.ToString());
        Assert.Equal(Enumerable.Range(0, rows.RowCount).Select(expectedLabels.Format).ToArray(),
            mlflow.Body.GetProperty("predictions").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Theory]
    [InlineData("logistic")]
    [InlineData("boosting")]
    public async Task Unseen_city_and_missing_values_follow_the_preprocessor(string name)
    {
        var model = RealModels.ByName(name);
        var x = RealModels.HousingX;
        using var folder = new ModelFolder();
        folder.Save("housing", "1", model);
        await using var server = await ServerHarness.StartAsync(HostKind.InMemory, new ServerOptions { ModelPath = folder.Root, HotReload = false });
        var one = x.Take([5]);
        var columns = one.Columns.Select(c => c.Name == "city" ? new StringColumn("city", ["Atlantis"]) : c.Name == "sales" ? new Float64Column("sales", [double.NaN]) : c).ToArray();
        var odd = new Frame(columns);
        var r = await server.Client.PostAsync("/v2/models/housing/infer", RealModels.OipRequest(model, odd));
        Assert.True(r.Status == 200, r.Body.ToString());
        Assert.Equal(model.PredictProba(odd).Data, r.Body.GetProperty("outputs")[1].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        // The metadata tells clients every input accepts missing values.
        var meta = await server.Client.GetJsonAsync("/v2/models/housing");
        Assert.All(meta.Body.GetProperty("inputs").EnumerateArray(), i => Assert.True(i.GetProperty("parameters").GetProperty("allows_missing").GetBoolean()));
    }
}
