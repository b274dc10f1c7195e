using System.Text.Json;
using Augur.Data;
using Augur.Explain;
using Augur.Neighbors;
using Augur.Profiling;
using Augur.Serialization;
using Augur.Server.Explanations;

namespace Augur.Server.Tests;

/// <summary>The <c>/explain</c> endpoint with the real SHAP explainers (tree, linear and kernel SHAP).</summary>
public sealed class ExplainEndpointTests
{
    private static ModelCard CardWithProfile(IPredictor model, Frame x) => new()
    {
        Name = "housing",
        Profile = ReferenceProfile.Compute(x, model.Predict(x)),
    };

    private static string SaveWithCard(ModelFolder folder, string name, IModel model, ModelCard? card)
    {
        var path = folder.PathOf(name, "1");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ModelFile.Save(model, path, card);
        return path;
    }

    private static (string[] Features, string[] Outputs, double[] Values, double[] Base, double[] Output, string Space, string Method) Read(JsonElement body)
    {
        var outputs = body.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(["shap_values", "base_values", "model_output"], outputs.Select(o => o.GetProperty("name").GetString()));
        var parameters = outputs[0].GetProperty("parameters");
        return (JsonSerializer.Deserialize<string[]>(parameters.GetProperty("feature_names").GetString()!)!,
            JsonSerializer.Deserialize<string[]>(parameters.GetProperty("output_names").GetString()!)!,
            outputs[0].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
            outputs[1].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
            outputs[2].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
            parameters.GetProperty("output_space").GetString()!,
            parameters.GetProperty("method").GetString()!);
    }

    private static void AssertAdditive(double[] values, double[] baseValues, double[] output, int rows, int features)
    {
        var outputs = baseValues.Length;
        for (var i = 0; i < rows; i++)
            for (var k = 0; k < outputs; k++)
            {
                var sum = baseValues[k];
                for (var j = 0; j < features; j++) sum += values[(i * outputs + k) * features + j];
                var expected = output[i * outputs + k];
                Assert.True(Math.Abs(sum - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"row {i} output {k}: {sum:R} vs {expected:R}");
            }
    }

    [Theory]
    [InlineData(HostKind.InMemory, "logistic", "linear")]
    [InlineData(HostKind.Kestrel, "boosting", "tree")]
    public async Task Pipelines_are_explained_in_their_input_columns_from_the_training_profile(HostKind kind, string name, string method)
    {
        var model = RealModels.ByName(name);
        var x = RealModels.HousingX;
        using var folder = new ModelFolder();
        var card = CardWithProfile(model, x);
        SaveWithCard(folder, "housing", model, card);
        await using var server = await ServerHarness.StartAsync(kind, new ServerOptions { ModelPath = folder.Root, HotReload = false }, new ShapExplainerFactory());
        var rows = x.Take(Enumerable.Range(0, 12).Select(i => i * 53 % x.RowCount).ToArray());
        var r = await server.Client.PostAsync("/v2/models/housing/explain", RealModels.OipRequest(model, rows, "x1"));
        Assert.True(r.Status == 200, r.Body.ToString());
        var (features, outputs, values, baseValues, output, space, got) = Read(r.Body);
        Assert.Equal(method, got);
        Assert.Equal("margin", space);
        Assert.Equal(model.Signature.InputNames, features);
        Assert.Equal(["low"], outputs);
        AssertAdditive(values, baseValues, output, rows.RowCount, features.Length);

        // The same numbers as explaining locally against the profile's typical row.
        var reference = ShapExplainerFactory.TypicalRow(model.Signature, card.Profile!)!;
        var local = Explainers.Shap(model, reference, rows);
        for (var i = 0; i < rows.RowCount; i++)
        {
            Assert.Equal(local.ModelOutput[i, 0], output[i], 12);
            for (var j = 0; j < features.Length; j++) Assert.Equal(local.Values[0][i, j], values[i * features.Length + j], 12);
        }
        // The margin's sign agrees with the predicted class.
        var predicted = model.Predict(rows);
        for (var i = 0; i < rows.RowCount; i++) Assert.Equal(output[i] > 0 ? "low" : "high", predicted.Format(i));
    }

    [Fact]
    public async Task Other_models_get_kernel_shap_over_the_background_rows()
    {
        var data = Frame.ReadCsv(Path.Combine(RealModels.RepoRoot, "data", "diabetes.csv"));
        var x = data.Drop("target");
        var model = new KNeighborsRegressor { NNeighbors = 7 }.Fit(x, data["target"]);
        using var folder = new ModelFolder();
        SaveWithCard(folder, "diabetes", model, null);
        await using var server = await ServerHarness.StartAsync(HostKind.InMemory, new ServerOptions { ModelPath = folder.Root, HotReload = false },
            new ShapExplainerFactory(x.Head(200), new ShapOptions { BackgroundClusters = 5 }));
        var rows = x.Take([300, 301, 302]);
        var r = await server.Client.PostAsync("/v2/models/diabetes/explain", RealModels.OipRequest(model, rows));
        Assert.True(r.Status == 200, r.Body.ToString());
        var (features, outputs, values, baseValues, output, space, method) = Read(r.Body);
        Assert.Equal("kernel", method);
        Assert.Equal("value", space);
        Assert.Equal(["value"], outputs);
        Assert.Equal(x.ColumnNames, features);
        Assert.Equal(model.PredictValues(rows), output);
        AssertAdditive(values, baseValues, output, 3, features.Length);
        var summary = WeightedBackground.KMeans(x.Head(200), 5, 0);
        var expectedBase = summary.Weights.Zip(model.PredictValues(summary.Rows)).Sum(p => p.First * p.Second);
        Assert.Equal(expectedBase, baseValues[0], 9);
    }

    [Fact]
    public async Task A_model_with_neither_profile_nor_background_is_501_with_the_reason()
    {
        var model = RealModels.HousingLogistic;
        using var folder = new ModelFolder();
        SaveWithCard(folder, "housing", model, null);
        await using var server = await ServerHarness.StartAsync(HostKind.InMemory, new ServerOptions { ModelPath = folder.Root, HotReload = false }, new ShapExplainerFactory());
        var rows = RealModels.HousingX.Head(2);
        Http.AssertError(await server.Client.PostAsync("/v2/models/housing/explain", RealModels.OipRequest(model, rows)), 501, "cannot be explained");
        // Input is still validated first.
        Http.AssertError(await server.Client.PostAsync("/v2/models/housing/explain", "{\"inputs\": [{\"name\": \"city\"}]}"), 400, "datatype");
    }

    [Fact]
    public void The_typical_row_holds_medians_and_most_frequent_values()
    {
        var x = new Frame(
            new Float64Column("a", [1, 2, 3, 4, 100]),
            new Int64Column("n", [1, 1, 2, 8, 9]),
            new StringColumn("city", ["Austin", "Dallas", "Austin", "Waco", "Austin"]),
            new Float64Column("m", [double.NaN, double.NaN, double.NaN, double.NaN, double.NaN]));
        var signature = ModelSignature.Infer(x, ModelTask.Regression, allowsMissing: true);
        var row = ShapExplainerFactory.TypicalRow(signature, ReferenceProfile.Compute(x))!;
        Assert.Equal(1, row.RowCount);
        Assert.Equal(3.0, row["a"].GetDouble(0));
        Assert.Equal(2.0, row["n"].GetDouble(0));
        Assert.Equal("Austin", row["city"].Format(0));
        Assert.True(row["m"].IsMissing(0));
        var strict = ModelSignature.Infer(x, ModelTask.Regression, allowsMissing: false);
        Assert.Null(ShapExplainerFactory.TypicalRow(strict, ReferenceProfile.Compute(x)));
    }
}
