using Augur.Data;
using Augur.Linear;
using Augur.Numerics;
using Augur.Pipelines;

namespace Augur.Explain;

/// <summary>
/// Interventional linear SHAP: for a model whose score is affine in its features, <c>score_k(x) = Σ_j W[k, j]·x_j + b_k</c>,
/// the exact Shapley values of <c>E_r[score_k(x_S, r_S̄)]</c> over a background are <c>φ_kj = W[k, j]·(x_j − E[r_j])</c>,
/// and the base value is the score of the background mean. Explains the margin (decision function) of linear
/// classifiers and the value of linear regressors; probabilities are not affine in the features, so use
/// <see cref="KernelShap"/> for them. Pipelines ending in a linear model are explained on the transformed features and
/// folded back into the input columns unless <see cref="KeepTransformedFeatures"/> is set.
/// </summary>
public sealed record LinearShap
{
    /// <summary>For pipelines: report the transformed features instead of folding them into the input columns.</summary>
    public bool KeepTransformedFeatures { get; init; }

    /// <summary>The scale: null (or <see cref="OutputSpace.Margin"/>) means the margin of classifiers and the value of regressors.</summary>
    public OutputSpace? OutputSpace { get; init; }

    /// <summary>True when linear SHAP can explain <paramref name="model"/> (directly or as a pipeline's final step).</summary>
    public static bool Supports(IModel model) => (model is PipelineModel p ? p.Final : model) is ILinearModel and (IClassifier or IRegressor);

    /// <summary>
    /// Explains <paramref name="rows"/> of <paramref name="x"/> (all rows when null) against the mean of every row of
    /// <paramref name="background"/> (missing values are not allowed, as in the model itself).
    /// </summary>
    public ShapExplanation Explain(IPredictor model, Frame background, Frame x, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(x);
        if (model is PipelineModel pipeline)
        {
            if (!Supports(pipeline.Final)) throw Unsupported(pipeline.Final);
            return Explainers.ThroughPipeline(pipeline, background, x, rows, KeepTransformedFeatures, (final, tb, tx, r) => Explain(final, tb, tx, r));
        }
        if (model is not ILinearModel linear || !Supports(model)) throw Unsupported(model);
        var space = CheckSpace(model, OutputSpace);
        var rowList = Explainers.ResolveRows(rows, x.RowCount, "LinearShap");
        var data = FrameMixer.Inputs(model, x, "LinearShap").Take(rowList.ToArray());
        if (background.RowCount == 0) throw new AugurException("the background data has no rows");
        var features = LinearFeatures.ForPredict(model.Signature, data, "LinearShap").ToDense();
        var mean = ColumnMeans(LinearFeatures.ForPredict(model.Signature, FrameMixer.Inputs(model, background, "LinearShap"), "LinearShap"));
        var w = linear.CoefficientMatrix;
        var b = linear.Intercepts;
        var p = w.Features;
        var values = new Matrix[w.Outputs];
        var baseValues = new double[w.Outputs];
        var output = new Matrix(features.Rows, w.Outputs);
        for (var k = 0; k < w.Outputs; k++)
        {
            var wk = w.Row(k);
            var baseValue = b[k];
            for (var j = 0; j < p; j++) baseValue += wk[j] * mean[j];
            baseValues[k] = baseValue;
            var phi = new Matrix(features.Rows, p);
            for (var i = 0; i < features.Rows; i++)
            {
                var xi = features.Row(i);
                var pi = phi.Row(i);
                var score = b[k];
                for (var j = 0; j < p; j++)
                {
                    pi[j] = wk[j] * (xi[j] - mean[j]);
                    score += wk[j] * xi[j];
                }
                output[i, k] = score;
            }
            values[k] = phi;
        }
        return new ShapExplanation
        {
            Method = "linear",
            OutputSpace = space,
            FeatureNames = model.Signature.InputNames.ToArray(),
            OutputNames = OutputNames(model, w.Outputs),
            BaseValues = baseValues,
            Values = values,
            ModelOutput = output,
            Rows = rowList.ToArray(),
            FeatureValues = ShapExplanation.NumericValues(data, model.Signature.InputNames),
        };
    }

    /// <summary>The names of a linear model's scores: the class for a single binary score, each class, or <c>value</c>.</summary>
    internal static string[] OutputNames(IModel model, int outputs) => model switch
    {
        IClassifier c when outputs == 1 => [c.Classes.Names[^1]],
        IClassifier c when outputs == c.Classes.Count => c.Classes.Names.ToArray(),
        IRegressor when outputs == 1 => ["value"],
        _ => Enumerable.Range(0, outputs).Select(k => $"score_{k}").ToArray(),
    };

    /// <summary>The raw scores <c>W·x + b</c> of a linear model (rows × outputs).</summary>
    internal static Matrix Scores(ILinearModel model, Frame x)
    {
        var features = LinearFeatures.ForPredict(model.Signature, x, model.Kind);
        var w = model.CoefficientMatrix;
        return LinearMath.Scores(features, w.Data, model.Intercepts.ToArray(), w.Outputs);
    }

    private static OutputSpace CheckSpace(IPredictor model, OutputSpace? requested)
    {
        var natural = model is IClassifier ? Augur.Explain.OutputSpace.Margin : Augur.Explain.OutputSpace.Value;
        var space = requested ?? natural;
        if (space == natural || (model is IRegressor && space == Augur.Explain.OutputSpace.Margin)) return natural;
        throw new AugurException($"linear SHAP explains {model.Kind} models on the {natural.ToName()} scale, not {space.ToName()}; " +
            "probabilities are not linear in the features, so use kernel SHAP for them");
    }

    private static double[] ColumnMeans(LinearFeatures features)
    {
        var mean = new double[features.Cols];
        if (features.Sparse is { } s)
        {
            for (var i = 0; i < s.Rows; i++)
                for (var t = s.RowPointers[i]; t < s.RowPointers[i + 1]; t++) mean[s.ColumnIndices[t]] += s.Values[t];
        }
        else
        {
            var d = features.Dense!;
            for (var i = 0; i < d.Rows; i++)
            {
                var r = d.Row(i);
                for (var j = 0; j < r.Length; j++) mean[j] += r[j];
            }
        }
        for (var j = 0; j < mean.Length; j++) mean[j] /= features.Rows;
        return mean;
    }

    private static AugurException Unsupported(IModel model) =>
        new($"linear SHAP explains linear classifiers and regressors (logistic, ridge, lasso, SGD, linear SVC …), not {model.Kind}; use kernel SHAP");
}

public static partial class Explainers
{
    static partial void ChooseLinear(IModel model, ref ShapAlgorithm choice)
    {
        if (LinearShap.Supports(model)) choice = ShapAlgorithm.Linear;
    }

    static partial void ExplainLinear(IPredictor model, Frame background, Frame x, IReadOnlyList<int>? rows, ShapOptions options, ref ShapExplanation? result)
    {
        if (!LinearShap.Supports(model)) return;
        result = new LinearShap { KeepTransformedFeatures = options.KeepTransformedFeatures, OutputSpace = options.OutputSpace }.Explain(model, background, x, rows);
    }
}

internal static partial class Margins
{
    static partial void TryLinear(IModel model, ref MarginFunction? found)
    {
        if (model is ILinearModel linear and IClassifier)
            found = new MarginFunction(LinearShap.OutputNames(model, linear.CoefficientMatrix.Outputs), x => LinearShap.Scores(linear, x));
    }
}
