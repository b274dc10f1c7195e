using Augur.Data;
using Augur.Serialization;
using Augur.Trees;

namespace Augur.Ensemble;

/// <summary>The options every forest estimator has (random forests and extra trees, classifiers and regressors).</summary>
internal interface IForestOptions : ITreeGrowthOptions
{
    /// <summary>Number of trees.</summary>
    int NEstimators { get; }

    /// <summary>Grow each tree on a bootstrap sample.</summary>
    bool Bootstrap { get; }

    /// <summary>Score the forest on the rows each tree did not see.</summary>
    bool OobScore { get; }

    /// <summary>Threads used to grow trees and predict.</summary>
    int? NJobs { get; }

    /// <summary>Seed of the bootstrap samples, feature sampling and random thresholds.</summary>
    int RandomState { get; }

    /// <summary>Rows per bootstrap sample.</summary>
    double? MaxSamples { get; }
}

/// <summary>The options of the forest classifiers.</summary>
internal interface IForestClassifierOptions : IForestOptions
{
    /// <summary>Split quality measure.</summary>
    ClassificationCriterion Criterion { get; }

    /// <summary>Class weights (text form, including <c>balanced_subsample</c>).</summary>
    string? ClassWeight { get; }
}

/// <summary>The options of the forest regressors.</summary>
internal interface IForestRegressorOptions : IForestOptions
{
    /// <summary>Split quality measure.</summary>
    RegressionCriterion Criterion { get; }
}

/// <summary>A grown forest with what its model keeps besides the options: the trees, the out-of-bag score and the signature.</summary>
internal readonly record struct ForestFit(ForestCore Core, double? OobScore, ModelSignature Signature);

/// <summary>
/// Fitting, saving and loading shared by the four forest estimators. Random forests and extra trees differ only in
/// <c>randomSplits</c> (one random threshold per candidate feature instead of the best split) and their defaults.
/// </summary>
internal static class ForestFitting
{
    /// <summary>Grows a forest classifier on <paramref name="x"/> and <paramref name="y"/>; <paramref name="name"/> names the estimator in messages.</summary>
    public static ForestFit FitClassifier(IForestClassifierOptions options, string name, bool randomSplits, Frame x, Column? y, double[]? sampleWeight)
    {
        ForestCore.CheckOptions(name, options.NEstimators, options.Bootstrap, options.OobScore);
        var matrix = TreeFitting.Features(x, name);
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, x.RowCount, name, minClasses: 1);
        sampleWeight = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var settings = TreeFitting.Settings(name, TreeFitting.Map(options.Criterion), randomSplits, options, x.ColumnCount);
        var subsample = TreeOptionParsing.IsBalancedSubsample(options.ClassWeight) && options.Bootstrap;
        var classWeight = TreeOptionParsing.IsBalancedSubsample(options.ClassWeight) && !options.Bootstrap ? "balanced" : options.ClassWeight;
        var weights = TreeFitting.CombineWeights(sampleWeight,
            TreeOptionParsing.ClassWeights(classWeight, classes, encoded, name, allowSubsample: true), encoded);
        var threads = TreeFitting.Threads(options.NJobs, name);
        var data = TreeTrainingSet.ForClassification(matrix, x.ColumnNames, encoded, classes.Count, threads, name);
        var core = ForestCore.Grow(data, weights, settings, Sampling(options, x.RowCount, subsample, threads, name), options.OobScore);
        var oob = core.OobOutput is null ? (double?)null : ForestCore.OobAccuracy(core.OobOutput, encoded);
        var signature = ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), allowsMissing: false, y, classes);
        return new ForestFit(core, oob, signature);
    }

    /// <summary>Grows a forest regressor on <paramref name="x"/> and <paramref name="y"/>; <paramref name="name"/> names the estimator in messages.</summary>
    public static ForestFit FitRegressor(IForestRegressorOptions options, string name, bool randomSplits, Frame x, Column? y, double[]? sampleWeight)
    {
        ForestCore.CheckOptions(name, options.NEstimators, options.Bootstrap, options.OobScore);
        var matrix = TreeFitting.Features(x, name);
        var target = ModelInputs.RegressionTarget(y, x.RowCount, name);
        sampleWeight = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var settings = TreeFitting.Settings(name, TreeFitting.Map(options.Criterion), randomSplits, options, x.ColumnCount);
        var threads = TreeFitting.Threads(options.NJobs, name);
        var data = TreeTrainingSet.ForRegression(matrix, x.ColumnNames, target, threads, name);
        var core = ForestCore.Grow(data, sampleWeight, settings, Sampling(options, x.RowCount, balancedSubsample: false, threads, name), options.OobScore);
        var oob = core.OobOutput is null ? (double?)null : ForestCore.OobR2(core.OobOutput, target);
        var signature = ModelSignature.Infer(x, ModelTask.Regression, allowsMissing: false, y);
        return new ForestFit(core, oob, signature);
    }

    private static ForestSampling Sampling(IForestOptions options, int rows, bool balancedSubsample, int threads, string name) =>
        new(options.NEstimators, options.Bootstrap, ForestCore.BootstrapSize(options.MaxSamples, options.Bootstrap, rows, name), balancedSubsample,
            options.RandomState, threads);

    /// <summary>Writes a forest model: options, signature, out-of-bag score (NaN when absent) and the trees.</summary>
    public static void Save<TOptions>(ModelWriter writer, TOptions options, ModelSignature signature, double? oobScore, ForestCore core)
    {
        TreeFitting.WriteHeader(writer, options, signature);
        writer.Write("oob_score", oobScore ?? double.NaN);
        core.Save(writer);
    }

    /// <summary>Reads what <see cref="Save"/> wrote, checking the signature fits a classifier or a regressor.</summary>
    public static (TOptions Options, ForestFit Fit) Load<TOptions>(ModelReader reader, bool classifier)
    {
        var (options, signature) = TreeFitting.ReadHeader<TOptions>(reader, classifier, "forest");
        var oob = reader.ReadDouble("oob_score");
        var core = ForestCore.Load(reader, signature.Inputs.Count, classifier ? signature.Classes!.Count : 1, classifier);
        if (classifier) reader.Require(core.OobOutput is null || core.OobOutput.Rows >= 1, "oob_output", "out-of-bag output is empty");
        return (options, new ForestFit(core, double.IsNaN(oob) ? null : oob, signature));
    }
}
