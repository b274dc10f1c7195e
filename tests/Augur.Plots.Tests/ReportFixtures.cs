using Augur.Clustering;
using Augur.Data;
using Augur.NaiveBayes;
using Augur.Neighbors;
using Augur.Serialization;

namespace Augur.Plots.Tests;

/// <summary>Small fitted models on the bundled data sets, and reports built from them (shared by the report tests).</summary>
internal static class ReportFixtures
{
    private static readonly Lazy<(IPredictor Model, Frame X, Column Y)> s_wine = new(() =>
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        return (new GaussianNB().Fit(x, y), x, y);
    });

    private static readonly Lazy<(IPredictor Model, Frame X, Column Y)> s_cancer = new(() =>
    {
        var (x, y) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        x = x.Select(x.ColumnNames.Take(8));
        return (new GaussianNB().Fit(x, y), x, y);
    });

    private static readonly Lazy<(IPredictor Model, Frame X, Column Y)> s_diabetes = new(() =>
    {
        var (x, y) = TestData.LoadXy("diabetes.csv", "target");
        return (new KNeighborsRegressor { NNeighbors = 10 }.Fit(x, y), x, y);
    });

    private static readonly Lazy<(IPredictor Model, Frame X, Column Y)> s_iris = new(() =>
    {
        var (x, y) = TestData.LoadXy("iris.csv", "species");
        return (new KMeans { NClusters = 3, RandomState = 0 }.Fit(x), x, y);
    });

    public static (IPredictor Model, Frame X, Column Y) Wine => s_wine.Value;

    public static (IPredictor Model, Frame X, Column Y) Cancer => s_cancer.Value;

    public static (IPredictor Model, Frame X, Column Y) Diabetes => s_diabetes.Value;

    public static (IPredictor Model, Frame X, Column Y) Iris => s_iris.Value;

    public static EvaluationReportOptions Fast { get; } = new() { BootstrapResamples = 60, PermutationRepeats = 3 };

    public static ModelCard Card(IPredictor model, Frame x, Column y) => new()
    {
        Name = "test-model",
        Description = "A model for the report tests <with markup>",
        AugurVersion = ModelFile.AugurVersion,
        Estimator = model.Kind,
        Options = new Dictionary<string, string> { ["var_smoothing"] = "1e-09" },
        Metrics = new Dictionary<string, double> { ["accuracy"] = 0.97 },
        MetricsOn = "test",
        TrainingData = DataFingerprint.Compute(x, y),
        CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Tags = new Dictionary<string, string> { ["team"] = "plots" },
    };
}
