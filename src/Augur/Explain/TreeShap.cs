using Augur.Boosting;
using Augur.Data;
using Augur.Numerics;
using Augur.Pipelines;

namespace Augur.Explain;

/// <summary>How tree SHAP treats features that are not in a coalition.</summary>
public enum FeaturePerturbation
{
    /// <summary>
    /// Path-dependent (conditional on the trees' paths): at a split on an absent feature, both branches are followed in
    /// proportion to the training samples (covers) that went each way. Needs no background data.
    /// </summary>
    PathDependent,
    /// <summary>Interventional: absent features take their values from background rows (exact Shapley values of E_r[f(x_S, r_S̄)]).</summary>
    Interventional,
}

/// <summary>
/// Exact tree SHAP (Lundberg, Erion and Lee, 2018) for Augur's decision trees and forests (explaining class
/// probabilities of classifiers — a forest's probability is the mean of its trees' — and values of regressors) and for
/// LightGBM gradient-boosting models (explaining the raw margin, read from the booster's model text; the values equal
/// LightGBM's own contributions). Pipelines ending in such a model are explained on the transformed features and folded
/// back into the input columns (see <see cref="FeatureMapping"/>) unless <see cref="KeepTransformedFeatures"/> is set.
/// </summary>
public sealed record TreeShap
{
    /// <summary>Path-dependent (default) or interventional.</summary>
    public FeaturePerturbation FeaturePerturbation { get; init; } = FeaturePerturbation.PathDependent;

    /// <summary>Interventional: background rows used (a seeded sample of the background when it has more).</summary>
    public int MaxBackgroundRows { get; init; } = 100;

    /// <summary>Seed for sampling the background.</summary>
    public int RandomState { get; init; }

    /// <summary>Threads; null uses every core.</summary>
    public int? NJobs { get; init; }

    /// <summary>The scale: null means probabilities (tree classifiers), values (tree regressors) or the margin (LightGBM).</summary>
    public OutputSpace? OutputSpace { get; init; }

    /// <summary>For pipelines: report the transformed features instead of folding them into the input columns.</summary>
    public bool KeepTransformedFeatures { get; init; }

    /// <summary>True when tree SHAP can explain <paramref name="model"/> (directly or as a pipeline's final step).</summary>
    public static bool Supports(IModel model) => TreeModels.IsTreeModel(model is PipelineModel p ? p.Final : model);

    /// <summary>Explains <paramref name="rows"/> of <paramref name="x"/> (all rows when null); <paramref name="background"/> is required for interventional SHAP.</summary>
    public ShapExplanation Explain(IPredictor model, Frame x, IReadOnlyList<int>? rows = null, Frame? background = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        if (MaxBackgroundRows < 1) throw new AugurException($"TreeShap option 'max_background_rows' must be at least 1, not {MaxBackgroundRows}");
        if (NJobs is < 1) throw new AugurException($"TreeShap option 'n_jobs' must be at least 1, not {NJobs}");
        if (FeaturePerturbation == FeaturePerturbation.Interventional && background is null)
            throw new AugurException("interventional tree SHAP needs background data");
        if (model is PipelineModel pipeline)
        {
            if (!TreeModels.IsTreeModel(pipeline.Final)) throw Unsupported(pipeline.Final);
            return Explainers.ThroughPipeline(pipeline, background ?? x, x, rows, KeepTransformedFeatures,
                (final, tb, tx, r) => Explain(final, tx, r, FeaturePerturbation == FeaturePerturbation.Interventional ? tb : null));
        }
        if (!TreeModels.IsTreeModel(model)) throw Unsupported(model);
        var rowList = Explainers.ResolveRows(rows, x.RowCount, "TreeShap");
        var data = FrameMixer.Inputs(model, x, "TreeShap").Take(rowList.ToArray());
        var view = TreeModels.View(model);
        var space = OutputSpace ?? view.Space;
        if (space == Augur.Explain.OutputSpace.Margin && view.Space == Augur.Explain.OutputSpace.Value) space = view.Space;
        if (space != view.Space)
            throw new AugurException($"tree SHAP explains {model.Kind} models on the {view.Space.ToName()} scale, not {space.ToName()}; use kernel SHAP for other scales");
        var forest = view.Forest;
        var matrix = view.Features(data);
        for (var i = 0; i < matrix.Rows; i++) forest.Prepare(matrix.Row(i));
        var threads = NJobs ?? Environment.ProcessorCount;
        Matrix[] values;
        double[] baseValues;
        string method;
        if (FeaturePerturbation == FeaturePerturbation.PathDependent)
        {
            values = TreeShapEngine.PathDependent(forest, matrix, threads);
            baseValues = forest.Expected();
            method = "tree";
        }
        else
        {
            var bg = FrameMixer.Inputs(model, background!, "TreeShap");
            if (bg.RowCount == 0) throw new AugurException("the background data has no rows");
            if (bg.RowCount > MaxBackgroundRows) bg = bg.Take(new Rng(RandomState).SampleWithoutReplacement(bg.RowCount, MaxBackgroundRows));
            var bm = view.Features(bg);
            for (var i = 0; i < bm.Rows; i++) forest.Prepare(bm.Row(i));
            var weights = Enumerable.Repeat(1.0, bm.Rows).ToArray();
            values = TreeShapEngine.Interventional(forest, matrix, bm, weights, threads);
            baseValues = new double[forest.Outputs];
            var buffer = new double[forest.Outputs];
            for (var i = 0; i < bm.Rows; i++)
            {
                Array.Clear(buffer);
                forest.Predict(bm.Row(i), buffer);
                for (var k = 0; k < buffer.Length; k++) baseValues[k] += buffer[k] / bm.Rows;
            }
            method = "tree_interventional";
        }
        var output = view.Output(data);
        var keep = view.Keep;
        return new ShapExplanation
        {
            Method = method,
            OutputSpace = space,
            FeatureNames = model.Signature.InputNames.ToArray(),
            OutputNames = keep.Select(k => view.OutputNames[k]).ToArray(),
            BaseValues = keep.Select(k => baseValues[k]).ToArray(),
            Values = keep.Select(k => values[k]).ToArray(),
            ModelOutput = output,
            Rows = rowList.ToArray(),
            FeatureValues = ShapExplanation.NumericValues(data, model.Signature.InputNames),
        };
    }

    private static AugurException Unsupported(IModel model) =>
        new($"tree SHAP explains Augur's decision trees, forests and gradient-boosting models, not {model.Kind}; use kernel SHAP");
}

/// <summary>A tree model as the explainers see it.</summary>
internal sealed record TreeView(ShapForest Forest, Func<Frame, Matrix> Features, Func<Frame, Matrix> Output, string[] OutputNames, int[] Keep, OutputSpace Space);

/// <summary>Recognises the tree models and builds their explainer views.</summary>
internal static partial class TreeModels
{
    public static bool IsTreeModel(IModel model) => model is IGradientBoostingModel || IsOwnTreeModel(model);

    /// <summary>Augur's own trees and forests (not boosting): what the recursion method of partial dependence walks.</summary>
    public static bool IsOwnTreeModel(IModel model)
    {
        TreeView? view = null;
        OwnView(model, ref view);
        return view is not null;
    }

    /// <summary>Views of fitted models, kept as long as the model lives (models are immutable; building a view parses or flattens every tree).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IModel, TreeView> s_views = new();

    public static TreeView View(IModel model) => s_views.GetValue(model, BuildView);

    private static TreeView BuildView(IModel model)
    {
        if (model is IGradientBoostingModel g)
        {
            var forest = LightGbmTrees.Parse(g.LightGbmModelText);
            if (forest.Features != g.Signature.Inputs.Count)
                throw new AugurException($"the LightGBM model reads {forest.Features} features but its signature lists {g.Signature.Inputs.Count}");
            string[] names = g switch
            {
                IClassifier c when forest.Outputs == 1 => [c.Classes.Names[^1]],
                IClassifier c => c.Classes.Names.ToArray(),
                IRegressor => ["value"],
                _ => forest.Outputs == 1 ? ["score"] : Enumerable.Range(0, forest.Outputs).Select(k => $"score_{k}").ToArray(),
            };
            if (names.Length != forest.Outputs) throw new AugurException("the LightGBM model's outputs do not match its classes");
            // Regression objectives without a link predict the raw score itself: their scale is the value.
            var space = g is IRegressor && IdentityObjective(g.LightGbmModelText) ? OutputSpace.Value : OutputSpace.Margin;
            return new TreeView(forest, x => BoostingFeatures(g, x), g.PredictRaw, names, Enumerable.Range(0, forest.Outputs).ToArray(), space);
        }
        TreeView? view = null;
        OwnView(model, ref view);
        return view ?? throw new AugurException($"{model.Kind} is not a tree model");
    }

    /// <summary>True when the model text's objective predicts its raw score unchanged (L2, L1, Huber, Fair, quantile, MAPE).</summary>
    private static bool IdentityObjective(string modelText)
    {
        foreach (var line in modelText.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith("objective=", StringComparison.Ordinal)) continue;
            var name = line["objective=".Length..].Trim();
            var space = name.IndexOf(' ');
            if (space >= 0) name = name[..space];
            return name is "regression" or "regression_l1" or "huber" or "fair" or "quantile" or "mape";
        }
        return false;
    }

    /// <summary>Augur's decision trees and forests add their views here.</summary>
    static partial void OwnView(IModel model, ref TreeView? view);

    /// <summary>The dense feature matrix LightGBM reads for these rows (categories as their training positions, NaN for missing).</summary>
    public static Matrix BoostingFeatures(IGradientBoostingModel model, Frame x)
    {
        var encoded = FeatureCodec.FromSignature(model.Signature).Encode(x, model.Kind);
        return encoded.Dense is { } dense ? new Matrix(encoded.Rows, encoded.Cols, dense) : encoded.Sparse!.ToDense();
    }
}
