using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Linear;

/// <summary>The penalty of <see cref="LogisticRegression"/>.</summary>
public enum LogisticPenalty
{
    /// <summary>½‖w‖² (scaled by 1/C).</summary>
    L2,
    /// <summary>‖w‖₁ (saga only).</summary>
    L1,
    /// <summary>ρ‖w‖₁ + (1 − ρ)/2·‖w‖² with ρ = <see cref="LogisticRegression.L1Ratio"/> (saga only).</summary>
    ElasticNet,
    /// <summary>No penalty.</summary>
    None,
}

/// <summary>The optimiser of <see cref="LogisticRegression"/>.</summary>
public enum LogisticSolver
{
    /// <summary>Limited-memory BFGS on the smooth objective (L2 or no penalty).</summary>
    Lbfgs,
    /// <summary>SAGA, a variance-reduced stochastic gradient method with proximal steps (any penalty; fast on large sparse data).</summary>
    Saga,
}

/// <summary>How <see cref="LogisticRegression"/> handles more than two classes.</summary>
public enum LogisticMultiClass
{
    /// <summary>Multinomial for more than two classes, a single binary problem otherwise (scikit-learn 1.2's rule for its solvers other than liblinear).</summary>
    Auto,
    /// <summary>One binary problem per class (one-vs-rest); probabilities are the normalised per-class sigmoids.</summary>
    Ovr,
    /// <summary>One softmax problem over all classes.</summary>
    Multinomial,
}

/// <summary>
/// Logistic regression (scikit-learn 1.2's <c>LogisticRegression</c>): minimises C·Σᵢ sᵢ·logloss + penalty, the intercept
/// unpenalised, with L-BFGS or SAGA; binary, one-vs-rest or multinomial.
/// </summary>
public sealed record LogisticRegression : IEstimator<LogisticRegressionModel>
{
    /// <summary>The penalty.</summary>
    public LogisticPenalty Penalty { get; init; } = LogisticPenalty.L2;

    /// <summary>The stopping tolerance (lbfgs: largest gradient component; saga: relative weight change per epoch).</summary>
    public double Tol { get; init; } = 1e-4;

    /// <summary>The inverse penalty strength (&gt; 0): smaller is stronger.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Whether to fit an intercept.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>Per-class weights (null: every class weighs 1).</summary>
    public ClassWeight? ClassWeight { get; init; }

    /// <summary>The seed of saga's row order.</summary>
    public int RandomState { get; init; }

    /// <summary>The optimiser.</summary>
    public LogisticSolver Solver { get; init; } = LogisticSolver.Lbfgs;

    /// <summary>The iteration limit (lbfgs iterations or saga epochs).</summary>
    public int MaxIter { get; init; } = 100;

    /// <summary>How more than two classes are handled.</summary>
    public LogisticMultiClass MultiClass { get; init; } = LogisticMultiClass.Auto;

    /// <summary>The elastic-net mixing ρ ∈ [0, 1]; required with <see cref="LogisticPenalty.ElasticNet"/>.</summary>
    public double? L1Ratio { get; init; }

    /// <inheritdoc />
    public LogisticRegressionModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = "LogisticRegression";
        if (!(C > 0) || double.IsInfinity(C)) throw new AugurException($"{name} option 'c' must be a finite number > 0, not {C}");
        if (!(Tol >= 0)) throw new AugurException($"{name} option 'tol' must be ≥ 0, not {Tol}");
        if (MaxIter < 1) throw new AugurException($"{name} option 'max_iter' must be at least 1, not {MaxIter}");
        if (Solver == LogisticSolver.Lbfgs && Penalty is LogisticPenalty.L1 or LogisticPenalty.ElasticNet)
            throw new AugurException($"{name} solver 'lbfgs' supports only the 'l2' and 'none' penalties; use solver=saga for '{EstimatorParameters.ToSnakeCase(Penalty.ToString())}'");
        var l1Ratio = 0.0;
        if (Penalty == LogisticPenalty.ElasticNet)
        {
            if (L1Ratio is not { } r || !(r >= 0 && r <= 1))
                throw new AugurException($"{name} with penalty 'elastic_net' needs option 'l1_ratio' in [0, 1]");
            l1Ratio = r;
        }
        else if (Penalty == LogisticPenalty.L1) l1Ratio = 1;

        var features = LinearFeatures.ForFit(x, name, allowSparse: true);
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, features.Rows, name);
        var sw = ModelInputs.CheckSampleWeight(sampleWeight, features.Rows);
        var n = features.Rows;
        var p = features.Cols;
        var k = classes.Count;
        var multinomial = MultiClass == LogisticMultiClass.Multinomial || (MultiClass == LogisticMultiClass.Auto && k > 2);
        var baseWeights = sw is null ? null : (double[])sw.Clone();
        if (ClassWeight is not null && (multinomial || !ClassWeight.IsBalanced))
            baseWeights = LinearMath.CombineWeights(baseWeights, ClassWeight.Resolve(classes, encoded), encoded);

        var penalised = Penalty != LogisticPenalty.None;
        var l2 = penalised ? (1 - l1Ratio) / C : 0.0;
        var l1 = penalised ? l1Ratio / C : 0.0;
        double[] coef;
        double[] intercepts;
        int[] iterations;
        if (multinomial)
        {
            var (w, b, it) = SolveProblem(features, encoded, baseWeights, k, l2, l1);
            // Two classes: scikit-learn keeps the second class's row only.
            if (k == 2)
            {
                coef = w.AsSpan(p, p).ToArray();
                intercepts = [b[1]];
            }
            else
            {
                coef = w;
                intercepts = b;
            }
            iterations = [it];
        }
        else
        {
            var problems = k == 2 ? 1 : k;
            coef = new double[problems * p];
            intercepts = new double[problems];
            iterations = new int[problems];
            for (var c = 0; c < problems; c++)
            {
                var pos = k == 2 ? 1 : c;
                var yBin = new int[n];
                for (var i = 0; i < n; i++) yBin[i] = encoded[i] == pos ? 1 : 0;
                var weights = baseWeights;
                if (ClassWeight is { IsBalanced: true })
                {
                    var positives = yBin.Count(v => v == 1);
                    var wPos = positives == 0 ? 1.0 : n / (2.0 * positives);
                    var wNeg = positives == n ? 1.0 : n / (2.0 * (n - positives));
                    weights = new double[n];
                    for (var i = 0; i < n; i++) weights[i] = (baseWeights?[i] ?? 1.0) * (yBin[i] == 1 ? wPos : wNeg);
                }
                var (w, b, it) = SolveProblem(features, yBin, weights, 1, l2, l1);
                w.CopyTo(coef, c * p);
                intercepts[c] = b[0];
                iterations[c] = it;
            }
        }
        var link = multinomial ? LinearLink.Softmax : LinearLink.Logistic;
        var signature = ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), allowsMissing: false, y, classes);
        var state = new ClassifierState(signature, classes, coef, intercepts, link, ovrNormalize: !multinomial && k > 2);
        return new LogisticRegressionModel(this, state, iterations);
    }

    private (double[] Coef, double[] Intercepts, int Iterations) SolveProblem(LinearFeatures x, int[] y, double[]? w, int outputs, double l2, double l1)
    {
        var p = x.Cols;
        if (Solver == LogisticSolver.Saga)
        {
            var n = x.Rows;
            return Saga.Solve(x, y, w, outputs, FitIntercept, l2 / n, l1 / n, MaxIter, Tol, RandomState);
        }
        var objective = new LogisticObjective(x, y, w, outputs, FitIntercept, l2);
        var theta = new double[objective.Dimension];
        // SciPy's L-BFGS-B also stops when f decreases by less than ftol = 2.2e-9 relative, which on its own caps the
        // accuracy near 1e-5; tightening tol below scikit-learn's 1e-4 tightens that test with it, so that tol=1e-10
        // reaches the optimum.
        var ftol = Lbfgs.DefaultFtol * Math.Min(1, (Tol / 1e-4) * (Tol / 1e-4));
        var (iterations, _) = Lbfgs.Minimize(objective.Evaluate, theta, MaxIter, Tol, ftol);
        var stride = p + (FitIntercept ? 1 : 0);
        var coef = new double[outputs * p];
        var b = new double[outputs];
        for (var c = 0; c < outputs; c++)
        {
            Array.Copy(theta, c * stride, coef, c * p, p);
            if (FitIntercept) b[c] = theta[c * stride + p];
        }
        return (coef, b, iterations);
    }
}

/// <summary>A fitted <see cref="LogisticRegression"/>.</summary>
public sealed class LogisticRegressionModel : LinearClassifierModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "logistic_regression";

    private readonly int[] _iterations;

    internal LogisticRegressionModel(LogisticRegression options, ClassifierState state, int[] iterations) : base("LogisticRegression", state)
    {
        Options = options;
        _iterations = iterations;
    }

    /// <summary>The options the model was fitted with.</summary>
    public LogisticRegression Options { get; }

    /// <summary>The iterations (lbfgs) or epochs (saga) run, per binary problem or for the multinomial problem.</summary>
    public IReadOnlyList<int> Iterations => _iterations;

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The natural logarithm of <see cref="LinearClassifierModel.PredictProba"/>.</summary>
    public Matrix PredictLogProba(Frame x)
    {
        var p = PredictProba(x);
        for (var i = 0; i < p.Data.Length; i++) p.Data[i] = Math.Log(p.Data[i]);
        return p;
    }

    /// <summary>Writes the class probabilities of one row (feature values in signature order) into <paramref name="probabilities"/>.</summary>
    public void PredictProbaRow(ReadOnlySpan<double> features, Span<double> probabilities) =>
        State.PredictProbaRow(features, probabilities, State.Link, Name);

    /// <inheritdoc />
    public override void Save(ModelWriter writer)
    {
        State.Save(writer, Options);
        writer.Write("iterations", _iterations);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static LogisticRegressionModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<LogisticRegression>();
        var state = ClassifierState.Load(reader);
        reader.Require(state.Link is LinearLink.Logistic or LinearLink.Softmax, "link", "a logistic model needs a logistic or softmax link");
        return new LogisticRegressionModel(options, state, reader.ReadInt32s("iterations"));
    }
}
