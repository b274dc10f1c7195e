using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Clustering;

/// <summary>
/// Mini-batch k-means (Sculley 2010, scikit-learn's <c>MiniBatchKMeans</c>): each step assigns a random batch of rows to
/// the nearest centres and moves those centres towards the batch with per-centre learning rates (the inverse of the
/// weight each centre has absorbed). Stops after <see cref="MaxNoImprovement"/> steps without improvement of the smoothed
/// batch inertia, on a small centre change (<see cref="Tol"/>), or after <see cref="MaxIter"/> passes over the data.
/// Centres that absorb little weight are moved to random rows of the batch (<see cref="ReassignmentRatio"/>).
/// </summary>
public sealed record MiniBatchKMeans : IEstimator<MiniBatchKMeansModel>
{
    /// <summary>The number of clusters.</summary>
    public int NClusters { get; init; } = 8;

    /// <summary>How initial centres are chosen when <see cref="InitCenters"/> is not given.</summary>
    public KMeansInit Init { get; init; } = KMeansInit.KMeansPlusPlus;

    /// <summary>Explicit initial centres (one row per cluster). When set, one initialisation is used.</summary>
    public double[][]? InitCenters { get; init; }

    /// <summary>The maximum number of passes over the data.</summary>
    public int MaxIter { get; init; } = 100;

    /// <summary>Rows per mini-batch.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Stop when the squared change of the centres falls to this value times the mean feature variance (0 disables it).</summary>
    public double Tol { get; init; }

    /// <summary>Stop after this many steps without improvement of the smoothed batch inertia (<c>null</c> disables it).</summary>
    public int? MaxNoImprovement { get; init; } = 10;

    /// <summary>Rows used to choose the initial centres (<c>null</c>: three times the batch size, at least three times <see cref="NClusters"/>).</summary>
    public int? InitSize { get; init; }

    /// <summary>Candidate initialisations, compared on a held-out sample (<c>null</c> means auto: 1 for k-means++, 3 for random).</summary>
    public int? NInit { get; init; } = 3;

    /// <summary>Centres whose absorbed weight is below this fraction of the largest are moved to random rows of the batch.</summary>
    public double ReassignmentRatio { get; init; } = 0.01;

    /// <summary>Seed of the initialisation and of the batches.</summary>
    public int RandomState { get; init; }

    private void Validate(int rows)
    {
        if (NClusters < 1) throw new AugurException($"MiniBatchKMeans option 'n_clusters' must be at least 1, not {NClusters}");
        if (rows < NClusters) throw new AugurException($"MiniBatchKMeans needs at least n_clusters={NClusters} rows, but the data has {rows}");
        if (BatchSize < 1) throw new AugurException($"MiniBatchKMeans option 'batch_size' must be at least 1, not {BatchSize}");
        if (MaxIter < 1) throw new AugurException($"MiniBatchKMeans option 'max_iter' must be at least 1, not {MaxIter}");
        if (NInit is < 1) throw new AugurException($"MiniBatchKMeans option 'n_init' must be at least 1 (or none for auto), not {NInit}");
        if (InitSize is < 1) throw new AugurException($"MiniBatchKMeans option 'init_size' must be at least 1, not {InitSize}");
        if (MaxNoImprovement is < 0) throw new AugurException($"MiniBatchKMeans option 'max_no_improvement' must be non-negative, not {MaxNoImprovement}");
        if (!(Tol >= 0)) throw new AugurException($"MiniBatchKMeans option 'tol' must be non-negative, not {Tol}");
        if (!(ReassignmentRatio >= 0)) throw new AugurException($"MiniBatchKMeans option 'reassignment_ratio' must be non-negative, not {ReassignmentRatio}");
    }

    /// <summary>Clusters the rows of <paramref name="x"/>; <paramref name="y"/> is ignored.</summary>
    public MiniBatchKMeansModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        var m = ClusteringInputs.TrainingMatrix(x, nameof(MiniBatchKMeans));
        Validate(m.Rows);
        var w = ModelInputs.CheckSampleWeight(sampleWeight, m.Rows);
        var n = m.Rows;
        var d = m.Cols;
        var k = NClusters;
        var batch = Math.Min(BatchSize, n);
        var initSize = InitSize ?? 3 * BatchSize;
        if (initSize < k) initSize = 3 * k;
        initSize = Math.Min(initSize, n);
        var tol = KMeansCore.Tolerance(m, Tol);
        var rng = new Rng(RandomState);

        double[]? explicitInit = InitCenters is null ? null : ClusteringInputs.FlattenOption(InitCenters, k, d, nameof(MiniBatchKMeans), "init_centers");
        var nInit = explicitInit is not null ? 1 : NInit ?? (Init == KMeansInit.Random ? 3 : 1);
        // A random sample on which the candidate initialisations are compared.
        var validationRows = RandomRows(rng, n, initSize);
        var validation = m.TakeRows(validationRows);
        var validationWeight = w is null ? null : Take(w, validationRows);
        double[]? centers = null;
        var bestInertia = double.PositiveInfinity;
        for (var r = 0; r < nInit; r++)
        {
            double[] init;
            if (explicitInit is not null) init = (double[])explicitInit.Clone();
            else
            {
                var rows = initSize < n ? RandomRows(rng, n, initSize) : Enumerable.Range(0, n).ToArray();
                var sub = m.TakeRows(rows);
                var subW = w is null ? null : Take(w, rows);
                if (subW is not null && subW.All(v => v == 0)) subW = null;
                init = Init == KMeansInit.Random ? KMeansCore.RandomInit(sub, subW, k, rng) : KMeansCore.KMeansPlusPlus(sub, subW, k, rng);
            }
            var inertia = KMeansCore.Assign(validation, validationWeight, init, k, new int[validation.Rows]);
            if (centers is null || inertia < bestInertia)
            {
                centers = init;
                bestInertia = inertia;
            }
        }

        var next = new double[k * d];
        var counts = new double[k];
        double? ewa = null;
        double? ewaMin = null;
        var noImprovement = 0;
        var sinceReassign = 0L;
        var steps = Math.Max(1, (int)Math.Min(int.MaxValue, (long)MaxIter * n / batch));
        var table = new CenterTable(k, d);
        var batchRows = new int[batch];
        var batchLabels = new int[batch];
        var scratch = new double[table.KPad];
        var alpha = Math.Min(1.0, batch * 2.0 / (n + 1));
        var batchWeight = new double[k];
        var batchSum = new double[k * d];
        var step = 0;
        for (; step < steps; step++)
        {
            for (var i = 0; i < batch; i++) batchRows[i] = rng.NextInt(n);
            sinceReassign += batch;
            var reassign = false;
            if (counts.Any(c => c == 0) || sinceReassign >= 10L * k)
            {
                sinceReassign = 0;
                reassign = true;
            }
            // Assign the batch.
            table.Load(centers!);
            var batchInertia = 0.0;
            for (var i = 0; i < batch; i++)
            {
                var row = m.Row(batchRows[i]);
                var label = table.Nearest(row, scratch, out _);
                batchLabels[i] = label;
                batchInertia += (w?[batchRows[i]] ?? 1.0) * KMeansCore.SquaredDistance(row, centers.AsSpan(label * d, d));
            }
            // Move each centre towards the weighted mean of its batch rows.
            Array.Clear(batchWeight);
            Array.Clear(batchSum);
            for (var i = 0; i < batch; i++)
            {
                var wi = w?[batchRows[i]] ?? 1.0;
                var c = batchLabels[i];
                batchWeight[c] += wi;
                DeterministicOps.AddScaledTo(batchSum.AsSpan(c * d, d), m.Row(batchRows[i]), wi);
            }
            for (var c = 0; c < k; c++)
            {
                var dst = next.AsSpan(c * d, d);
                var old = centers.AsSpan(c * d, d);
                if (batchWeight[c] > 0)
                {
                    var total = counts[c] + batchWeight[c];
                    for (var j = 0; j < d; j++) dst[j] = (old[j] * counts[c] + batchSum[c * d + j]) / total;
                    counts[c] = total;
                }
                else old.CopyTo(dst);
            }
            if (reassign && ReassignmentRatio > 0)
            {
                var max = counts.Max();
                var toReassign = counts.Select(v => v < ReassignmentRatio * max).ToArray();
                if (toReassign.Count(t => t) > 0.5 * batch)
                {
                    var keep = Enumerable.Range(0, k).OrderBy(c => counts[c]).ThenBy(c => c).Skip((int)(0.5 * batch));
                    foreach (var c in keep) toReassign[c] = false;
                }
                var moved = toReassign.Count(t => t);
                if (moved > 0)
                {
                    var picks = rng.SampleWithoutReplacement(batch, moved);
                    var p = 0;
                    for (var c = 0; c < k; c++)
                        if (toReassign[c]) m.Row(batchRows[picks[p++]]).CopyTo(next.AsSpan(c * d, d));
                    var minKept = double.PositiveInfinity;
                    for (var c = 0; c < k; c++) if (!toReassign[c]) minKept = Math.Min(minKept, counts[c]);
                    for (var c = 0; c < k; c++) if (toReassign[c]) counts[c] = minKept;
                }
            }
            var squaredDiff = 0.0;
            if (tol > 0)
                for (var c = 0; c < k; c++) squaredDiff += KMeansCore.SquaredDistance(next.AsSpan(c * d, d), centers.AsSpan(c * d, d));
            (centers, next) = (next, centers);

            // Convergence: skip the first step (its inertia is the initialisation's), then track an exponentially
            // weighted average of the mean batch inertia.
            if (step == 0) continue;
            var meanInertia = batchInertia / batch;
            ewa = ewa is null ? meanInertia : ewa * (1 - alpha) + meanInertia * alpha;
            if (tol > 0 && squaredDiff <= tol) break;
            if (ewaMin is null || ewa < ewaMin)
            {
                noImprovement = 0;
                ewaMin = ewa;
            }
            else noImprovement++;
            if (MaxNoImprovement is { } limit && noImprovement >= limit) break;
        }
        if (step == steps) step--;
        var labels = new int[n];
        var finalInertia = KMeansCore.Assign(m, w, centers, k, labels);
        var signature = ModelSignature.Infer(x, ModelTask.Clustering, allowsMissing: false);
        var nIter = (int)Math.Ceiling((step + 1.0) * batch / n);
        return new MiniBatchKMeansModel(this, signature, new Matrix(k, d, centers!), labels, finalInertia, nIter, step + 1);
    }

    /// <summary>Fits and returns the training rows' cluster labels.</summary>
    public Int64Column FitPredict(Frame x, double[]? sampleWeight = null) => Fit(x, null, sampleWeight).LabelsColumn;

    private static int[] RandomRows(Rng rng, int n, int count)
    {
        var rows = new int[count];
        for (var i = 0; i < count; i++) rows[i] = rng.NextInt(n);
        return rows;
    }

    private static double[] Take(double[] w, int[] rows) => rows.Select(r => w[r]).ToArray();
}

/// <summary>A fitted <see cref="MiniBatchKMeans"/>. Immutable and thread-safe.</summary>
public sealed class MiniBatchKMeansModel : IPredictor, ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "minibatch_kmeans";

    private readonly CentroidCore _core;
    private readonly int[] _labels;
    private readonly string[] _featureNames;

    internal MiniBatchKMeansModel(MiniBatchKMeans options, ModelSignature signature, Matrix centers, int[] labels, double inertia, int nIter, int nSteps)
    {
        Options = options;
        Signature = signature;
        _core = new CentroidCore(centers);
        _labels = labels;
        Inertia = inertia;
        NIter = nIter;
        NSteps = nSteps;
        _featureNames = CentroidCore.FeatureNames("minibatchkmeans", centers.Rows);
    }

    /// <summary>The options the model was fitted with.</summary>
    public MiniBatchKMeans Options { get; }

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

    /// <summary>The nearest-centre label of every training row (computed with the final centres).</summary>
    public IReadOnlyList<int> Labels => ClusteringInputs.ReadOnly(_labels);

    /// <summary>The training labels as a column named <c>cluster</c>.</summary>
    public Int64Column LabelsColumn => ClusteringInputs.LabelsColumn(_labels);

    /// <summary>The (weighted) sum of squared distances of the training rows to their nearest centres.</summary>
    public double Inertia { get; }

    /// <summary>Passes over the data (scikit-learn's <c>n_iter_</c>: ⌈steps × batch size / rows⌉).</summary>
    public int NIter { get; }

    /// <summary>Mini-batch steps taken.</summary>
    public int NSteps { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut => _featureNames;

    /// <summary>The nearest centre of every row, as a column named <c>cluster</c>.</summary>
    public Column Predict(Frame x) => ClusteringInputs.LabelsColumn(PredictLabels(x));

    /// <summary>The nearest centre of every row.</summary>
    public int[] PredictLabels(Frame x) => _core.Nearest(Signature.Features(x, nameof(MiniBatchKMeans)));

    /// <summary>The Euclidean distance from every row to every centre, as columns <c>minibatchkmeans0</c>, ….</summary>
    public Frame Transform(Frame x) => _core.DistanceFrame(Signature.Features(x, nameof(MiniBatchKMeans)), _featureNames);

    /// <summary>Minus the (weighted) inertia of <paramref name="x"/> with respect to the centres.</summary>
    public double Score(Frame x, double[]? sampleWeight = null) =>
        _core.Score(Signature.Features(x, nameof(MiniBatchKMeans)), sampleWeight);

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        _core.Save(writer, Signature, Options, _labels, Inertia, NIter);
        writer.Write("n_steps", NSteps);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static MiniBatchKMeansModel Load(ModelReader reader)
    {
        var (signature, options, centers, labels, inertia, nIter) = CentroidCore.Load<MiniBatchKMeans>(reader);
        return new MiniBatchKMeansModel(options, signature, centers, labels, inertia, nIter, reader.ReadInt32("n_steps", 0, int.MaxValue));
    }
}
