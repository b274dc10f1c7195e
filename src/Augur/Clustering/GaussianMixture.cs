using System.Numerics.Tensors;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Clustering;

/// <summary>How a Gaussian mixture's responsibilities are initialised.</summary>
public enum GaussianMixtureInit
{
    /// <summary>From the labels of one k-means run.</summary>
    KMeans,
    /// <summary>From the rows chosen by k-means++ seeding (one row per component).</summary>
    KMeansPlusPlus,
    /// <summary>Uniform random responsibilities, normalised per row.</summary>
    Random,
    /// <summary>From randomly chosen rows (one row per component).</summary>
    RandomFromData,
}

/// <summary>
/// A Gaussian mixture fitted by expectation–maximisation (scikit-learn's <c>GaussianMixture</c>). EM stops when the mean
/// log-likelihood changes by less than <see cref="Tol"/>; of <see cref="NInit"/> initialisations the one with the highest
/// final log-likelihood is kept. Initial parameters may be given (<see cref="WeightsInit"/>, <see cref="MeansInit"/>,
/// <see cref="PrecisionsInit"/>); the rest come from <see cref="InitParams"/>.
/// </summary>
public sealed record GaussianMixture : IEstimator<GaussianMixtureModel>
{
    /// <summary>The number of mixture components.</summary>
    public int NComponents { get; init; } = 1;

    /// <summary>The shape of the covariances.</summary>
    public CovarianceType CovarianceType { get; init; } = CovarianceType.Full;

    /// <summary>Convergence threshold on the change of the mean log-likelihood between iterations.</summary>
    public double Tol { get; init; } = 1e-3;

    /// <summary>Added to the diagonal of every covariance, to keep them positive definite.</summary>
    public double RegCovar { get; init; } = 1e-6;

    /// <summary>The maximum number of EM iterations per initialisation.</summary>
    public int MaxIter { get; init; } = 100;

    /// <summary>The number of initialisations.</summary>
    public int NInit { get; init; } = 1;

    /// <summary>How responsibilities are initialised.</summary>
    public GaussianMixtureInit InitParams { get; init; } = GaussianMixtureInit.KMeans;

    /// <summary>Initial component weights (one per component, summing to 1).</summary>
    public double[]? WeightsInit { get; init; }

    /// <summary>Initial means (one row per component).</summary>
    public double[][]? MeansInit { get; init; }

    /// <summary>
    /// Initial precisions (inverse covariances), flat in scikit-learn's C order: components × d × d for full, d × d for
    /// tied, components × d for diag, one value per component for spherical.
    /// </summary>
    public double[]? PrecisionsInit { get; init; }

    /// <summary>Seed of the initialisation.</summary>
    public int RandomState { get; init; }

    private void Validate(int rows, int d)
    {
        if (NComponents < 1) throw new AugurException($"GaussianMixture option 'n_components' must be at least 1, not {NComponents}");
        if (rows < NComponents) throw new AugurException($"GaussianMixture needs at least n_components={NComponents} rows, but the data has {rows}");
        if (!(Tol >= 0)) throw new AugurException($"GaussianMixture option 'tol' must be non-negative, not {Tol}");
        if (!(RegCovar >= 0)) throw new AugurException($"GaussianMixture option 'reg_covar' must be non-negative, not {RegCovar}");
        if (MaxIter < 1) throw new AugurException($"GaussianMixture option 'max_iter' must be at least 1, not {MaxIter}");
        if (NInit < 1) throw new AugurException($"GaussianMixture option 'n_init' must be at least 1, not {NInit}");
        var k = NComponents;
        if (WeightsInit is { } w)
        {
            if (w.Length != k) throw new AugurException($"GaussianMixture option 'weights_init' has {w.Length} values but n_components is {k}");
            if (w.Any(v => !(v >= 0 && v <= 1))) throw new AugurException("GaussianMixture option 'weights_init' must hold values between 0 and 1");
            if (Math.Abs(1 - w.Sum()) > 1e-8) throw new AugurException($"GaussianMixture option 'weights_init' must sum to 1, not {w.Sum()}");
        }
        if (PrecisionsInit is { } p)
        {
            var expected = GmmParameters.CovarianceLength(CovarianceType, k, d);
            if (p.Length != expected)
                throw new AugurException($"GaussianMixture option 'precisions_init' has {p.Length} values but {CovarianceType.ToString().ToLowerInvariant()} precisions for {k} components and {d} features need {expected}");
            if (CovarianceType is CovarianceType.Diag or CovarianceType.Spherical)
            {
                if (p.Any(v => !(v > 0) || double.IsInfinity(v))) throw new AugurException("GaussianMixture option 'precisions_init' must be positive");
            }
            else
            {
                for (var b = 0; b < p.Length / (d * d); b++)
                {
                    var block = p.AsSpan(b * d * d, d * d);
                    for (var i = 0; i < d; i++)
                        for (var j = 0; j < i; j++)
                            if (Math.Abs(block[i * d + j] - block[j * d + i]) > 1e-8 + 1e-5 * Math.Abs(block[j * d + i]))
                                throw new AugurException($"GaussianMixture option 'precisions_init' block {b} is not symmetric");
                    if (!GmmParameters.Cholesky(block, new double[d * d], d))
                        throw new AugurException($"GaussianMixture option 'precisions_init' block {b} is not positive definite");
                }
            }
        }
    }

    /// <summary>Fits the mixture to the rows of <paramref name="x"/>; <paramref name="y"/> is ignored. Sample weights are not used.</summary>
    public GaussianMixtureModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        var m = ClusteringInputs.TrainingMatrix(x, nameof(GaussianMixture));
        ClusteringInputs.NoSampleWeight(sampleWeight, nameof(GaussianMixture));
        var n = m.Rows;
        var d = m.Cols;
        Validate(n, d);
        var k = NComponents;
        double[]? meansInit = MeansInit is null ? null : ClusteringInputs.FlattenOption(MeansInit, k, d, nameof(GaussianMixture), "means_init");

        GmmParameters? best = null;
        var bestLowerBound = double.NegativeInfinity;
        var bestIter = 0;
        var bestConverged = false;
        for (var run = 0; run < NInit; run++)
        {
            var rng = new Rng(Rng.Derive(RandomState, run));
            var p = Initialize(m, meansInit, rng);
            var lowerBound = double.NegativeInfinity;
            var converged = false;
            var iter = 1;
            for (; iter <= MaxIter; iter++)
            {
                var previous = lowerBound;
                var logResp = p.WeightedLogProb(m);
                var norm = GmmParameters.NormalizeLogProb(logResp);
                DeterministicOps.ExpInPlace(logResp.Data);
                p = GmmParameters.Estimate(m, logResp, CovarianceType, RegCovar, normalizeBy: null);
                lowerBound = norm.Average();
                if (Math.Abs(lowerBound - previous) < Tol)
                {
                    converged = true;
                    break;
                }
            }
            if (iter > MaxIter) iter = MaxIter;
            if (best is null || lowerBound > bestLowerBound)
            {
                best = p;
                bestLowerBound = lowerBound;
                bestIter = iter;
                bestConverged = converged;
            }
        }
        var final = best!.WeightedLogProb(m);
        GmmParameters.NormalizeLogProb(final);
        var labels = ArgMaxRows(final);
        var signature = ModelSignature.Infer(x, ModelTask.Clustering, allowsMissing: false);
        return new GaussianMixtureModel(this, signature, best, labels, bestConverged, bestIter, bestLowerBound);
    }

    /// <summary>Fits and returns the training rows' most likely components.</summary>
    public Int64Column FitPredict(Frame x) => Fit(x).LabelsColumn;

    private GmmParameters Initialize(Matrix m, double[]? meansInit, Rng rng)
    {
        var n = m.Rows;
        var d = m.Cols;
        var k = NComponents;
        var resp = new Matrix(n, k);
        switch (InitParams)
        {
            case GaussianMixtureInit.KMeans:
            {
                var labels = KMeansCore.FitLabels(m, k, unchecked((long)rng.NextUInt64()));
                for (var i = 0; i < n; i++) resp[i, labels[i]] = 1;
                break;
            }
            case GaussianMixtureInit.Random:
                for (var i = 0; i < n; i++)
                {
                    var row = resp.Row(i);
                    for (var c = 0; c < k; c++) row[c] = rng.NextDouble();
                    TensorPrimitives.Divide(row, DeterministicOps.Sum(row), row);
                }
                break;
            case GaussianMixtureInit.KMeansPlusPlus:
            {
                KMeansCore.KMeansPlusPlus(m, null, k, rng, out var indices);
                for (var c = 0; c < k; c++) resp[indices[c], c] = 1;
                break;
            }
            default:
            {
                var indices = rng.SampleWithoutReplacement(n, k);
                for (var c = 0; c < k; c++) resp[indices[c], c] = 1;
                break;
            }
        }
        var p = GmmParameters.Estimate(m, resp, CovarianceType, RegCovar, normalizeBy: n);
        var weights = WeightsInit is null ? p.Weights : (double[])WeightsInit.Clone();
        var means = meansInit is null ? p.Means : (double[])meansInit.Clone();
        var cov = p.Covariances;
        var precChol = PrecisionsInit is null ? p.PrecisionsCholesky : FactorPrecisions(PrecisionsInit, CovarianceType, d);
        return new GmmParameters(CovarianceType, k, d, weights, means, cov, precChol);
    }

    /// <summary>
    /// Upper-triangular factors U with P = U Uᵀ of given precisions (obtained as J·chol(J P J)·J with J the reversal
    /// permutation), or the square roots of diagonal and spherical precisions.
    /// </summary>
    internal static double[] FactorPrecisions(double[] precisions, CovarianceType type, int d)
    {
        if (type is CovarianceType.Diag or CovarianceType.Spherical) return precisions.Select(v => Math.Sqrt(v)).ToArray();
        var result = new double[precisions.Length];
        var flipped = new double[d * d];
        var l = new double[d * d];
        for (var b = 0; b < precisions.Length / (d * d); b++)
        {
            var p = precisions.AsSpan(b * d * d, d * d);
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++) flipped[i * d + j] = p[(d - 1 - i) * d + (d - 1 - j)];
            if (!GmmParameters.Cholesky(flipped, l, d)) throw new AugurException("GaussianMixture option 'precisions_init' is not positive definite");
            var u = result.AsSpan(b * d * d, d * d);
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++) u[i * d + j] = l[(d - 1 - i) * d + (d - 1 - j)];
        }
        return result;
    }

    internal static int[] ArgMaxRows(Matrix m)
    {
        var labels = new int[m.Rows];
        for (var i = 0; i < m.Rows; i++)
        {
            var row = m.Row(i);
            var best = 0;
            for (var c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
            labels[i] = best;
        }
        return labels;
    }
}

/// <summary>A fitted <see cref="GaussianMixture"/>. Immutable and thread-safe.</summary>
public sealed class GaussianMixtureModel : IPredictor
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "gaussian_mixture";

    private readonly GmmParameters _p;
    private readonly int[] _labels;

    internal GaussianMixtureModel(GaussianMixture options, ModelSignature signature, GmmParameters parameters, int[] labels, bool converged, int nIter, double lowerBound)
    {
        Options = options;
        Signature = signature;
        _p = parameters;
        _labels = labels;
        Converged = converged;
        NIter = nIter;
        LowerBound = lowerBound;
    }

    /// <summary>The options the model was fitted with.</summary>
    public GaussianMixture Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Clustering;

    /// <summary>The covariance type.</summary>
    public CovarianceType CovarianceType => _p.Type;

    /// <summary>The number of components.</summary>
    public int NComponents => _p.K;

    /// <summary>The component weights (a copy).</summary>
    public double[] Weights => (double[])_p.Weights.Clone();

    /// <summary>The component means, one row per component (a copy).</summary>
    public Matrix Means => new(_p.K, _p.D, (double[])_p.Means.Clone());

    /// <summary>The covariances, flat in scikit-learn's layout (see <see cref="CovarianceShape"/>; a copy).</summary>
    public double[] Covariances => (double[])_p.Covariances.Clone();

    /// <summary>The shape of <see cref="Covariances"/>, <see cref="Precisions"/> and <see cref="PrecisionsCholesky"/>: (k, d, d) full, (d, d) tied, (k, d) diag, (k) spherical.</summary>
    public IReadOnlyList<int> CovarianceShape => GmmParameters.CovarianceShape(_p.Type, _p.K, _p.D);

    /// <summary>The precisions (inverse covariances), in the covariances' layout.</summary>
    public double[] Precisions => _p.Precisions();

    /// <summary>Cholesky factors of the precisions (upper triangular U with precision = U Uᵀ; for diag and spherical, 1/σ).</summary>
    public double[] PrecisionsCholesky => (double[])_p.PrecisionsCholesky.Clone();

    /// <summary>The full d × d covariance matrix of one component (expanded from tied, diagonal or spherical forms).</summary>
    public Matrix ComponentCovariance(int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(component);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(component, _p.K);
        return _p.ComponentCovariance(component);
    }

    /// <summary>Whether EM converged (for the initialisation that was kept).</summary>
    public bool Converged { get; }

    /// <summary>EM iterations of the kept initialisation.</summary>
    public int NIter { get; }

    /// <summary>The mean log-likelihood of the training data at the last iteration of the kept initialisation.</summary>
    public double LowerBound { get; }

    /// <summary>The most likely component of every training row.</summary>
    public IReadOnlyList<int> Labels => ClusteringInputs.ReadOnly(_labels);

    /// <summary>The training labels as a column named <c>cluster</c>.</summary>
    public Int64Column LabelsColumn => ClusteringInputs.LabelsColumn(_labels);

    private Matrix Features(Frame x) => Signature.Features(x, nameof(GaussianMixture));

    /// <summary>The most likely component of every row, as a column named <c>cluster</c>.</summary>
    public Column Predict(Frame x) => ClusteringInputs.LabelsColumn(PredictLabels(x));

    /// <summary>The most likely component of every row.</summary>
    public int[] PredictLabels(Frame x) => GaussianMixture.ArgMaxRows(_p.WeightedLogProb(Features(x)));

    /// <summary>The posterior probability of every component for every row (rows sum to 1).</summary>
    public Matrix PredictProba(Frame x)
    {
        var logResp = _p.WeightedLogProb(Features(x));
        GmmParameters.NormalizeLogProb(logResp);
        DeterministicOps.ExpInPlace(logResp.Data);
        return logResp;
    }

    /// <summary>The log-likelihood of every row under the mixture.</summary>
    public double[] ScoreSamples(Frame x)
    {
        var weighted = _p.WeightedLogProb(Features(x));
        var result = new double[weighted.Rows];
        for (var i = 0; i < result.Length; i++) result[i] = GmmParameters.LogSumExp(weighted.Row(i));
        return result;
    }

    /// <summary>The mean log-likelihood of the rows.</summary>
    public double Score(Frame x) => ScoreSamples(x).Average();

    /// <summary>The number of free parameters of the mixture.</summary>
    public int FreeParameters => _p.FreeParameters;

    /// <summary>The Bayesian information criterion on <paramref name="x"/> (lower is better).</summary>
    public double Bic(Frame x)
    {
        var n = x.RowCount;
        return -2 * Score(x) * n + FreeParameters * Math.Log(n);
    }

    /// <summary>The Akaike information criterion on <paramref name="x"/> (lower is better).</summary>
    public double Aic(Frame x) => -2 * Score(x) * x.RowCount + 2 * FreeParameters;

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("signature", Signature);
        writer.WriteOptions(Options);
        writer.Write("covariance_type", EstimatorParameters.FormatValue(_p.Type));
        writer.Write("weights", _p.Weights);
        writer.Write("means", _p.Means);
        writer.Write("covariances", _p.Covariances);
        writer.Write("precisions_cholesky", _p.PrecisionsCholesky);
        writer.Write("labels", _labels);
        writer.Write("converged", Converged);
        writer.Write("n_iter", NIter);
        writer.Write("lower_bound", LowerBound);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static GaussianMixtureModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var signature = reader.ReadSignature("signature");
        var options = reader.ReadOptions<GaussianMixture>();
        var type = options.CovarianceType;
        reader.Require(reader.ReadString("covariance_type") == EstimatorParameters.FormatValue(type), "covariance_type", "does not match the options");
        var d = signature.Inputs.Count;
        var weights = reader.ReadDoubles("weights");
        var k = weights.Length;
        reader.Require(k >= 1 && weights.All(w => w >= 0), "weights", "weights must be non-negative and at least one");
        var means = reader.ReadDoubles("means", k * d);
        var length = GmmParameters.CovarianceLength(type, k, d);
        var cov = reader.ReadDoubles("covariances", length);
        var chol = reader.ReadDoubles("precisions_cholesky", length);
        var labels = reader.ReadInt32s("labels");
        reader.Require(labels.All(l => l >= 0 && l < k), "labels", "a label is out of range");
        var p = new GmmParameters(type, k, d, weights, means, cov, chol);
        return new GaussianMixtureModel(options, signature, p, labels, reader.ReadBoolean("converged"),
            reader.ReadInt32("n_iter", 0, int.MaxValue), reader.ReadDouble("lower_bound"));
    }
}
