using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Pipelines;

/// <summary>
/// A fitted <see cref="Pipeline"/>: fitted transformers followed by a fitted final model. Its concrete type follows
/// the final model: when that is a classifier the pipeline is an <see cref="IClassifier"/>, when it is a regressor an
/// <see cref="IRegressor"/>, when it is a transformer an <see cref="ITransformerModel"/>.
/// </summary>
public abstract class PipelineModel : IModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "pipeline";

    private protected PipelineModel(IReadOnlyList<IModel> steps)
    {
        Steps = steps;
        Transformers = steps.Take(steps.Count - 1).Cast<ITransformerModel>().ToArray();
        Final = steps[^1];
        var first = steps[0].Signature;
        var last = Final.Signature;
        Signature = new ModelSignature { Inputs = first.Inputs, Task = last.Task, Target = last.Target ?? first.Target, Classes = last.Classes };
    }

    /// <summary>Builds the pipeline model of the right shape for its final step.</summary>
    public static PipelineModel Create(IReadOnlyList<IModel> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0) throw new ArgumentException("a pipeline needs at least one step", nameof(steps));
        for (var i = 0; i < steps.Count - 1; i++)
            if (steps[i] is not ITransformerModel)
                throw new ArgumentException($"pipeline step {i + 1} ({steps[i].Kind}) is not a transformer");
        return steps[^1] switch
        {
            IClassifier => new ClassifierPipelineModel(steps),
            IRegressor => new RegressorPipelineModel(steps),
            IPredictor => new PredictorPipelineModel(steps),
            ITransformerModel => new TransformerPipelineModel(steps),
            _ => throw new ArgumentException($"the last pipeline step ({steps[^1].Kind}) neither predicts nor transforms"),
        };
    }

    /// <summary>Every fitted step, in order.</summary>
    public IReadOnlyList<IModel> Steps { get; }

    /// <summary>The fitted transformers (all steps but the last).</summary>
    public IReadOnlyList<ITransformerModel> Transformers { get; }

    /// <summary>The fitted final step.</summary>
    public IModel Final { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <summary>Applies the fitted transformers (not the final step) to <paramref name="x"/>: what the final step sees.</summary>
    public Frame TransformFeatures(Frame x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var current = x;
        foreach (var t in Transformers) current = t.Transform(current);
        return current;
    }

    /// <summary>The names of the features the final step sees.</summary>
    public IReadOnlyList<string> FinalFeatureNames =>
        Transformers.Count == 0 ? Signature.InputNames : Transformers[^1].FeatureNamesOut;

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("steps", Steps);
    }

    /// <summary>Rebuilds a pipeline model from a model file.</summary>
    public static PipelineModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var steps = reader.ReadModels("steps");
        reader.Require(steps.Count > 0, "steps", "a pipeline has no steps");
        for (var i = 0; i < steps.Count - 1; i++)
            reader.Require(steps[i] is ITransformerModel, "steps", $"step {i + 1} is not a transformer");
        return Create(steps);
    }

    /// <inheritdoc />
    public override string ToString() => $"PipelineModel({string.Join(" → ", Steps.Select(s => s.Kind))})";
}

/// <summary>A fitted pipeline ending in a classifier.</summary>
public sealed class ClassifierPipelineModel : PipelineModel, IClassifier
{
    internal ClassifierPipelineModel(IReadOnlyList<IModel> steps) : base(steps) { }

    private IClassifier Classifier => (IClassifier)Final;

    /// <inheritdoc />
    public ModelTask Task => Classifier.Task;

    /// <inheritdoc />
    public ClassLabels Classes => Classifier.Classes;

    /// <inheritdoc />
    public Column Predict(Frame x) => Classifier.Predict(TransformFeatures(x));

    /// <inheritdoc />
    public Matrix PredictProba(Frame x) => Classifier.PredictProba(TransformFeatures(x));
}

/// <summary>A fitted pipeline ending in a regressor.</summary>
public sealed class RegressorPipelineModel : PipelineModel, IRegressor
{
    internal RegressorPipelineModel(IReadOnlyList<IModel> steps) : base(steps) { }

    private IRegressor Regressor => (IRegressor)Final;

    /// <inheritdoc />
    public ModelTask Task => Regressor.Task;

    /// <inheritdoc />
    public Column Predict(Frame x) => Regressor.Predict(TransformFeatures(x));

    /// <inheritdoc />
    public double[] PredictValues(Frame x) => Regressor.PredictValues(TransformFeatures(x));
}

/// <summary>A fitted pipeline ending in another kind of predictor (a clusterer or a ranker).</summary>
public sealed class PredictorPipelineModel : PipelineModel, IPredictor
{
    internal PredictorPipelineModel(IReadOnlyList<IModel> steps) : base(steps) { }

    /// <inheritdoc />
    public ModelTask Task => ((IPredictor)Final).Task;

    /// <inheritdoc />
    public Column Predict(Frame x) => ((IPredictor)Final).Predict(TransformFeatures(x));
}

/// <summary>A fitted pipeline made only of transformers.</summary>
public sealed class TransformerPipelineModel : PipelineModel, ITransformerModel
{
    internal TransformerPipelineModel(IReadOnlyList<IModel> steps) : base(steps) { }

    /// <inheritdoc />
    public Frame Transform(Frame x) => ((ITransformerModel)Final).Transform(TransformFeatures(x));

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut => ((ITransformerModel)Final).FeatureNamesOut;
}
