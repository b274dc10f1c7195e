using System.Text.Json.Nodes;

namespace Augur.Cli.Tests;

public sealed class ExplainCommandTests
{
    private static readonly Lazy<string> s_wineModel = new(() =>
    {
        var path = Path.Combine(Cli.TempDir(), "wine.augur");
        var r = Cli.Run("train", Cli.Data("wine.csv"), "--target", "target", "--model", "gaussian-nb", "--out", path);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return path;
    });

    private static readonly Lazy<string> s_diabetesModel = new(() =>
    {
        var path = Path.Combine(Cli.TempDir(), "diabetes.augur");
        var r = Cli.Run("train", Cli.Data("diabetes.csv"), "--target", "target", "--model", "knn", "--out", path);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return path;
    });

    [Fact]
    public void ShapJsonHoldsValuesThatAddUpPerClass()
    {
        var doc = Cli.Run("explain", s_wineModel.Value, Cli.Data("wine.csv"), "--method", "shap", "--rows", "0,5,9", "--samples", "64", "--json").Json();
        Assert.Equal("shap", doc["method"]!.GetValue<string>());
        Assert.Equal("kernel", doc["algorithm"]!.GetValue<string>());
        Assert.Equal("probability", doc["output_space"]!.GetValue<string>());
        var features = doc["feature_names"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.Contains("proline", features);
        Assert.DoesNotContain("target", features);
        var bases = doc["base_value"]!.AsObject();
        var values = doc["values"]!.AsObject();
        var outputs = doc["model_output"]!.AsObject();
        Assert.Equal(["0", "1", "2"], bases.Select(kv => kv.Key));
        foreach (var (label, b) in bases)
        {
            var rows = values[label]!.AsArray();
            Assert.Equal(3, rows.Count);
            for (var i = 0; i < 3; i++)
            {
                var sum = b!.GetValue<double>() + rows[i]!.AsArray().Sum(v => v!.GetValue<double>());
                Assert.Equal(outputs[label]![i]!.GetValue<double>(), sum, 1e-9);
            }
        }
    }

    [Fact]
    public void ForestPipelineUsesTreeShapFoldedIntoTheInputColumns()
    {
        var dir = Cli.TempDir();
        var model = Path.Combine(dir, "forest.augur");
        var csv = Path.Combine(dir, "mixed.csv");
        var rng = new Random(3);
        var lines = new List<string> { "size,colour,weight,label" };
        for (var i = 0; i < 120; i++)
        {
            var colour = new[] { "red", "green", "blue" }[rng.Next(3)];
            var size = Math.Round(rng.NextDouble() * 10, 2);
            var weight = Math.Round(rng.NextDouble() * 5, 2);
            lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{size},{colour},{weight},{(size + (colour == "red" ? 4 : 0) > 7 ? "yes" : "no")}"));
        }
        File.WriteAllLines(csv, lines);
        Assert.Equal(0, Cli.Run("train", csv, "--target", "label", "--model", "forest", "--set", "n_estimators=20", "--out", model).ExitCode);
        var doc = Cli.Run("explain", model, csv, "--json").Json();
        Assert.Equal("tree", doc["algorithm"]!.GetValue<string>());
        Assert.Equal("probability", doc["output_space"]!.GetValue<string>());
        Assert.Equal(["size", "colour", "weight"], doc["feature_names"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(120, doc["rows"]!.AsArray().Count);
        var values = doc["values"]!["yes"]!.AsArray();
        var b = doc["base_value"]!["yes"]!.GetValue<double>();
        for (var i = 0; i < 120; i++)
            Assert.Equal(doc["model_output"]!["yes"]![i]!.GetValue<double>(), b + values[i]!.AsArray().Sum(v => v!.GetValue<double>()), 1e-9);
        var kept = Cli.Run("explain", model, csv, "--rows", "0", "--keep-transformed", "--json").Json();
        Assert.True(kept["feature_names"]!.AsArray().Count > 3);
        var interventional = Cli.Run("explain", model, csv, "--rows", "0-2", "--algorithm", "tree_interventional", "--json").Json();
        Assert.Equal("tree_interventional", interventional["algorithm"]!.GetValue<string>());

        // One row's waterfall names each input value, categories included; a categorical pdp names the categories.
        var waterfall = Path.Combine(dir, "waterfall.svg");
        Assert.Equal(0, Cli.Run("explain", model, csv, "--rows", "0", "--plot", waterfall).ExitCode);
        var firstColour = File.ReadLines(csv).Skip(1).First().Split(',')[1];
        Assert.Contains($"colour = {firstColour}", File.ReadAllText(waterfall), StringComparison.Ordinal);
        var pdp = Path.Combine(dir, "pdp.svg");
        Assert.Equal(0, Cli.Run("explain", model, csv, "--method", "pdp", "--feature", "colour", "--plot", pdp).ExitCode);
        var svg = File.ReadAllText(pdp);
        foreach (var colour in new[] { "red", "green", "blue" }) Assert.Matches($@">\s*{colour}\s*<", svg);
    }

    [Fact]
    public void RegressorShapHasOneBaseValue()
    {
        var doc = Cli.Run("explain", s_diabetesModel.Value, Cli.Data("diabetes.csv"), "--rows", "3", "--samples", "50", "--json").Json();
        Assert.Equal("value", doc["output_space"]!.GetValue<string>());
        var b = doc["base_value"]!.GetValue<double>();
        var row = doc["values"]!.AsArray()[0]!.AsArray();
        Assert.Equal(10, row.Count);
        Assert.Equal(doc["model_output"]!.AsArray()[0]!.GetValue<double>(), b + row.Sum(v => v!.GetValue<double>()), 1e-6);
    }

    [Fact]
    public void PermutationPdpIceAndLimeWork()
    {
        var perm = Cli.Run("explain", s_wineModel.Value, Cli.Data("wine.csv"), "--method", "permutation", "--repeats", "2", "--json").Json();
        Assert.Equal("accuracy", perm["scoring"]!.GetValue<string>());
        Assert.Equal(13, perm["features"]!.AsArray().Count);

        var pdp = Cli.Run("explain", s_diabetesModel.Value, Cli.Data("diabetes.csv"), "--method", "pdp", "--feature", "bmi", "--grid-resolution", "5", "--json").Json();
        Assert.Equal(5, pdp["grid"]![0]!.AsArray().Count);
        Assert.Equal(5, pdp["average"]!["value"]!.AsArray().Count);

        var ice = Cli.Run("explain", s_diabetesModel.Value, Cli.Data("diabetes.csv"), "--method", "ice", "--feature", "bmi", "--grid-resolution", "4", "--json").Json();
        Assert.Equal(442, ice["individual"]!["value"]!.AsArray().Count);

        var lime = Cli.Run("explain", s_wineModel.Value, Cli.Data("wine.csv"), "--method", "lime", "--rows", "1", "--samples", "300", "--json").Json();
        var e = lime["explanations"]!.AsArray().Single()!;
        Assert.Equal(1, e["row"]!.GetValue<int>());
        Assert.Equal(10, e["weights"]!.AsArray().Count);

        var human = Cli.Run("explain", s_wineModel.Value, Cli.Data("wine.csv"), "--method", "permutation", "--repeats", "1");
        Assert.Equal(0, human.ExitCode);
        Assert.Contains("Permutation importance", human.Stdout);
    }

    [Fact]
    public void MistakesAreReported()
    {
        var noFeature = Cli.Run("explain", s_wineModel.Value, Cli.Data("wine.csv"), "--method", "pdp");
        Assert.Equal(2, noFeature.ExitCode);
        Assert.Contains("--feature", noFeature.Stderr);
        var badRow = Cli.Run("explain", s_wineModel.Value, Cli.Data("wine.csv"), "--rows", "500");
        Assert.Equal(1, badRow.ExitCode);
        Assert.Contains("row 500", badRow.Stderr);
        var badMethod = Cli.Run("explain", s_wineModel.Value, Cli.Data("wine.csv"), "--method", "magic");
        Assert.Equal(2, badMethod.ExitCode);
        var unknown = Cli.Run("explain", s_wineModel.Value, Cli.Data("wine.csv"), "--method", "pdp", "--feature", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("nope", unknown.Stderr);
    }
}

public sealed class ExplainPlotTests
{
    [Fact]
    public void PlotWritesAChartForEveryMethod()
    {
        var dir = Cli.TempDir();
        var model = Path.Combine(dir, "wine.augur");
        Assert.Equal(0, Cli.Run("train", Cli.Data("wine.csv"), "--target", "target", "--model", "gaussian-nb", "--out", model).ExitCode);
        var runs = new (string File, string[] Args)[]
        {
            ("shap.png", ["--method", "shap", "--rows", "0-5", "--samples", "40"]),
            ("waterfall.png", ["--method", "shap", "--rows", "3", "--samples", "40"]),
            ("perm.png", ["--method", "permutation", "--repeats", "2"]),
            ("pdp.svg", ["--method", "ice", "--feature", "alcohol", "--grid-resolution", "5"]),
            ("lime.png", ["--method", "lime", "--rows", "2", "--samples", "200"]),
        };
        foreach (var (file, args) in runs)
        {
            var path = Path.Combine(dir, file);
            var doc = Cli.Run(["explain", model, Cli.Data("wine.csv"), .. args, "--plot", path, "--json"]).Json();
            Assert.Equal(path, doc["plot"]!.GetValue<string>());
            var bytes = File.ReadAllBytes(path);
            if (file.EndsWith(".png", StringComparison.Ordinal)) Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            else Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(bytes));
        }
        var bad = Cli.Run("explain", model, Cli.Data("wine.csv"), "--plot", Path.Combine(dir, "x.jpg"));
        Assert.Equal(2, bad.ExitCode);
    }
}
