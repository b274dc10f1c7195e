using Augur.Data;
using Augur.NaiveBayes;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Neighbors;

/// <summary>
/// k-nearest-neighbours classification (scikit-learn's <c>KNeighborsClassifier</c>): each row takes the majority class
/// of its k nearest training rows, optionally weighted by inverse distance. Ties between equally distant training rows
/// are broken exactly as scikit-learn's brute-force search breaks them, whatever the algorithm.
/// </summary>
public sealed record KNeighborsClassifier : IEstimator<KNeighborsClassifierModel>
{
    /// <summary>Number of neighbours.</summary>
    public int NNeighbors { get; init; } = 5;

    /// <summary>How neighbours' votes are weighted.</summary>
    public NeighborWeights Weights { get; init; } = NeighborWeights.Uniform;

    /// <summary>The search algorithm (results do not depend on it).</summary>
    public NeighborAlgorithm Algorithm { get; init; } = NeighborAlgorithm.Auto;

    /// <summary>Leaf size of the KD-tree.</summary>
    public int LeafSize { get; init; } = 30;

    /// <summary>Power of the Minkowski metric.</summary>
    public double P { get; init; } = 2;

    /// <summary>The distance.</summary>
    public NeighborMetric Metric { get; init; } = NeighborMetric.Minkowski;

    /// <inheritdoc />
    public KNeighborsClassifierModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = "KNeighborsClassifier";
        if (sampleWeight is not null) throw new AugurException($"{name} does not support sample weights");
        var data = NeighborsCore.ReadTraining(x, name);
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, x.RowCount, name, minClasses: 1);
        NeighborsCore.CheckNeighbors(NNeighbors, data.Rows, name);
        var signature = ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), allowsMissing: false, y, classes);
        return new KNeighborsClassifierModel(this, signature, classes, data, encoded);
    }
}

/// <summary>A fitted <see cref="KNeighborsClassifier"/>: the training rows, their classes and a search index.</summary>
public sealed class KNeighborsClassifierModel : IClassifier
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "knn_classifier";

    private const string Name = "KNeighborsClassifier";
    private readonly NeighborIndex _index;
    private readonly int[] _y;

    internal KNeighborsClassifierModel(KNeighborsClassifier options, ModelSignature signature, ClassLabels classes, Matrix data, int[] y)
    {
        Options = options;
        Signature = signature;
        Classes = classes;
        _y = y;
        _index = NeighborsCore.BuildIndex(data, options.NNeighbors, options.Algorithm, options.Metric, options.P, options.LeafSize, Name);
        TrainingData = data;
    }

    /// <summary>The options the model was fitted with.</summary>
    public KNeighborsClassifier Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ModelTask Task => Signature.Task;

    /// <inheritdoc />
    public ClassLabels Classes { get; }

    /// <summary>The training rows (rows × features).</summary>
    public Matrix TrainingData { get; }

    /// <summary>The class index of every training row.</summary>
    public IReadOnlyList<int> TrainingClasses => _y;

    /// <summary>True when queries go through a KD-tree rather than brute force.</summary>
    public bool UsesKdTree => _index.UsesTree;

    /// <summary>The <paramref name="nNeighbors"/> (default: the model's k) nearest training rows of every row of <paramref name="x"/>.</summary>
    public NeighborQueryResult Kneighbors(Frame x, int? nNeighbors = null) =>
        NeighborsCore.Kneighbors(_index, Signature, x, nNeighbors ?? Options.NNeighbors, Name);

    /// <inheritdoc />
    public Column Predict(Frame x)
    {
        var nb = Kneighbors(x);
        var k = nb.K;
        var c = Classes.Count;
        var result = new int[nb.Rows];
        var w = new double[k];
        var template = new double[k];
        var counts = new int[c];
        for (var i = 0; i < nb.Rows; i++)
        {
            if (Options.Weights == NeighborWeights.Uniform)
            {
                Array.Clear(counts);
                for (var j = 0; j < k; j++) counts[_y[nb.Index(i, j)]]++;
                var best = 0;
                for (var cl = 1; cl < c; cl++) if (counts[cl] > counts[best]) best = cl;
                result[i] = best;
            }
            else
            {
                NeighborsCore.DistanceWeights(nb.Distances.Row(i), w);
                // Per class, the weights of its neighbours summed over the k positions (NumPy order); first maximum wins.
                var best = 0;
                var bestScore = 0.0;
                for (var cl = 0; cl < c; cl++)
                {
                    var present = false;
                    for (var j = 0; j < k; j++)
                    {
                        var mine = _y[nb.Index(i, j)] == cl;
                        template[j] = mine ? w[j] : 0.0;
                        present |= mine;
                    }
                    if (!present) continue;
                    var score = NaiveBayesMath.NumpySum(template);
                    if (score > bestScore) { bestScore = score; best = cl; }
                }
                result[i] = best;
            }
        }
        return Classes.Decode(result);
    }

    /// <inheritdoc />
    public Matrix PredictProba(Frame x)
    {
        var nb = Kneighbors(x);
        var k = nb.K;
        var proba = new Matrix(nb.Rows, Classes.Count);
        var w = new double[k];
        for (var i = 0; i < nb.Rows; i++)
        {
            var row = proba.Row(i);
            if (Options.Weights == NeighborWeights.Uniform) Array.Fill(w, 1.0);
            else NeighborsCore.DistanceWeights(nb.Distances.Row(i), w);
            for (var j = 0; j < k; j++) row[_y[nb.Index(i, j)]] += w[j];
            var norm = NaiveBayesMath.NumpySum(row);
            if (norm == 0) norm = 1;
            for (var cl = 0; cl < row.Length; cl++) row[cl] /= norm;
        }
        return proba;
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        NeighborsCore.SaveTraining(writer, Options, Signature, TrainingData);
        writer.Write("classes", Classes);
        writer.Write("fit_y", _y);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static KNeighborsClassifierModel Load(ModelReader reader)
    {
        var (options, signature, data) = NeighborsCore.ReadTraining<KNeighborsClassifier>(reader);
        var classes = reader.ReadClassLabels("classes");
        var y = reader.ReadInt32s("fit_y", data.Rows);
        reader.Require(y.All(v => v >= 0 && v < classes.Count), "fit_y", "class indices are out of range");
        NeighborsCore.RequireNeighbors(reader, options.NNeighbors, data.Rows);
        return new KNeighborsClassifierModel(options, signature, classes, data, y);
    }
}
