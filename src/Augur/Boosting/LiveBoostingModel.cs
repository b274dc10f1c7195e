using Augur.Boosting.Native;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Boosting;

/// <summary>
/// A booster straight out of training, predicting through LightGBM's own predictor, for models that are scored once and
/// thrown away (the fold models of a search): it skips writing the model text, loading it back and compiling the managed
/// evaluator. Its predictions are the saved model's (the text holds every threshold and leaf value exactly). The
/// booster still holds its training state, so whoever fits one disposes it; <see cref="Save"/> writes the model a
/// normal fit would have made.
/// </summary>
internal abstract class LiveBoostingModel : IPredictor, IDisposable
{
    private readonly TrainingResult _result;
    private readonly int _threads;

    private protected LiveBoostingModel(TrainingResult result, FeatureCodec codec, int threads, string consumer)
    {
        _result = result;
        Codec = codec;
        _threads = threads;
        Consumer = consumer;
    }

    private protected FeatureCodec Codec { get; }
    private protected string Consumer { get; }

    /// <summary>How training went.</summary>
    public BoostingHistory History => _result.History;

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public ModelSignature Signature => Codec.Signature;

    /// <inheritdoc />
    public ModelTask Task => Signature.Task;

    /// <inheritdoc />
    public abstract Column Predict(Frame x);

    /// <summary>The objective's predictions, row-major: rows × outputs.</summary>
    private protected double[] PredictNormal(Frame x, out int rows, out int perRow)
    {
        var features = Codec.Encode(x, Consumer);
        rows = features.Rows;
        perRow = _result.Booster.OutputsPerRow(LightGbmApi.PredictNormal);
        var output = new double[checked(rows * perRow)];
        if (features.Sparse is { } csr) _result.Booster.PredictCsr(csr, LightGbmApi.PredictNormal, output, _threads);
        else _result.Booster.PredictDense(features.Dense, rows, features.Cols, LightGbmApi.PredictNormal, output, _threads);
        return output;
    }

    /// <summary>The model a normal fit makes from this booster: its text, loaded back.</summary>
    private protected BoosterCore Materialize()
    {
        var text = _result.Booster.SaveModelToString();
        return new BoosterCore(LightGbmBooster.FromModelText(text, trusted: true), text, Codec, _result.History, _threads);
    }

    /// <inheritdoc />
    public abstract void Save(ModelWriter writer);

    /// <summary>Frees the booster and its training state.</summary>
    public void Dispose()
    {
        _result.Booster.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A live <see cref="GradientBoostingClassifier"/> booster (see <see cref="LiveBoostingModel"/>).</summary>
internal sealed class LiveBoostingClassifier(TrainingResult result, FeatureCodec codec, ClassLabels classes, GradientBoostingClassifier options)
    : LiveBoostingModel(result, codec, options.NThreads, "GradientBoostingClassifier"), IClassifier
{
    /// <inheritdoc />
    public override string Kind => GradientBoostingClassifierModel.KindName;

    /// <inheritdoc />
    public ClassLabels Classes => classes;

    /// <inheritdoc />
    public Matrix PredictProba(Frame x)
    {
        var values = PredictNormal(x, out var rows, out var per);
        return GradientBoostingClassifier.Probabilities(values, rows, per);
    }

    /// <inheritdoc />
    public override Column Predict(Frame x) => GradientBoostingClassifier.MostProbable(classes, PredictProba(x));

    /// <inheritdoc />
    public override void Save(ModelWriter writer) => new GradientBoostingClassifierModel(Materialize(), classes, options).Save(writer);
}

/// <summary>A live <see cref="GradientBoostingRegressor"/> booster (see <see cref="LiveBoostingModel"/>).</summary>
internal sealed class LiveBoostingRegressor(TrainingResult result, FeatureCodec codec, GradientBoostingRegressor options)
    : LiveBoostingModel(result, codec, options.NThreads, "GradientBoostingRegressor"), IRegressor
{
    /// <inheritdoc />
    public override string Kind => GradientBoostingRegressorModel.KindName;

    /// <inheritdoc />
    public double[] PredictValues(Frame x) => PredictNormal(x, out _, out _);

    /// <inheritdoc />
    public override Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    /// <inheritdoc />
    public override void Save(ModelWriter writer) => new GradientBoostingRegressorModel(Materialize(), options).Save(writer);
}
