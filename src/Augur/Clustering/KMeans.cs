using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Clustering;

/// <summary>How k-means chooses its initial centres.</summary>
public enum KMeansInit
{
    /// <summary>Greedy k-means++: D² sampling with 2 + ⌊ln k⌋ candidates per centre, keeping the best (scikit-learn's <c>k-means++</c>).</summary>
    KMeansPlusPlus,
    /// <summary>k distinct rows chosen at random.</summary>
    Random,
}

/// <summary>The k-means iteration.</summary>
public enum KMeansAlgorithm
{
    /// <summary>Lloyd's algorithm: assign every row to its nearest centre, move centres to the means.</summary>
    Lloyd,
    /// <summary>Elkan's algorithm: same result as Lloyd's, skipping distance computations with triangle-inequality bounds (fast for well-separated clusters; needs rows × clusters bounds in memory).</summary>
    Elkan,
}

/// <summary>
/// K-means clustering (scikit-learn's <c>KMeans</c>): minimises the within-cluster sum of squared distances.
/// Several initialisations run (<see cref="NInit"/>) and the one with the lowest inertia is kept.
/// </summary>
public sealed record KMeans : IEstimator<KMeansModel>
{
    /// <summary>The number of clusters (scikit-learn's <c>n_clusters</c>).</summary>
    public int NClusters { get; init; } = 8;

    /// <summary>How initial centres are chosen when <see cref="InitCenters"/> is not given.</summary>
    public KMeansInit Init { get; init; } = KMeansInit.KMeansPlusPlus;

    /// <summary>Explicit initial centres (one row per cluster, one value per feature). When set, one run starts from them.</summary>
    public double[][]? InitCenters { get; init; }

    /// <summary>
    /// The number of initialisations (scikit-learn 1.2's default, 10). <c>null</c> means scikit-learn's <c>"auto"</c>:
    /// 1 run for k-means++ or explicit centres, 10 for random.
    /// </summary>
    public int? NInit { get; init; } = 10;

    /// <summary>The maximum number of iterations of one run.</summary>
    public int MaxIter { get; init; } = 300;

    /// <summary>Convergence tolerance on the squared centre shift, relative to the mean per-feature variance of the data.</summary>
    public double Tol { get; init; } = 1e-4;

    /// <summary>Lloyd or Elkan iterations.</summary>
    public KMeansAlgorithm Algorithm { get; init; } = KMeansAlgorithm.Lloyd;

    /// <summary>Seed of the initialisations.</summary>
    public int RandomState { get; init; }

    internal int EffectiveNInit => InitCenters is not null ? 1 : NInit ?? (Init == KMeansInit.Random ? 10 : 1);

    internal void Validate(int rows)
    {
        if (NClusters < 1) throw new AugurException($"KMeans option 'n_clusters' must be at least 1, not {NClusters}");
        if (rows < NClusters) throw new AugurException($"KMeans needs at least n_clusters={NClusters} rows, but the data has {rows}");
        if (NInit is < 1) throw new AugurException($"KMeans option 'n_init' must be at least 1 (or none for auto), not {NInit}");
        if (MaxIter < 1) throw new AugurException($"KMeans option 'max_iter' must be at least 1, not {MaxIter}");
        if (!(Tol >= 0)) throw new AugurException($"KMeans option 'tol' must be non-negative, not {Tol}");
    }

    /// <summary>Clusters the rows of <paramref name="x"/>; <paramref name="y"/> is ignored.</summary>
    public KMeansModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        var m = ClusteringInputs.TrainingMatrix(x, nameof(KMeans));
        Validate(m.Rows);
        var w = ModelInputs.CheckSampleWeight(sampleWeight, m.Rows);
        var n = m.Rows;
        var d = m.Cols;
        var k = NClusters;
        var tol = KMeansCore.Tolerance(m, Tol);
        // Centre the data for more accurate distances (as scikit-learn does); centres are shifted back at the end.
        var mean = KMeansCore.ColumnMeans(m, null);
        ClusteringInputs.Center(m, mean);
        double[]? explicitInit = null;
        if (InitCenters is not null)
        {
            explicitInit = ClusteringInputs.FlattenOption(InitCenters, k, d, nameof(KMeans), "init_centers");
            for (var c = 0; c < k; c++)
                for (var j = 0; j < d; j++) explicitInit[c * d + j] -= mean[j];
        }
        var algorithm = k == 1 ? KMeansAlgorithm.Lloyd : Algorithm;
        KMeansRun? best = null;
        for (var run = 0; run < EffectiveNInit; run++)
        {
            var rng = new Rng(Rng.Derive(RandomState, run));
            var init = explicitInit ?? (Init == KMeansInit.Random ? KMeansCore.RandomInit(m, w, k, rng) : KMeansCore.KMeansPlusPlus(m, w, k, rng));
            var result = algorithm == KMeansAlgorithm.Elkan
                ? KMeansCore.Elkan(m, w, init, k, MaxIter, tol)
                : KMeansCore.Lloyd(m, w, init, k, MaxIter, tol);
            if (best is null || (result.Inertia < best.Inertia && !KMeansCore.SameClustering(result.Labels, best.Labels, k)))
                best = result;
        }
        var centers = new Matrix(k, d, best!.Centers);
        for (var c = 0; c < k; c++)
            for (var j = 0; j < d; j++) centers[c, j] += mean[j];
        var signature = ModelSignature.Infer(x, ModelTask.Clustering, allowsMissing: false);
        return new KMeansModel(this, signature, centers, best.Labels, best.Inertia, best.NIter);
    }

    /// <summary>Fits and returns the training rows' cluster labels (scikit-learn's <c>fit_predict</c>).</summary>
    public Int64Column FitPredict(Frame x, double[]? sampleWeight = null) => Fit(x, null, sampleWeight).LabelsColumn;
}

/// <summary>A fitted <see cref="KMeans"/>: the cluster centres, the training labels and inertia. Immutable and thread-safe.</summary>
public sealed class KMeansModel : IPredictor, ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "kmeans";

    private readonly CentroidCore _core;
    private readonly int[] _labels;
    private readonly string[] _featureNames;

    internal KMeansModel(KMeans options, ModelSignature signature, Matrix centers, int[] labels, double inertia, int nIter)
    {
        Options = options;
        Signature = signature;
        _core = new CentroidCore(centers);
        _labels = labels;
        Inertia = inertia;
        NIter = nIter;
        _featureNames = CentroidCore.FeatureNames("kmeans", centers.Rows);
    }

    /// <summary>The options the model was fitted with.</summary>
    public KMeans Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Clustering;

    /// <summary>The cluster centres, one row per cluster (a copy).</summary>
    public Matrix ClusterCenters => _core.CentersMatrix;

    /// <summary>The number of clusters.</summary>
    public int NClusters => _core.K;

    /// <summary>The cluster label of every training row.</summary>
    public IReadOnlyList<int> Labels => ClusteringInputs.ReadOnly(_labels);

    /// <summary>The training labels as a column named <c>cluster</c>.</summary>
    public Int64Column LabelsColumn => ClusteringInputs.LabelsColumn(_labels);

    /// <summary>The (weighted) sum of squared distances of the training rows to their centres.</summary>
    public double Inertia { get; }

    /// <summary>The number of iterations of the best run.</summary>
    public int NIter { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut => _featureNames;

    /// <summary>The nearest centre of every row, as a column named <c>cluster</c>.</summary>
    public Column Predict(Frame x) => ClusteringInputs.LabelsColumn(PredictLabels(x));

    /// <summary>The nearest centre of every row.</summary>
    public int[] PredictLabels(Frame x) => _core.Nearest(Signature.Features(x, nameof(KMeans)));

    /// <summary>The Euclidean distance from every row to every centre, as columns <c>kmeans0</c>, <c>kmeans1</c>, ….</summary>
    public Frame Transform(Frame x) => _core.DistanceFrame(Signature.Features(x, nameof(KMeans)), _featureNames);

    /// <summary>The distances from every row to every centre, as a matrix.</summary>
    public Matrix Distances(Frame x) => _core.Distances(Signature.Features(x, nameof(KMeans)));

    /// <summary>Minus the (weighted) inertia of <paramref name="x"/> with respect to the centres (scikit-learn's <c>score</c>).</summary>
    public double Score(Frame x, double[]? sampleWeight = null) =>
        _core.Score(Signature.Features(x, nameof(KMeans)), sampleWeight);

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        _core.Save(writer, Signature, Options, _labels, Inertia, NIter);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static KMeansModel Load(ModelReader reader)
    {
        var (signature, options, centers, labels, inertia, nIter) = CentroidCore.Load<KMeans>(reader);
        return new KMeansModel(options, signature, centers, labels, inertia, nIter);
    }
}
