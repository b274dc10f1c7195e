using System.Globalization;
using System.Text;
using System.Text.Json;
using Augur.Data;
using Augur.NaiveBayes;
using Augur.Pipelines;
using Augur.Server.Inference;

namespace Augur.Server.Tests;

/// <summary>Real models fitted on the repository's data sets, and requests built from frames.</summary>
internal static class RealModels
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Augur.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Augur.slnx)");
    });

    public static string RepoRoot => s_root.Value;

    private static readonly Lazy<(ClassifierPipelineModel Model, Frame X)> s_housing = new(() =>
    {
        var data = Frame.ReadCsv(Path.Combine(RepoRoot, "data", "txhousing.csv"));
        var median = data["median"];
        var keep = new bool[data.RowCount];
        for (var i = 0; i < keep.Length; i++) keep[i] = !median.IsMissing(i) && i % 3 == 0;
        data = data.Filter(keep);
        var values = data["median"].ToDoubleArray();
        var cut = values.Order().ElementAt(values.Length / 2);
        var y = new StringColumn("price", values.Select(v => v > cut ? "high" : "low").ToArray());
        var x = data.Drop("median", "date");
        var model = (ClassifierPipelineModel)new Pipeline(new AutoPreprocessor(), new GaussianNB()).Fit(x, y);
        return (model, x);
    });

    /// <summary>
    /// AutoPreprocessor (median imputation and scaling, one-hot city ignoring unseen values) + Gaussian naive Bayes,
    /// predicting whether a Texas city-month's median house price is high, from city, year, month, sales, volume,
    /// listings and inventory (with missing values).
    /// </summary>
    public static (ClassifierPipelineModel Model, Frame X) HousingClassifier => s_housing.Value;

    /// <summary>An Open Inference Protocol request with one tensor per input column of <paramref name="model"/>, taken from <paramref name="x"/>.</summary>
    public static string OipRequest(IModel model, Frame x, string? id = null)
    {
        var sb = new StringBuilder("{");
        if (id is not null) sb.Append("\"id\": ").Append(JsonSerializer.Serialize(id)).Append(", ");
        sb.Append("\"inputs\": [");
        var first = true;
        foreach (var input in model.Signature.Inputs)
        {
            var c = x[input.Name];
            if (!first) sb.Append(", ");
            first = false;
            sb.Append("{\"name\": ").Append(JsonSerializer.Serialize(input.Name))
              .Append(", \"datatype\": \"").Append(InputSchema.WireType(input.Type)).Append("\", \"shape\": [").Append(x.RowCount).Append("], \"data\": [");
            for (var i = 0; i < x.RowCount; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(JsonValue(c, i));
            }
            sb.Append("]}");
        }
        return sb.Append("]}").ToString();
    }

    /// <summary>TensorFlow Serving rows as objects.</summary>
    public static string Instances(IModel model, Frame x)
    {
        var rows = Enumerable.Range(0, x.RowCount).Select(i =>
            "{" + string.Join(", ", model.Signature.Inputs.Select(inp => JsonSerializer.Serialize(inp.Name) + ": " + JsonValue(x[inp.Name], i))) + "}");
        return "{\"instances\": [" + string.Join(", ", rows) + "]}";
    }

    public static string JsonValue(Column c, int i)
    {
        if (c.IsMissing(i)) return "null";
        return c switch
        {
            Float64Column f => f[i].ToString("R", CultureInfo.InvariantCulture),
            Int64Column l => l.Values[i].ToString(CultureInfo.InvariantCulture),
            BoolColumn b => b.Values[i] ? "true" : "false",
            _ => JsonSerializer.Serialize(c.Format(i)),
        };
    }
}
