using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Linear;

/// <summary>The losses of <see cref="SgdClassifier"/>.</summary>
public enum SgdClassifierLoss
{
    /// <summary>max(0, 1 − y·f): a linear SVM.</summary>
    Hinge,
    /// <summary>log(1 + exp(−y·f)): logistic regression (probabilistic).</summary>
    LogLoss,
    /// <summary>A smoothed hinge, quadratic for y·f ∈ [−1, 1] (gives probability estimates).</summary>
    ModifiedHuber,
    /// <summary>max(0, 1 − y·f)².</summary>
    SquaredHinge,
    /// <summary>max(0, −y·f): the perceptron.</summary>
    Perceptron,
}

/// <summary>The losses of <see cref="SgdRegressor"/>.</summary>
public enum SgdRegressorLoss
{
    /// <summary>½(f − y)².</summary>
    SquaredError,
    /// <summary>Squared within epsilon, linear beyond.</summary>
    Huber,
    /// <summary>max(0, |y − f| − ε): linear SVR.</summary>
    EpsilonInsensitive,
    /// <summary>max(0, |y − f| − ε)².</summary>
    SquaredEpsilonInsensitive,
}

/// <summary>
/// Linear classifiers trained by stochastic gradient descent (scikit-learn's <c>SGDClassifier</c>): hinge, log, modified
/// Huber, squared hinge or perceptron loss with an L2, L1 or elastic-net penalty; one-vs-all for more than two classes
/// (each binary problem with its own derived seed). Fast on large sparse data: a step costs O(non-zeros of the row).
/// </summary>
public sealed record SgdClassifier : IEstimator<SgdClassifierModel>
{
    /// <summary>The loss.</summary>
    public SgdClassifierLoss Loss { get; init; } = SgdClassifierLoss.Hinge;

    /// <summary>The penalty.</summary>
    public SgdPenalty Penalty { get; init; } = SgdPenalty.L2;

    /// <summary>The penalty strength α (&gt; 0 with the optimal learning rate).</summary>
    public double Alpha { get; init; } = 1e-4;

    /// <summary>The elastic-net mixing ρ ∈ [0, 1].</summary>
    public double L1Ratio { get; init; } = 0.15;

    /// <summary>Whether to fit an intercept.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>The maximum number of epochs.</summary>
    public int MaxIter { get; init; } = 1000;

    /// <summary>Stop when an epoch does not improve the loss (or validation score) by tol for n_iter_no_change epochs; null never stops early.</summary>
    public double? Tol { get; init; } = 1e-3;

    /// <summary>Whether to shuffle the rows every epoch (seeded).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of shuffling and of the validation split.</summary>
    public int RandomState { get; init; }

    /// <summary>The learning-rate schedule.</summary>
    public SgdLearningRate LearningRate { get; init; } = SgdLearningRate.Optimal;

    /// <summary>The initial learning rate of the constant, invscaling and adaptive schedules.</summary>
    public double Eta0 { get; init; }

    /// <summary>The exponent of the invscaling schedule.</summary>
    public double PowerT { get; init; } = 0.5;

    /// <summary>Hold out <see cref="ValidationFraction"/> of the rows and stop on their accuracy instead of the training loss.</summary>
    public bool EarlyStopping { get; init; }

    /// <summary>The held-out fraction for early stopping.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>The epochs without improvement tolerated before stopping.</summary>
    public int NIterNoChange { get; init; } = 5;

    /// <summary>Per-class weights (null: every class weighs 1).</summary>
    public ClassWeight? ClassWeight { get; init; }

    /// <summary>Averaged SGD: 0 off, 1 average every step, k &gt; 1 start averaging after k samples.</summary>
    public int Average { get; init; }

    /// <inheritdoc />
    public SgdClassifierModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = "SgdClassifier";
        SgdChecks.Check(Alpha, L1Ratio, MaxIter, Tol, LearningRate, Eta0, ValidationFraction, NIterNoChange, Average, name);
        var (features, classes, encoded, w, signature) = ClassifierState.Prepare(x, y, sampleWeight, ClassWeight, name, allowSparse: true);
        var n = features.Rows;
        var p = features.Cols;
        var lossKind = Loss switch
        {
            SgdClassifierLoss.Hinge => SgdLossKind.Hinge,
            SgdClassifierLoss.LogLoss => SgdLossKind.Log,
            SgdClassifierLoss.ModifiedHuber => SgdLossKind.ModifiedHuber,
            SgdClassifierLoss.SquaredHinge => SgdLossKind.SquaredHinge,
            _ => SgdLossKind.Perceptron,
        };
        var settings = new SgdSettings(new SgdLoss(lossKind, 0), Penalty, Alpha, L1Ratio, FitIntercept, MaxIter, Tol, Shuffle, LearningRate, Eta0, PowerT,
            EarlyStopping, ValidationFraction, NIterNoChange, Average, Classification: true);
        var weights = w ?? Enumerable.Repeat(1.0, n).ToArray();
        var problems = classes.Count == 2 ? 1 : classes.Count;
        var coef = new double[problems * p];
        var intercepts = new double[problems];
        var epochs = new int[problems];
        void Problem(int c)
        {
            var pos = problems == 1 ? 1 : c;
            var yb = new double[n];
            var strat = new int[n];
            for (var i = 0; i < n; i++)
            {
                yb[i] = encoded[i] == pos ? 1 : -1;
                strat[i] = encoded[i] == pos ? 1 : 0;
            }
            var (wv, b, it) = SgdEngine.Fit(features, yb, weights, settings, Rng.Derive(RandomState, c), strat);
            wv.CopyTo(coef, c * p);
            intercepts[c] = b;
            epochs[c] = it;
        }
        if (problems > 1 && (long)n * p * problems > DenseOps.ParallelThreshold) Parallel.For(0, problems, Problem);
        else for (var c = 0; c < problems; c++) Problem(c);
        var link = Loss == SgdClassifierLoss.LogLoss ? LinearLink.Logistic : LinearLink.Identity;
        var state = new ClassifierState(signature, classes, coef, intercepts, link, ovrNormalize: problems > 1);
        return new SgdClassifierModel(this, state, epochs);
    }
}

/// <summary>A fitted <see cref="SgdClassifier"/>.</summary>
public sealed class SgdClassifierModel : LinearClassifierModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "sgd_classifier";

    private readonly int[] _epochs;

    internal SgdClassifierModel(SgdClassifier options, ClassifierState state, int[] epochs) : base("SgdClassifier", state)
    {
        Options = options;
        _epochs = epochs;
    }

    /// <summary>The options the model was fitted with.</summary>
    public SgdClassifier Options { get; }

    /// <summary>The epochs run per binary problem.</summary>
    public IReadOnlyList<int> Iterations => _epochs;

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>
    /// Class probabilities. Log loss: the logistic of the score (normalised over classes one-vs-all), as scikit-learn.
    /// Modified Huber: (clip(score, −1, 1) + 1)/2, normalised over classes, as scikit-learn. The other losses have no
    /// probabilistic meaning (scikit-learn refuses): their scores are squashed (logistic for two classes, softmax
    /// otherwise) and are not calibrated.
    /// </summary>
    public override Matrix PredictProba(Frame x)
    {
        if (Options.Loss != SgdClassifierLoss.ModifiedHuber) return base.PredictProba(x);
        var z = DecisionFunction(x);
        var proba = new Matrix(z.Rows, Classes.Count);
        for (var i = 0; i < z.Rows; i++) ModifiedHuberRow(z.Row(i), proba.Row(i));
        return proba;
    }

    private static void ModifiedHuberRow(ReadOnlySpan<double> z, Span<double> pr)
    {
        if (z.Length == 1)
        {
            var p1 = (Math.Clamp(z[0], -1, 1) + 1) / 2;
            pr[0] = 1 - p1;
            pr[1] = p1;
            return;
        }
        var sum = 0.0;
        for (var k = 0; k < z.Length; k++) { pr[k] = (Math.Clamp(z[k], -1, 1) + 1) / 2; sum += pr[k]; }
        if (sum > 0) for (var k = 0; k < z.Length; k++) pr[k] /= sum;
        else for (var k = 0; k < z.Length; k++) pr[k] = 1.0 / z.Length;
    }

    /// <inheritdoc />
    public override void Save(ModelWriter writer)
    {
        State.Save(writer, Options);
        writer.Write("epochs", _epochs);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static SgdClassifierModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new SgdClassifierModel(reader.ReadOptions<SgdClassifier>(), ClassifierState.Load(reader), reader.ReadInt32s("epochs"));
    }
}

/// <summary>
/// Linear regression trained by stochastic gradient descent (scikit-learn's <c>SGDRegressor</c>): squared, Huber or
/// epsilon-insensitive losses with an L2, L1 or elastic-net penalty. Accepts sparse input.
/// </summary>
public sealed record SgdRegressor : IEstimator<SgdRegressorModel>
{
    /// <summary>The loss.</summary>
    public SgdRegressorLoss Loss { get; init; } = SgdRegressorLoss.SquaredError;

    /// <summary>The penalty.</summary>
    public SgdPenalty Penalty { get; init; } = SgdPenalty.L2;

    /// <summary>The penalty strength α.</summary>
    public double Alpha { get; init; } = 1e-4;

    /// <summary>The elastic-net mixing ρ ∈ [0, 1].</summary>
    public double L1Ratio { get; init; } = 0.15;

    /// <summary>Whether to fit an intercept.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>The maximum number of epochs.</summary>
    public int MaxIter { get; init; } = 1000;

    /// <summary>Stop when an epoch does not improve the loss (or validation score) by tol for n_iter_no_change epochs; null never stops early.</summary>
    public double? Tol { get; init; } = 1e-3;

    /// <summary>Whether to shuffle the rows every epoch (seeded).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The width of the Huber and epsilon-insensitive losses.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>The seed of shuffling and of the validation split.</summary>
    public int RandomState { get; init; }

    /// <summary>The learning-rate schedule.</summary>
    public SgdLearningRate LearningRate { get; init; } = SgdLearningRate.InvScaling;

    /// <summary>The initial learning rate.</summary>
    public double Eta0 { get; init; } = 0.01;

    /// <summary>The exponent of the invscaling schedule.</summary>
    public double PowerT { get; init; } = 0.25;

    /// <summary>Hold out <see cref="ValidationFraction"/> of the rows and stop on their R² instead of the training loss.</summary>
    public bool EarlyStopping { get; init; }

    /// <summary>The held-out fraction for early stopping.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>The epochs without improvement tolerated before stopping.</summary>
    public int NIterNoChange { get; init; } = 5;

    /// <summary>Averaged SGD: 0 off, 1 average every step, k &gt; 1 start averaging after k samples.</summary>
    public int Average { get; init; }

    /// <inheritdoc />
    public SgdRegressorModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = "SgdRegressor";
        SgdChecks.Check(Alpha, L1Ratio, MaxIter, Tol, LearningRate, Eta0, ValidationFraction, NIterNoChange, Average, name);
        if (!(Epsilon >= 0)) throw new AugurException($"{name} option 'epsilon' must be ≥ 0, not {Epsilon}");
        var (features, target, w, signature) = RegressorState.Prepare(x, y, sampleWeight, name, allowSparse: true);
        var lossKind = Loss switch
        {
            SgdRegressorLoss.SquaredError => SgdLossKind.SquaredError,
            SgdRegressorLoss.Huber => SgdLossKind.Huber,
            SgdRegressorLoss.EpsilonInsensitive => SgdLossKind.EpsilonInsensitive,
            _ => SgdLossKind.SquaredEpsilonInsensitive,
        };
        var settings = new SgdSettings(new SgdLoss(lossKind, Epsilon), Penalty, Alpha, L1Ratio, FitIntercept, MaxIter, Tol, Shuffle, LearningRate, Eta0, PowerT,
            EarlyStopping, ValidationFraction, NIterNoChange, Average, Classification: false);
        var weights = w ?? Enumerable.Repeat(1.0, features.Rows).ToArray();
        var (coef, b, epochs) = SgdEngine.Fit(features, target, weights, settings, Rng.Derive(RandomState, 0), null);
        foreach (var c in coef)
            if (!double.IsFinite(c))
                throw new AugurException($"{name} diverged (non-finite weights); scale the features (for example with StandardScaler) or lower eta0");
        return new SgdRegressorModel(this, new RegressorState(signature, coef, b), epochs);
    }
}

/// <summary>A fitted <see cref="SgdRegressor"/>.</summary>
public sealed class SgdRegressorModel : LinearRegressorModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "sgd_regressor";

    internal SgdRegressorModel(SgdRegressor options, RegressorState state, int epochs) : base("SgdRegressor", state)
    {
        Options = options;
        Iterations = epochs;
    }

    /// <summary>The options the model was fitted with.</summary>
    public SgdRegressor Options { get; }

    /// <summary>The epochs run.</summary>
    public int Iterations { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override void Save(ModelWriter writer)
    {
        State.Save(writer, Options);
        writer.Write("epochs", Iterations);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static SgdRegressorModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new SgdRegressorModel(reader.ReadOptions<SgdRegressor>(), RegressorState.Load(reader), reader.ReadInt32("epochs"));
    }
}

internal static class SgdChecks
{
    public static void Check(double alpha, double l1Ratio, int maxIter, double? tol, SgdLearningRate rate, double eta0, double validationFraction,
        int nIterNoChange, int average, string name)
    {
        if (!(alpha >= 0) || double.IsInfinity(alpha)) throw new AugurException($"{name} option 'alpha' must be a finite number ≥ 0, not {alpha}");
        if (rate == SgdLearningRate.Optimal && alpha == 0) throw new AugurException($"{name} with learning_rate 'optimal' needs alpha > 0");
        if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new AugurException($"{name} option 'l1_ratio' must lie in [0, 1], not {l1Ratio}");
        if (maxIter < 1) throw new AugurException($"{name} option 'max_iter' must be at least 1, not {maxIter}");
        if (tol is { } t && double.IsNaN(t)) throw new AugurException($"{name} option 'tol' must be a number or none");
        if (rate != SgdLearningRate.Optimal && !(eta0 > 0)) throw new AugurException($"{name} with learning_rate '{EstimatorParameters.ToSnakeCase(rate.ToString())}' needs eta0 > 0, not {eta0}");
        if (!(validationFraction > 0 && validationFraction < 1)) throw new AugurException($"{name} option 'validation_fraction' must lie in (0, 1), not {validationFraction}");
        if (nIterNoChange < 1) throw new AugurException($"{name} option 'n_iter_no_change' must be at least 1, not {nIterNoChange}");
        if (average < 0) throw new AugurException($"{name} option 'average' must be ≥ 0, not {average}");
    }
}
