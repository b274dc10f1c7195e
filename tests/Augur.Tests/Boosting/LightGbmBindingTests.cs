using System.Diagnostics;
using Augur.Boosting;
using Augur.Boosting.Native;
using Augur.Data;

namespace Augur.Tests.Boosting;

/// <summary>The native binding: errors, leaks, thread safety.</summary>
public class LightGbmBindingTests
{
    [Fact]
    public void BadParameterValue_SurfacesLightGbmMessage()
    {
        var (x, y) = TestData.LoadXy("iris.csv", "species");
        var leaves = Assert.Throws<LightGbmException>(() => new GradientBoostingClassifier { NumLeaves = 1 }.Fit(x, y));
        Assert.Contains("num_leaves", leaves.NativeMessage, StringComparison.Ordinal);
        Assert.Contains("num_leaves", leaves.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".cpp", leaves.Message, StringComparison.Ordinal);

        var typed = Assert.Throws<LightGbmException>(() =>
            new GradientBoostingClassifier { ExtraParameters = new Dictionary<string, string> { ["min_data_per_group"] = "lots" } }.Fit(x, y));
        Assert.Contains("min_data_per_group", typed.NativeMessage, StringComparison.Ordinal);
        Assert.Contains("lots", typed.NativeMessage, StringComparison.Ordinal);

        Assert.Throws<LightGbmException>(() => new GradientBoostingClassifier { LearningRate = -1 }.Fit(x, y));
    }

    [Fact]
    public void BadParameterName_IsRejected_WithLightGbmsTable()
    {
        var (x, y) = TestData.LoadXy("iris.csv", "species");
        var unknown = Assert.Throws<LightGbmException>(() =>
            new GradientBoostingClassifier { ExtraParameters = new Dictionary<string, string> { ["min_data_per_grup"] = "5" } }.Fit(x, y));
        Assert.Contains("min_data_per_grup", unknown.Message, StringComparison.Ordinal);
        // An alias LightGBM knows is accepted, under its canonical name.
        var model = new GradientBoostingClassifier
        {
            NEstimators = 5,
            ExtraParameters = new Dictionary<string, string> { ["cat_smooth"] = "5", ["extra_tree"] = "true", ["subsample_for_bin"] = "5000" },
        }.Fit(x, y);
        Assert.Contains("[extra_trees: 1]", model.LightGbmModelText, StringComparison.Ordinal);
        Assert.Contains("[bin_construct_sample_cnt: 5000]", model.LightGbmModelText, StringComparison.Ordinal);
        Assert.Contains("[cat_smooth: 5]", model.LightGbmModelText, StringComparison.Ordinal);
        // Parameters that come from options are refused with the option to use.
        var reserved = Assert.Throws<AugurException>(() =>
            new GradientBoostingClassifier { ExtraParameters = new Dictionary<string, string> { ["n_estimators"] = "5" } }.Fit(x, y));
        Assert.Contains("'n_estimators' option", reserved.Message, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() =>
            new GradientBoostingClassifier { ExtraParameters = new Dictionary<string, string> { ["path_smooth"] = "1 2" } }.Fit(x, y));
    }

    [Fact]
    public void GarbageModelText_IsAModelFormatError()
    {
        var e = Assert.Throws<Augur.Serialization.ModelFormatException>(() => GradientBoosting.FromLightGbmModelText("this is not a model"));
        Assert.Contains("LightGBM", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParallelPredictions_EqualSequential()
    {
        var (x, y) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        var model = new GradientBoostingClassifier { NEstimators = 60 }.Fit(x, y);
        var rows = Enumerable.Range(0, x.RowCount).Select(i => x.Slice(i, 1)).ToArray();
        var sequential = rows.Select(r => model.PredictProba(r)[0, 1]).ToArray();
        var batch = model.PredictProba(x).Column(1);
        Assert.Equal(sequential, batch);
        for (var round = 0; round < 3; round++)
        {
            var parallel = new double[rows.Length];
            var contributions = new double[rows.Length];
            Parallel.For(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                parallel[i] = model.PredictProba(rows[i])[0, 1];
                contributions[i] = model.PredictContributions(rows[i])[0][0, 3];
                if (i % 50 == 0) Assert.Equal(batch, model.PredictProba(x).Column(1));
            });
            Assert.Equal(sequential, parallel);
            Assert.Equal(model.PredictContributions(x)[0].Column(3), contributions);
        }
    }

    [Fact]
    public async Task ConcurrentTrainingWithDifferentThreadCounts_AndPredictions_Agree()
    {
        var (x, y) = BoostingTestData.Mixed(1500, seed: 2);
        var reference = new GradientBoostingClassifier { NEstimators = 20, Deterministic = true, NThreads = 1 }.Fit(x, y).PredictProba(x).Data;
        var tasks = Enumerable.Range(0, 6).Select(k => Task.Run(() =>
        {
            var model = new GradientBoostingClassifier { NEstimators = 20, Deterministic = true, NThreads = k % 2 == 0 ? 1 : 2 }.Fit(x, y);
            for (var r = 0; r < 5; r++) Assert.Equal(reference, model.PredictProba(x).Data);
        })).ToArray();
        await Task.WhenAll(tasks);
    }
}
