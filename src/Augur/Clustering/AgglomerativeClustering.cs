using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Clustering;

/// <summary>
/// Hierarchical agglomerative clustering (scikit-learn's <c>AgglomerativeClustering</c> without a connectivity graph):
/// starts from single rows and repeatedly merges the two closest clusters under the chosen <see cref="Linkage"/>, then
/// cuts the tree into <see cref="NClusters"/> clusters or wherever merges are at least <see cref="DistanceThreshold"/>
/// apart. The full tree is always built; its merges and distances are exposed. Labels are numbered as scikit-learn's.
/// </summary>
public sealed record AgglomerativeClustering : IEstimator<AgglomerativeClusteringModel>
{
    /// <summary>The number of clusters to cut the tree into; must be <c>null</c> when <see cref="DistanceThreshold"/> is set.</summary>
    public int? NClusters { get; init; } = 2;

    /// <summary>When set (and <see cref="NClusters"/> is <c>null</c>), cut the tree where merge distances reach this value.</summary>
    public double? DistanceThreshold { get; init; }

    /// <summary>The linkage criterion.</summary>
    public LinkageMethod Linkage { get; init; } = LinkageMethod.Ward;

    /// <summary>The distance between rows (Ward needs Euclidean).</summary>
    public ClusteringMetric Metric { get; init; } = ClusteringMetric.Euclidean;

    private void Validate(int rows)
    {
        if (NClusters is null == DistanceThreshold is null)
            throw new AugurException("AgglomerativeClustering needs exactly one of 'n_clusters' and 'distance_threshold'; set the other to none");
        if (NClusters is < 1) throw new AugurException($"AgglomerativeClustering option 'n_clusters' must be at least 1, not {NClusters}");
        if (NClusters > rows) throw new AugurException($"AgglomerativeClustering needs at least n_clusters={NClusters} rows, but the data has {rows}");
        if (DistanceThreshold is { } t && !(t >= 0)) throw new AugurException($"AgglomerativeClustering option 'distance_threshold' must be non-negative, not {t}");
        if (Linkage == LinkageMethod.Ward && Metric != ClusteringMetric.Euclidean)
            throw new AugurException($"ward linkage works only with euclidean distances, not {Metric.ToString().ToLowerInvariant()}; choose another linkage");
    }

    /// <summary>Clusters the rows of <paramref name="x"/>; <paramref name="y"/> is ignored. Sample weights are not used.</summary>
    public AgglomerativeClusteringModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        var m = ClusteringInputs.TrainingMatrix(x, nameof(AgglomerativeClustering), minRows: 2);
        ClusteringInputs.NoSampleWeight(sampleWeight, nameof(AgglomerativeClustering));
        Validate(m.Rows);
        var n = m.Rows;
        var merges = Clustering.Linkage.Build(m, Linkage, Metric);
        var clusters = NClusters ?? merges.Count(mg => mg.Distance >= DistanceThreshold!.Value) + 1;
        var labels = Clustering.Linkage.Cut(merges, n, clusters);
        var signature = ModelSignature.Infer(x, ModelTask.Clustering, allowsMissing: false);
        return AgglomerativeClusteringModel.Create(this, signature, merges, labels, clusters, m);
    }

    /// <summary>Fits and returns the training rows' cluster labels.</summary>
    public Int64Column FitPredict(Frame x) => Fit(x).LabelsColumn;
}

/// <summary>
/// A fitted <see cref="AgglomerativeClustering"/>: the merge tree, its distances and the training labels. scikit-learn
/// cannot label new rows; here <see cref="Predict"/> uses, for Ward linkage, the nearest cluster centroid (Ward merges
/// minimise squared distances to centroids), and for single, complete and average linkage the label of the nearest
/// training row under the model's metric (lowest row on ties). Immutable and thread-safe.
/// </summary>
public sealed class AgglomerativeClusteringModel : IPredictor
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "agglomerative_clustering";

    private readonly Merge[] _merges;
    private readonly int[] _labels;
    private readonly Matrix _centroids;
    private readonly Matrix? _training;
    private readonly CentroidCore? _centroidCore;
    private readonly NeighborIndex? _index;

    private AgglomerativeClusteringModel(AgglomerativeClustering options, ModelSignature signature, Merge[] merges, int[] labels, int clusters, Matrix centroids, Matrix? training)
    {
        Options = options;
        Signature = signature;
        _merges = merges;
        _labels = labels;
        NClustersFound = clusters;
        _centroids = centroids;
        if (options.Linkage == LinkageMethod.Ward) _centroidCore = new CentroidCore(centroids);
        else
        {
            _training = training ?? throw new ArgumentNullException(nameof(training));
            _index = new NeighborIndex(training, options.Metric, DbscanAlgorithm.Auto);
        }
    }

    internal static AgglomerativeClusteringModel Create(AgglomerativeClustering options, ModelSignature signature, Merge[] merges, int[] labels, int clusters, Matrix training)
    {
        var centroids = new Matrix(clusters, training.Cols);
        var counts = new int[clusters];
        for (var i = 0; i < labels.Length; i++)
        {
            counts[labels[i]]++;
            System.Numerics.Tensors.TensorPrimitives.Add(centroids.Row(labels[i]), training.Row(i), centroids.Row(labels[i]));
        }
        for (var c = 0; c < clusters; c++)
            if (counts[c] > 0) System.Numerics.Tensors.TensorPrimitives.Divide(centroids.Row(c), counts[c], centroids.Row(c));
        return new AgglomerativeClusteringModel(options, signature, merges, labels, clusters, centroids,
            options.Linkage == LinkageMethod.Ward ? null : training);
    }

    /// <summary>The options the model was fitted with.</summary>
    public AgglomerativeClustering Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Clustering;

    /// <summary>The cluster label of every training row.</summary>
    public IReadOnlyList<int> Labels => ClusteringInputs.ReadOnly(_labels);

    /// <summary>The training labels as a column named <c>cluster</c>.</summary>
    public Int64Column LabelsColumn => ClusteringInputs.LabelsColumn(_labels);

    /// <summary>The number of clusters the tree was cut into (scikit-learn's <c>n_clusters_</c>).</summary>
    public int NClustersFound { get; }

    /// <summary>The number of leaves (training rows).</summary>
    public int NLeaves => _labels.Length;

    /// <summary>The merges in order (scikit-learn's <c>children_</c>, <c>distances_</c> and the SciPy linkage matrix's sizes).</summary>
    public IReadOnlyList<Merge> Merges => Array.AsReadOnly(_merges);

    /// <summary>The two children of every merge (scikit-learn's <c>children_</c>).</summary>
    public IReadOnlyList<(int Left, int Right)> Children => _merges.Select(m => (m.Left, m.Right)).ToArray();

    /// <summary>The distance of every merge (scikit-learn's <c>distances_</c>).</summary>
    public IReadOnlyList<double> Distances => _merges.Select(m => m.Distance).ToArray();

    /// <summary>The mean of each cluster's training rows (a copy).</summary>
    public Matrix Centroids => _centroids.Clone();

    /// <summary>Labels new rows (see the class remarks for the rule), as a column named <c>cluster</c>.</summary>
    public Column Predict(Frame x) => ClusteringInputs.LabelsColumn(PredictLabels(x));

    /// <summary>Labels new rows: nearest centroid for Ward linkage, nearest training row's label otherwise.</summary>
    public int[] PredictLabels(Frame x)
    {
        var m = Signature.Features(x, nameof(AgglomerativeClustering));
        if (_centroidCore is not null) return _centroidCore.Nearest(m);
        var result = new int[m.Rows];
        var chunks = new RowChunks(m.Rows, 1, 256);
        chunks.For(m.Rows >= 512, c =>
        {
            for (var i = chunks.Start(c); i < chunks.End(c); i++)
                result[i] = _labels[_index!.Nearest(_index.Prepare(m.Row(i)), double.PositiveInfinity)];
        });
        return result;
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("signature", Signature);
        writer.WriteOptions(Options);
        writer.Write("children_left", _merges.Select(m => m.Left).ToArray());
        writer.Write("children_right", _merges.Select(m => m.Right).ToArray());
        writer.Write("distances", _merges.Select(m => m.Distance).ToArray());
        writer.Write("labels", _labels);
        writer.Write("n_clusters", NClustersFound);
        writer.Write("training", _training ?? new Matrix(0, Signature.Inputs.Count));
        writer.Write("centroids", _centroids);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static AgglomerativeClusteringModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var signature = reader.ReadSignature("signature");
        var options = reader.ReadOptions<AgglomerativeClustering>();
        var labels = reader.ReadInt32s("labels");
        var n = labels.Length;
        reader.Require(n >= 2, "labels", "an agglomerative model needs at least two training rows");
        var left = reader.ReadInt32s("children_left", n - 1);
        var right = reader.ReadInt32s("children_right", n - 1);
        var distances = reader.ReadDoubles("distances", n - 1);
        var clusters = reader.ReadInt32("n_clusters", 1, n);
        reader.Require(labels.All(l => l >= 0 && l < clusters), "labels", "a label is out of range");
        var sizes = new int[2 * n - 1];
        for (var i = 0; i < n; i++) sizes[i] = 1;
        var merges = new Merge[n - 1];
        for (var i = 0; i < n - 1; i++)
        {
            reader.Require(left[i] >= 0 && left[i] < n + i && right[i] >= 0 && right[i] < n + i && left[i] != right[i], "children_left", $"merge {i} names an invalid node");
            sizes[n + i] = sizes[left[i]] + sizes[right[i]];
            merges[i] = new Merge(left[i], right[i], distances[i], sizes[n + i]);
        }
        var centroids = reader.ReadMatrix("centroids", clusters, signature.Inputs.Count);
        var training = options.Linkage == LinkageMethod.Ward ? null : reader.ReadMatrix("training", n, signature.Inputs.Count);
        return new AgglomerativeClusteringModel(options, signature, merges, labels, clusters, centroids, training);
    }
}
