using System.Globalization;
using System.Text;
using System.Text.Json;
using Augur.Data;
using Augur.Boosting;
using Augur.Linear;
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

    private static readonly Lazy<(Frame X, Column Y)> s_housingData = new(() =>
    {
        var data = Frame.ReadCsv(Path.Combine(RepoRoot, "data", "txhousing.csv"));
        var median = data["median"];
        var keep = new bool[data.RowCount];
        for (var i = 0; i < keep.Length; i++) keep[i] = !median.IsMissing(i) && i % 3 == 0;
        data = data.Filter(keep);
        var values = data["median"].ToDoubleArray();
        var cut = values.Order().ElementAt(values.Length / 2);
        var y = new StringColumn("price", values.Select(v => v > cut ? "high" : "low").ToArray());
        return (data.Drop("median", "date"), y);
    });

    private static readonly Lazy<ClassifierPipelineModel> s_logistic = new(() =>
        (ClassifierPipelineModel)new Pipeline(new AutoPreprocessor(), new LogisticRegression()).Fit(s_housingData.Value.X, s_housingData.Value.Y));

    private static readonly Lazy<ClassifierPipelineModel> s_boosting = new(() =>
        (ClassifierPipelineModel)new Pipeline(new AutoPreprocessor(), new GradientBoostingClassifier { NEstimators = 100 }).Fit(s_housingData.Value.X, s_housingData.Value.Y));

    /// <summary>
    /// Whether a Texas city-month's median house price is high, from city, year, month, sales, volume, listings and
    /// inventory (with missing values): a third of txhousing's rows.
    /// </summary>
    public static Frame HousingX => s_housingData.Value.X;

    /// <summary>AutoPreprocessor (median imputation and scaling; one-hot city, ignoring unseen cities) + logistic regression.</summary>
    public static ClassifierPipelineModel HousingLogistic => s_logistic.Value;

    /// <summary>AutoPreprocessor + a 100-tree LightGBM gradient-boosting classifier.</summary>
    public static ClassifierPipelineModel HousingBoosting => s_boosting.Value;

    private static readonly Lazy<ClassifierPipelineModel> s_logistic2 = new(() =>
        (ClassifierPipelineModel)new Pipeline(new AutoPreprocessor(), new LogisticRegression { C = 0.05 }).Fit(s_housingData.Value.X, s_housingData.Value.Y));

    private static readonly Lazy<ClassifierPipelineModel> s_boosting2 = new(() =>
        (ClassifierPipelineModel)new Pipeline(new AutoPreprocessor(), new GradientBoostingClassifier { NEstimators = 100, LearningRate = 0.03 }).Fit(s_housingData.Value.X, s_housingData.Value.Y));

    /// <summary>A more strongly regularised logistic regression (C = 0.05).</summary>
    public static ClassifierPipelineModel HousingLogistic2 => s_logistic2.Value;

    /// <summary>A slower-learning 100-tree boosting model (learning rate 0.03).</summary>
    public static ClassifierPipelineModel HousingBoosting2 => s_boosting2.Value;

    /// <summary>The real models by name.</summary>
    public static ClassifierPipelineModel ByName(string name) => name switch
    {
        "logistic" => HousingLogistic,
        "boosting" => HousingBoosting,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

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
    public static string Instances(IModel model, Frame x) => Records(model, x, "instances");

    /// <summary>Rows as objects under <paramref name="field"/> (instances, dataframe_records).</summary>
    public static string Records(IModel model, Frame x, string field)
    {
        var rows = Enumerable.Range(0, x.RowCount).Select(i =>
            "{" + string.Join(", ", model.Signature.Inputs.Select(inp => JsonSerializer.Serialize(inp.Name) + ": " + JsonValue(x[inp.Name], i))) + "}");
        return "{\"" + field + "\": [" + string.Join(", ", rows) + "]}";
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
