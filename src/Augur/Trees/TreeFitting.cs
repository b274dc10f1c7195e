using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Trees;

/// <summary>The growth options every tree estimator shares (decision trees and forests), read by <see cref="TreeFitting.Settings(string, SplitCriterion, bool, ITreeGrowthOptions, int)"/>.</summary>
internal interface ITreeGrowthOptions
{
    /// <summary>Maximum depth; null for no limit.</summary>
    int? MaxDepth { get; }

    /// <summary>Fewest rows a node needs to be split.</summary>
    int MinSamplesSplit { get; }

    /// <summary>Fewest rows each leaf must keep.</summary>
    int MinSamplesLeaf { get; }

    /// <summary>Smallest fraction of the total sample weight each leaf must keep.</summary>
    double MinWeightFractionLeaf { get; }

    /// <summary>Features considered at each split (text form).</summary>
    string? MaxFeatures { get; }

    /// <summary>Most leaves (best-first growth); null for depth-first without a limit.</summary>
    int? MaxLeafNodes { get; }

    /// <summary>Smallest weighted impurity decrease worth a split.</summary>
    double MinImpurityDecrease { get; }
}

/// <summary>Option checks and input preparation shared by trees and forests.</summary>
internal static class TreeFitting
{
    /// <summary>Checks the growth options every tree estimator shares and resolves them (max_features needs the feature count).</summary>
    public static GrowSettings Settings(string consumer, SplitCriterion criterion, bool randomSplits, int? maxDepth, int minSamplesSplit,
        int minSamplesLeaf, double minWeightFractionLeaf, string? maxFeatures, int? maxLeafNodes, double minImpurityDecrease, int featureCount)
    {
        if (maxDepth is < 1) throw new AugurException($"{consumer} option 'max_depth' is {maxDepth}; it must be at least 1 (or none for no limit)");
        if (minSamplesSplit < 2) throw new AugurException($"{consumer} option 'min_samples_split' is {minSamplesSplit}; it must be at least 2");
        if (minSamplesLeaf < 1) throw new AugurException($"{consumer} option 'min_samples_leaf' is {minSamplesLeaf}; it must be at least 1");
        if (!(minWeightFractionLeaf >= 0 && minWeightFractionLeaf <= 0.5))
            throw new AugurException($"{consumer} option 'min_weight_fraction_leaf' is {minWeightFractionLeaf}; it must lie in [0, 0.5]");
        if (maxLeafNodes is < 2) throw new AugurException($"{consumer} option 'max_leaf_nodes' is {maxLeafNodes}; it must be at least 2 (or none for no limit)");
        if (!(minImpurityDecrease >= 0) || double.IsInfinity(minImpurityDecrease))
            throw new AugurException($"{consumer} option 'min_impurity_decrease' is {minImpurityDecrease}; it must be a finite number ≥ 0");
        var mf = TreeOptionParsing.ResolveMaxFeatures(maxFeatures, featureCount, consumer);
        return new GrowSettings(criterion, randomSplits, maxDepth ?? int.MaxValue, Math.Max(minSamplesSplit, 2 * minSamplesLeaf), minSamplesLeaf,
            minWeightFractionLeaf, mf, maxLeafNodes ?? -1, minImpurityDecrease);
    }

    /// <summary>Checks and resolves the growth options of <paramref name="options"/>.</summary>
    public static GrowSettings Settings(string consumer, SplitCriterion criterion, bool randomSplits, ITreeGrowthOptions options, int featureCount) =>
        Settings(consumer, criterion, randomSplits, options.MaxDepth, options.MinSamplesSplit, options.MinSamplesLeaf,
            options.MinWeightFractionLeaf, options.MaxFeatures, options.MaxLeafNodes, options.MinImpurityDecrease, featureCount);

    /// <summary>Writes the parts every tree and forest model file starts with: the options and the signature.</summary>
    public static void WriteHeader<TOptions>(ModelWriter writer, TOptions options, ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(options);
        writer.Write("signature", signature);
    }

    /// <summary>
    /// Reads what <see cref="WriteHeader"/> wrote and checks the signature fits a classifier (class labels) or a regressor,
    /// with at least one input; <paramref name="noun"/> (<c>tree</c>, <c>forest</c>) names the model in the message.
    /// </summary>
    public static (TOptions Options, ModelSignature Signature) ReadHeader<TOptions>(ModelReader reader, bool classifier, string noun)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<TOptions>();
        var signature = reader.ReadSignature("signature");
        if (classifier) reader.Require(signature.Classes is not null && signature.Task.IsClassification(), "signature", "a classifier needs class labels");
        else reader.Require(signature.Task == ModelTask.Regression, "signature", "a regressor's signature must say regression");
        reader.Require(signature.Inputs.Count >= 1, "signature", $"a {noun} needs at least one input");
        return (options, signature);
    }

    /// <summary>Maps the public classification criterion.</summary>
    public static SplitCriterion Map(ClassificationCriterion c) => c switch
    {
        ClassificationCriterion.Gini => SplitCriterion.Gini,
        ClassificationCriterion.Entropy or ClassificationCriterion.LogLoss => SplitCriterion.Entropy,
        _ => throw new AugurException($"unknown classification criterion {c}"),
    };

    /// <summary>Maps the public regression criterion.</summary>
    public static SplitCriterion Map(RegressionCriterion c) => c switch
    {
        RegressionCriterion.SquaredError => SplitCriterion.SquaredError,
        RegressionCriterion.FriedmanMse => SplitCriterion.FriedmanMse,
        _ => throw new AugurException($"unknown regression criterion {c}"),
    };

    /// <summary>The features as a dense matrix (numeric, no missing or infinite values, as scikit-learn 1.2 requires).</summary>
    public static Matrix Features(Frame x, string consumer)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ColumnCount == 0) throw new AugurException($"{consumer} needs at least one feature column");
        if (x.RowCount == 0) throw new AugurException($"{consumer} needs at least one row to fit");
        return x.ToMatrix(allowMissing: false, consumer);
    }

    /// <summary>Sample weights combined with per-class weights (<c>sample_weight × class_weight[y]</c>); null when both are absent.</summary>
    public static double[]? CombineWeights(double[]? sampleWeight, double[]? classWeights, ReadOnlySpan<int> encoded)
    {
        if (classWeights is null) return sampleWeight is null ? null : (double[])sampleWeight.Clone();
        var w = new double[encoded.Length];
        for (var i = 0; i < w.Length; i++) w[i] = (sampleWeight?[i] ?? 1.0) * classWeights[encoded[i]];
        return w;
    }

    /// <summary>The number of worker threads for an <c>n_jobs</c> value: null, 0 or −1 mean every core.</summary>
    public static int Threads(int? nJobs, string consumer)
    {
        if (nJobs is null or 0 or -1) return Environment.ProcessorCount;
        if (nJobs > 0) return nJobs.Value;
        _ = consumer;
        return Math.Max(1, Environment.ProcessorCount + 1 + nJobs.Value);
    }
}
