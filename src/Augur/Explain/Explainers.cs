using Augur.Data;
using Augur.Pipelines;

namespace Augur.Explain;

/// <summary>Which SHAP algorithm <see cref="Explainers.Shap"/> uses.</summary>
public enum ShapAlgorithm
{
    /// <summary>Tree SHAP for tree models, linear SHAP for linear models, kernel SHAP for everything else.</summary>
    Auto,
    /// <summary>Path-dependent tree SHAP (exact; the trees' training covers stand in for the background).</summary>
    Tree,
    /// <summary>Interventional tree SHAP over a background (exact).</summary>
    TreeInterventional,
    /// <summary>Linear SHAP over a background (exact under feature independence).</summary>
    Linear,
    /// <summary>Kernel SHAP (model-agnostic; exact when every coalition fits the sample budget).</summary>
    Kernel,
    /// <summary>LightGBM's own tree SHAP contributions (gradient-boosting models only).</summary>
    LightGbmNative,
}

/// <summary>Options of <see cref="Explainers.Shap"/>.</summary>
public sealed record ShapOptions
{
    /// <summary>The algorithm.</summary>
    public ShapAlgorithm Algorithm { get; init; } = ShapAlgorithm.Auto;

    /// <summary>The scale to explain; null picks the algorithm's natural one (margin for tree and linear SHAP of classifiers, probability for kernel SHAP).</summary>
    public OutputSpace? OutputSpace { get; init; }

    /// <summary>For pipelines: keep the transformed features instead of folding them back into the input columns.</summary>
    public bool KeepTransformedFeatures { get; init; }

    /// <summary>Kernel SHAP: coalitions per row (null: 2·M + 2048).</summary>
    public int? NSamples { get; init; }

    /// <summary>Kernel SHAP: k-means centroids summarising the background.</summary>
    public int BackgroundClusters { get; init; } = 10;

    /// <summary>Interventional tree SHAP: background rows used (a seeded sample when there are more). Linear SHAP uses the mean of every background row.</summary>
    public int MaxBackgroundRows { get; init; } = 100;

    /// <summary>Seed for sampling.</summary>
    public int RandomState { get; init; }
}

/// <summary>Entry points shared by the explainers.</summary>
public static partial class Explainers
{
    /// <summary>
    /// SHAP values of <paramref name="rows"/> of <paramref name="x"/> (all rows when null), choosing the algorithm by the
    /// model's kind (see <see cref="ShapAlgorithm.Auto"/>). Pipelines are explained in terms of their input columns.
    /// </summary>
    /// <param name="model">A fitted classifier or regressor (or a pipeline ending in one).</param>
    /// <param name="background">Background rows (for example the training data): the reference the values are measured from.</param>
    /// <param name="x">The rows to explain.</param>
    /// <param name="rows">Positions of the rows of <paramref name="x"/> to explain; null explains every row.</param>
    /// <param name="options">Options; null uses the defaults.</param>
    public static ShapExplanation Shap(IPredictor model, Frame background, Frame x, IReadOnlyList<int>? rows = null, ShapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(x);
        options ??= new ShapOptions();
        var algorithm = options.Algorithm == ShapAlgorithm.Auto ? Choose(model, options.OutputSpace) : options.Algorithm;
        if (algorithm == ShapAlgorithm.Kernel)
            return new KernelShap
            {
                NSamples = options.NSamples,
                BackgroundClusters = options.BackgroundClusters,
                OutputSpace = options.OutputSpace,
                RandomState = options.RandomState,
            }.Explain(model, background, x, rows);
        ShapExplanation? result = null;
        ExplainSpecific(model, algorithm, background, x, rows, options, ref result);
        return result ?? throw new AugurException($"{AlgorithmName(algorithm)} SHAP cannot explain {model.Kind} models; use kernel SHAP (any model)");
    }

    /// <summary>The algorithm <see cref="ShapAlgorithm.Auto"/> picks for <paramref name="model"/>.</summary>
    public static ShapAlgorithm Choose(IPredictor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var inner = model is PipelineModel p ? p.Final : model;
        var choice = ShapAlgorithm.Kernel;
        ChooseSpecific(inner, ref choice);
        return choice;
    }

    /// <summary>
    /// The algorithm <see cref="ShapAlgorithm.Auto"/> picks for <paramref name="model"/> on the scale
    /// <paramref name="space"/>: tree or linear SHAP when they explain that scale exactly (tree SHAP: probabilities of
    /// Augur's tree classifiers, values of its regressors, raw scores of boosting; linear SHAP: margins and values),
    /// otherwise kernel SHAP. A null scale means the algorithm's natural one.
    /// </summary>
    public static ShapAlgorithm Choose(IPredictor model, OutputSpace? space)
    {
        var choice = Choose(model);
        if (space is not { } s || choice == ShapAlgorithm.Kernel) return choice;
        var inner = model is PipelineModel p ? p.Final : model;
        var natural = choice switch
        {
            ShapAlgorithm.Tree => TreeModels.View(inner).Space,
            _ => inner is IRegressor ? OutputSpace.Value : OutputSpace.Margin,
        };
        var same = s == natural || (s == OutputSpace.Margin && natural == OutputSpace.Value);
        return same ? choice : ShapAlgorithm.Kernel;
    }

    /// <summary>The snake_case name of an algorithm (<c>tree</c>, <c>tree_interventional</c>, <c>linear</c>, <c>kernel</c>, <c>lightgbm_native</c>).</summary>
    public static string AlgorithmName(ShapAlgorithm algorithm) => algorithm switch
    {
        ShapAlgorithm.Auto => "auto",
        ShapAlgorithm.Tree => "tree",
        ShapAlgorithm.TreeInterventional => "tree_interventional",
        ShapAlgorithm.Linear => "linear",
        ShapAlgorithm.Kernel => "kernel",
        ShapAlgorithm.LightGbmNative => "lightgbm_native",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Parses an algorithm name (as <see cref="AlgorithmName"/> writes it; hyphens allowed).</summary>
    public static ShapAlgorithm ParseAlgorithm(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant().Replace('-', '_');
        foreach (var a in Enum.GetValues<ShapAlgorithm>())
            if (AlgorithmName(a) == key) return a;
        throw new AugurException($"unknown SHAP algorithm '{name}'; use auto, tree, tree_interventional, linear, kernel or lightgbm_native");
    }

    /// <summary>Model families add their automatic choice here.</summary>
    static partial void ChooseSpecific(IModel model, ref ShapAlgorithm choice);

    /// <summary>Model families add their model-specific explainers here.</summary>
    static partial void ExplainSpecific(IPredictor model, ShapAlgorithm algorithm, Frame background, Frame x, IReadOnlyList<int>? rows,
        ShapOptions options, ref ShapExplanation? result);

    /// <summary>The rows to explain: all of them when <paramref name="rows"/> is null, otherwise checked positions.</summary>
    internal static IReadOnlyList<int> ResolveRows(IReadOnlyList<int>? rows, int count, string consumer)
    {
        if (rows is null) return Enumerable.Range(0, count).ToArray();
        foreach (var r in rows)
            if ((uint)r >= (uint)count) throw new AugurException($"{consumer}: row {r} is outside the data's {count} rows (0…{count - 1})");
        return rows.ToArray();
    }

    /// <summary>
    /// Explains a pipeline's final model on the transformed features with <paramref name="explainFinal"/>, then (unless
    /// <paramref name="keepTransformed"/>) folds the values back into the pipeline's input columns.
    /// </summary>
    internal static ShapExplanation ThroughPipeline(PipelineModel pipeline, Frame background, Frame x, IReadOnlyList<int>? rows, bool keepTransformed,
        Func<IPredictor, Frame, Frame, IReadOnlyList<int>?, ShapExplanation> explainFinal)
    {
        var rowList = ResolveRows(rows, x.RowCount, "SHAP");
        var inputs = FrameMixer.Inputs(pipeline, x, "SHAP").Take(rowList.ToArray());
        var tx = pipeline.TransformFeatures(inputs);
        var tb = pipeline.TransformFeatures(FrameMixer.Inputs(pipeline, background, "SHAP"));
        var inner = explainFinal((IPredictor)pipeline.Final, tb, tx, null) with { Rows = rowList.ToArray() };
        if (keepTransformed) return inner;
        var mapping = FeatureMapping.Of(pipeline, background);
        var (names, groups) = mapping.FoldGroups();
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var f = 0; f < mapping.FeatureNames.Count; f++) position.TryAdd(mapping.FeatureNames[f], f);
        var innerGroups = inner.FeatureNames.Select(n => position.TryGetValue(n, out var f)
            ? groups[f]
            : throw new InvalidOperationException($"the final model's feature '{n}' is not among the pipeline's transformed features")).ToArray();
        return inner.Fold(names, innerGroups, ShapExplanation.NumericValues(inputs, names));
    }
}
