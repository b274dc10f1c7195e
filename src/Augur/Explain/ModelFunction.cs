using Augur.Data;
using Augur.Numerics;
using Augur.Pipelines;

namespace Augur.Explain;

/// <summary>
/// A model seen as a function from frames to a rows × outputs matrix on one output space, for the model-agnostic
/// explainers. <see cref="Evaluate"/> gives the values that are averaged over a background; <see cref="Logit"/> says
/// whether the log-odds link is applied after averaging.
/// </summary>
internal sealed class ModelFunction
{
    private readonly Func<Frame, Matrix> _evaluate;

    private ModelFunction(OutputSpace space, string[] outputNames, Func<Frame, Matrix> evaluate, bool logit)
    {
        Space = space;
        OutputNames = outputNames;
        _evaluate = evaluate;
        Logit = logit;
    }

    public OutputSpace Space { get; }
    public string[] OutputNames { get; }
    public int Outputs => OutputNames.Length;
    public bool Logit { get; }

    /// <summary>The model's output before the link (probabilities when the link is the log-odds).</summary>
    public Matrix Evaluate(Frame x)
    {
        var m = _evaluate(x);
        if (m.Rows != x.RowCount || m.Cols != Outputs)
            throw new InvalidOperationException($"the model returned {m.Rows}×{m.Cols} outputs for {x.RowCount} rows, expected {Outputs} per row");
        return m;
    }

    /// <summary>Applies the link to one averaged value.</summary>
    public double Link(double v) => Logit ? LogOdds(v) : v;

    /// <summary>The model's output with the link applied.</summary>
    public Matrix Output(Frame x)
    {
        var m = Evaluate(x);
        if (Logit)
            for (var i = 0; i < m.Data.Length; i++) m.Data[i] = LogOdds(m.Data[i]);
        return m;
    }

    /// <summary>log(p / (1 − p)), with p clipped to [1e−15, 1 − 1e−15] so that certain predictions stay finite.</summary>
    public static double LogOdds(double p)
    {
        p = Math.Clamp(p, 1e-15, 1 - 1e-15);
        return Math.Log(p / (1 - p));
    }

    /// <summary>The default output space of a model: probabilities for classifiers, values for regressors.</summary>
    public static OutputSpace DefaultSpace(IPredictor model) => model switch
    {
        IClassifier => OutputSpace.Probability,
        IRegressor => OutputSpace.Value,
        _ => throw new AugurException($"{model.Kind} models cannot be explained: only classifiers and regressors can"),
    };

    /// <summary>Builds the function for <paramref name="model"/> on <paramref name="space"/> (its default when null).</summary>
    public static ModelFunction Create(IPredictor model, OutputSpace? space, string consumer)
    {
        ArgumentNullException.ThrowIfNull(model);
        var s = space ?? DefaultSpace(model);
        switch (model, s)
        {
            case (IClassifier c, OutputSpace.Probability):
                return new ModelFunction(s, c.Classes.Names.ToArray(), c.PredictProba, false);
            case (IClassifier c, OutputSpace.LogOdds):
                return new ModelFunction(s, c.Classes.Names.ToArray(), c.PredictProba, true);
            case (IRegressor r, OutputSpace.Value):
                return new ModelFunction(s, ["value"], x => new Matrix(x.RowCount, 1, r.PredictValues(x)), false);
            case (_, OutputSpace.Margin):
                if (Margins.TryCreate(model) is { } margin)
                    return new ModelFunction(s, margin.OutputNames, margin.Evaluate, false);
                throw new AugurException($"{consumer}: {model.Kind} models have no raw margin to explain; use the probability or log_odds output space");
            default:
                throw new AugurException($"{consumer}: {(model is IClassifier ? "classifiers" : "regressors")} cannot be explained on the {s.ToName()} scale; " +
                    (model is IClassifier ? "use probability, log_odds or margin" : "use value"));
        }
    }
}

/// <summary>A model's raw margin (decision function) as a function of its input frame.</summary>
internal sealed record MarginFunction(string[] OutputNames, Func<Frame, Matrix> Evaluate);

/// <summary>Finds the raw margin of the model kinds that have one (through pipelines).</summary>
internal static partial class Margins
{
    public static MarginFunction? TryCreate(IModel model)
    {
        if (model is PipelineModel p && TryCreate(p.Final) is { } inner)
            return new MarginFunction(inner.OutputNames, x => inner.Evaluate(p.TransformFeatures(x)));
        MarginFunction? found = null;
        TryCreateSpecific(model, ref found);
        return found;
    }

    /// <summary>Model families with a margin add their case here (linear models, boosted trees).</summary>
    static partial void TryCreateSpecific(IModel model, ref MarginFunction? found);
}
