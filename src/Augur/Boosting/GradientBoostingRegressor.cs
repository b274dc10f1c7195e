using Augur.Boosting.Native;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;
using P = System.Collections.Generic.KeyValuePair<string, string>;

namespace Augur.Boosting;

/// <summary>The loss a <see cref="GradientBoostingRegressor"/> minimises (LightGBM's regression objectives).</summary>
public enum RegressionObjective
{
    /// <summary>Squared error (<c>regression</c>).</summary>
    L2,
    /// <summary>Absolute error (<c>regression_l1</c>): predicts the conditional median.</summary>
    L1,
    /// <summary>Huber loss (<c>huber</c>): squared below <see cref="GradientBoostingRegressor.Alpha"/>, absolute above.</summary>
    Huber,
    /// <summary>Pinball loss (<c>quantile</c>): predicts the <see cref="GradientBoostingRegressor.Alpha"/> quantile.</summary>
    Quantile,
    /// <summary>Poisson deviance with a log link (<c>poisson</c>), for counts; the target must not be negative.</summary>
    Poisson,
    /// <summary>Tweedie deviance with a log link (<c>tweedie</c>); see <see cref="GradientBoostingRegressor.TweedieVariancePower"/>.</summary>
    Tweedie,
}

/// <summary>
/// Gradient-boosted trees for regression on LightGBM, with squared, absolute, Huber, quantile, Poisson or Tweedie loss.
/// Options follow LightGBM's scikit-learn interface (<c>LGBMRegressor</c>).
/// </summary>
public sealed record GradientBoostingRegressor : GradientBoostingOptions, IEstimator<GradientBoostingRegressorModel>
{
    private const string Name = "GradientBoostingRegressor";

    /// <summary>The loss to minimise.</summary>
    public RegressionObjective Objective { get; init; } = RegressionObjective.L2;

    /// <summary>Huber's threshold, or the quantile to predict with the quantile loss (LightGBM <c>alpha</c>).</summary>
    public double Alpha { get; init; } = 0.9;

    /// <summary>Tweedie variance power, between 1 (Poisson) and 2 (gamma) (LightGBM <c>tweedie_variance_power</c>).</summary>
    public double TweedieVariancePower { get; init; } = 1.5;

    /// <summary>
    /// A random forest on LightGBM (<c>boosting_type=rf</c>): every tree sees 63.2% of the rows (a fresh draw each
    /// iteration) and 80% of the features, and grows deep (up to 255 leaves of at least 5 rows).
    /// </summary>
    public static GradientBoostingRegressor RandomForest() =>
        new() { BoostingType = BoostingType.Rf, Subsample = 0.632, SubsampleFreq = 1, ColsampleBytree = 0.8, NumLeaves = 255, MinChildSamples = 5 };

    /// <inheritdoc />
    public GradientBoostingRegressorModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null) =>
        Fit(x, y, (EvalSet?)null, sampleWeight);

    /// <summary>Fits with a validation set (for early stopping and the evaluation history).</summary>
    public GradientBoostingRegressorModel Fit(Frame x, Column y, Frame evalX, Column evalY, double[]? sampleWeight = null) =>
        Fit(x, y, new EvalSet(evalX, evalY), sampleWeight);

    /// <summary>
    /// Fits, optionally watching a validation set and reporting every iteration to <paramref name="monitor"/> (which may
    /// stop training). With <see cref="GradientBoostingOptions.EarlyStoppingRounds"/> the model keeps its best iteration.
    /// </summary>
    public GradientBoostingRegressorModel Fit(Frame x, Column? y, EvalSet? evalSet, double[]? sampleWeight = null, BoostingMonitor? monitor = null) =>
        Fit(x, y, evalSet, sampleWeight, monitor, null);

    /// <summary>As the public overload, taking the binned datasets from <paramref name="reuse"/>'s cache when given.</summary>
    internal GradientBoostingRegressorModel Fit(Frame x, Column? y, EvalSet? evalSet, double[]? sampleWeight, BoostingMonitor? monitor, BoostingReuse? reuse)
    {
        var (result, codec) = Train(x, y, evalSet, sampleWeight, monitor, reuse, live: false);
        var core = new BoosterCore(result.Booster, result.ModelText!, codec, result.History, NThreads);
        return new GradientBoostingRegressorModel(core, this);
    }

    /// <summary>Fits a model that a search scores once and disposes: the booster that trained, predicting through LightGBM.</summary>
    internal LiveBoostingRegressor FitLive(Frame x, Column? y, EvalSet? evalSet, double[]? sampleWeight, BoostingMonitor? monitor, BoostingReuse? reuse)
    {
        var (result, codec) = Train(x, y, evalSet, sampleWeight, monitor, reuse, live: true);
        return new LiveBoostingRegressor(result, codec, this);
    }

    private (TrainingResult Result, FeatureCodec Codec) Train(Frame x, Column? y, EvalSet? evalSet, double[]? sampleWeight,
        BoostingMonitor? monitor, BoostingReuse? reuse, bool live)
    {
        ArgumentNullException.ThrowIfNull(x);
        var target = ModelInputs.RegressionTarget(y, x.RowCount, Name);
        CheckTarget(target, y!.Name);
        var weights = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var codec = FeatureCodec.FromTraining(x, ModelTask.Regression, y, null, Name);
        var train = new BoostingData(codec.Encode(x, Name), GradientBoostingClassifier.ToFloat(target), GradientBoostingClassifier.ToFloat(weights), null, weights);
        BoostingData? valid = null;
        if (evalSet is not null)
        {
            var evalTarget = ModelInputs.RegressionTarget(evalSet.Y, evalSet.X.RowCount, Name);
            var evalWeights = ModelInputs.CheckSampleWeight(evalSet.SampleWeight, evalSet.X.RowCount);
            valid = new BoostingData(codec.Encode(evalSet.X, Name), GradientBoostingClassifier.ToFloat(evalTarget), GradientBoostingClassifier.ToFloat(evalWeights), null, evalWeights);
        }
        var result = BoostingTrainer.Train(this, codec, new ObjectiveSpec(ObjectiveParameters()), train, valid, monitor, Name, reuse, live);
        return (result, codec);
    }

    private void CheckTarget(double[] target, string column)
    {
        if (Objective is RegressionObjective.Poisson or RegressionObjective.Tweedie)
            for (var i = 0; i < target.Length; i++)
                if (target[i] < 0)
                    throw new AugurException($"{Name} with objective '{EstimatorParameters.FormatValue(Objective)}' needs a non-negative target, but '{column}' holds {target[i]} at row {i}");
    }

    private List<P> ObjectiveParameters()
    {
        string F(double v) => LightGbmParameters.Format(v);
        return Objective switch
        {
            RegressionObjective.L2 => [new("objective", "regression")],
            RegressionObjective.L1 => [new("objective", "regression_l1")],
            RegressionObjective.Huber => [new("objective", "huber"), new("alpha", F(Alpha))],
            RegressionObjective.Quantile => [new("objective", "quantile"), new("alpha", F(Alpha))],
            RegressionObjective.Poisson => [new("objective", "poisson")],
            RegressionObjective.Tweedie => [new("objective", "tweedie"), new("tweedie_variance_power", F(TweedieVariancePower))],
            _ => throw new AugurException($"{Name} option 'objective' has an unknown value {Objective}"),
        };
    }
}

/// <summary>A fitted <see cref="GradientBoostingRegressor"/> (or a LightGBM regressor imported from a model file).</summary>
public sealed class GradientBoostingRegressorModel : GradientBoostingModel, IRegressor
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "gbdt_regressor";

    internal GradientBoostingRegressorModel(BoosterCore core, GradientBoostingRegressor? options) : base("GradientBoostingRegressor", core)
    {
        if (core.Outputs != 1) throw new AugurException($"the LightGBM model has {core.Outputs} outputs per row; a regressor has one");
        Options = options;
    }

    /// <summary>The options the model was fitted with; null for a model imported from LightGBM.</summary>
    public GradientBoostingRegressor? Options { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override ModelTask Task => ModelTask.Regression;

    /// <inheritdoc />
    public double[] PredictValues(Frame x) => Core.Predict(x, LightGbmApi.PredictNormal, Name, out _, out _);

    /// <inheritdoc />
    public override Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    /// <inheritdoc />
    public override void Save(ModelWriter writer) => Core.Save(writer, Options);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static GradientBoostingRegressorModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var (options, core) = BoosterCore.LoadWithOptions<GradientBoostingRegressor>(reader);
        reader.Require(core.Codec.Signature.Task == ModelTask.Regression, "signature", "a regressor's signature must describe regression");
        reader.Require(core.Outputs == 1, "lightgbm_model", "a regressor's LightGBM model must have one output per row");
        return new GradientBoostingRegressorModel(core, options);
    }
}
