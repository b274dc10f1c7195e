using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Clustering;

/// <summary>
/// Density-based clustering (Ester et al. 1996, scikit-learn's <c>DBSCAN</c>). A row is a core sample when the rows within
/// <see cref="Eps"/> of it (itself included) weigh at least <see cref="MinSamples"/>; clusters are the connected groups of
/// core samples plus the rows within reach of them; everything else is noise (label −1). Clusters are numbered in the
/// order of their first core sample, and a border row reachable from several clusters joins the lowest-numbered one,
/// so labels equal scikit-learn's.
/// </summary>
public sealed record Dbscan : IEstimator<DbscanModel>
{
    /// <summary>The neighbourhood radius.</summary>
    public double Eps { get; init; } = 0.5;

    /// <summary>The neighbourhood weight (row count without sample weights, the row itself included) that makes a core sample.</summary>
    public int MinSamples { get; init; } = 5;

    /// <summary>The distance.</summary>
    public ClusteringMetric Metric { get; init; } = ClusteringMetric.Euclidean;

    /// <summary>How neighbours are found.</summary>
    public DbscanAlgorithm Algorithm { get; init; } = DbscanAlgorithm.Auto;

    /// <summary>Rows per leaf of the k-d tree.</summary>
    public int LeafSize { get; init; } = 30;

    private void Validate()
    {
        if (!(Eps > 0) || double.IsInfinity(Eps)) throw new AugurException($"DBSCAN option 'eps' must be a positive number, not {Eps}");
        if (MinSamples < 1) throw new AugurException($"DBSCAN option 'min_samples' must be at least 1, not {MinSamples}");
        if (LeafSize < 1) throw new AugurException($"DBSCAN option 'leaf_size' must be at least 1, not {LeafSize}");
    }

    /// <summary>Clusters the rows of <paramref name="x"/>; <paramref name="y"/> is ignored. Sample weights count towards core-sample density.</summary>
    public DbscanModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        Validate();
        var m = ClusteringInputs.TrainingMatrix(x, "DBSCAN");
        var w = ModelInputs.CheckSampleWeight(sampleWeight, m.Rows);
        var n = m.Rows;
        var index = new NeighborIndex(m, Metric, Algorithm, LeafSize);

        // Every row's neighbourhood, in compressed rows (chunks of queries run in parallel and join in order).
        var chunks = new RowChunks(n, 1, 256);
        var lists = new List<int>[chunks.Count];
        chunks.For(n >= 512, c =>
        {
            var list = new List<int>();
            var counts = new List<int>();
            for (var i = chunks.Start(c); i < chunks.End(c); i++)
            {
                var before = list.Count;
                index.Radius(index.Prepare(m.Row(i)), Eps, list, sorted: false);
                counts.Add(list.Count - before);
            }
            list.AddRange(counts);
            lists[c] = list;
        });
        var start = new int[n + 1];
        var total = 0L;
        for (var c = 0; c < chunks.Count; c++) total += lists[c].Count - (chunks.End(c) - chunks.Start(c));
        if (total > int.MaxValue) throw new AugurException($"DBSCAN found more than {int.MaxValue} neighbour pairs; lower eps");
        var neighbors = new int[total];
        var pos = 0;
        for (var c = 0; c < chunks.Count; c++)
        {
            var list = lists[c];
            var rows = chunks.End(c) - chunks.Start(c);
            var pairs = list.Count - rows;
            var p = 0;
            for (var r = 0; r < rows; r++)
            {
                var count = list[pairs + r];
                var i = chunks.Start(c) + r;
                start[i] = pos;
                for (var t = 0; t < count; t++) neighbors[pos++] = list[p++];
            }
            lists[c] = null!;
        }
        start[n] = pos;

        var core = new bool[n];
        for (var i = 0; i < n; i++)
        {
            double weight;
            if (w is null) weight = start[i + 1] - start[i];
            else
            {
                weight = 0;
                for (var p = start[i]; p < start[i + 1]; p++) weight += w[neighbors[p]];
            }
            core[i] = weight >= MinSamples;
        }

        // Expand clusters from core samples in row order.
        var labels = new int[n];
        labels.AsSpan().Fill(-1);
        var stack = new Stack<int>();
        var cluster = 0;
        for (var i = 0; i < n; i++)
        {
            if (labels[i] != -1 || !core[i]) continue;
            labels[i] = cluster;
            stack.Push(i);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                for (var t = start[p]; t < start[p + 1]; t++)
                {
                    var v = neighbors[t];
                    if (labels[v] != -1) continue;
                    labels[v] = cluster;
                    if (core[v]) stack.Push(v);
                }
            }
            cluster++;
        }
        var coreIndices = Enumerable.Range(0, n).Where(i => core[i]).ToArray();
        var signature = ModelSignature.Infer(x, ModelTask.Clustering, allowsMissing: false);
        return new DbscanModel(this, signature, labels, coreIndices, m.TakeRows(coreIndices));
    }

    /// <summary>Fits and returns the training rows' cluster labels (−1 for noise).</summary>
    public Int64Column FitPredict(Frame x, double[]? sampleWeight = null) => Fit(x, null, sampleWeight).LabelsColumn;
}

/// <summary>
/// A fitted <see cref="Dbscan"/>: training labels (−1 for noise), the core samples and their coordinates. scikit-learn
/// cannot label new rows; <see cref="Predict"/> gives a new row the label of its nearest core sample when that lies within
/// <c>eps</c> (the row would be a border point of that cluster), and −1 (noise) otherwise. A training row that was a
/// border point reachable from two clusters may get the other cluster's label this way. Immutable and thread-safe.
/// </summary>
public sealed class DbscanModel : IPredictor
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "dbscan";

    private readonly int[] _labels;
    private readonly int[] _coreIndices;
    private readonly Matrix _components;
    private readonly int[] _coreLabels;
    private readonly NeighborIndex _index;

    internal DbscanModel(Dbscan options, ModelSignature signature, int[] labels, int[] coreIndices, Matrix components)
    {
        Options = options;
        Signature = signature;
        _labels = labels;
        _coreIndices = coreIndices;
        _components = components;
        _coreLabels = coreIndices.Select(i => labels[i]).ToArray();
        _index = new NeighborIndex(components, options.Metric, options.Algorithm, options.LeafSize);
        NClusters = labels.Length == 0 ? 0 : labels.Max() + 1;
    }

    /// <summary>The options the model was fitted with.</summary>
    public Dbscan Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Clustering;

    /// <summary>The cluster label of every training row (−1 for noise).</summary>
    public IReadOnlyList<int> Labels => ClusteringInputs.ReadOnly(_labels);

    /// <summary>The training labels as a column named <c>cluster</c>.</summary>
    public Int64Column LabelsColumn => ClusteringInputs.LabelsColumn(_labels);

    /// <summary>The training rows that are core samples, ascending.</summary>
    public IReadOnlyList<int> CoreSampleIndices => ClusteringInputs.ReadOnly(_coreIndices);

    /// <summary>The core samples' features, one row per core sample (a copy).</summary>
    public Matrix Components => _components.Clone();

    /// <summary>The number of clusters found (noise excluded).</summary>
    public int NClusters { get; }

    /// <summary>The label of every row: that of its nearest core sample within <c>eps</c>, or −1. Returns a column named <c>cluster</c>.</summary>
    public Column Predict(Frame x) => ClusteringInputs.LabelsColumn(PredictLabels(x));

    /// <summary>The label of every row: that of its nearest core sample within <c>eps</c>, or −1.</summary>
    public int[] PredictLabels(Frame x)
    {
        var m = Signature.Features(x, "DBSCAN");
        var result = new int[m.Rows];
        var chunks = new RowChunks(m.Rows, 1, 256);
        chunks.For(m.Rows >= 512, c =>
        {
            for (var i = chunks.Start(c); i < chunks.End(c); i++)
            {
                var nearest = _index.Nearest(_index.Prepare(m.Row(i)), Options.Eps);
                result[i] = nearest < 0 ? -1 : _coreLabels[nearest];
            }
        });
        return result;
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("signature", Signature);
        writer.WriteOptions(Options);
        writer.Write("labels", _labels);
        writer.Write("core_sample_indices", _coreIndices);
        writer.Write("components", _components);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static DbscanModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var signature = reader.ReadSignature("signature");
        var options = reader.ReadOptions<Dbscan>();
        var labels = reader.ReadInt32s("labels");
        var core = reader.ReadInt32s("core_sample_indices");
        var components = reader.ReadMatrix("components", core.Length, signature.Inputs.Count);
        reader.Require(labels.All(l => l >= -1), "labels", "a label is below -1");
        reader.Require(core.All(i => i >= 0 && i < labels.Length && labels[i] >= 0), "core_sample_indices", "a core sample index is out of range or unlabelled");
        return new DbscanModel(options, signature, labels, core, components);
    }
}
