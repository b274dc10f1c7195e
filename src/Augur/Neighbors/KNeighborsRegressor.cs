using Augur.Data;
using Augur.NaiveBayes;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Neighbors;

/// <summary>
/// k-nearest-neighbours regression (scikit-learn's <c>KNeighborsRegressor</c>): the mean (or inverse-distance weighted
/// mean) of the targets of the k nearest training rows.
/// </summary>
public sealed record KNeighborsRegressor : IEstimator<KNeighborsRegressorModel>
{
    /// <summary>Number of neighbours.</summary>
    public int NNeighbors { get; init; } = 5;

    /// <summary>How neighbours' values are weighted.</summary>
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
    public KNeighborsRegressorModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = "KNeighborsRegressor";
        if (sampleWeight is not null) throw new AugurException($"{name} does not support sample weights");
        var data = NeighborsCore.ReadTraining(x, name);
        var target = ModelInputs.RegressionTarget(y, x.RowCount, name);
        NeighborsCore.CheckNeighbors(NNeighbors, data.Rows, name);
        var signature = ModelSignature.Infer(x, ModelTask.Regression, allowsMissing: false, y);
        return new KNeighborsRegressorModel(this, signature, data, target);
    }
}

/// <summary>A fitted <see cref="KNeighborsRegressor"/>.</summary>
public sealed class KNeighborsRegressorModel : IRegressor
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "knn_regressor";

    private const string Name = "KNeighborsRegressor";
    private readonly NeighborIndex _index;
    private readonly double[] _y;

    internal KNeighborsRegressorModel(KNeighborsRegressor options, ModelSignature signature, Matrix data, double[] y)
    {
        Options = options;
        Signature = signature;
        _y = y;
        _index = NeighborsCore.BuildIndex(data, options.NNeighbors, options.Algorithm, options.Metric, options.P, options.LeafSize, Name);
        TrainingData = data;
    }

    /// <summary>The options the model was fitted with.</summary>
    public KNeighborsRegressor Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Regression;

    /// <summary>The training rows (rows × features).</summary>
    public Matrix TrainingData { get; }

    /// <summary>The training targets.</summary>
    public IReadOnlyList<double> TrainingTargets => _y;

    /// <summary>True when queries go through a KD-tree rather than brute force.</summary>
    public bool UsesKdTree => _index.UsesTree;

    /// <summary>The <paramref name="nNeighbors"/> (default: the model's k) nearest training rows of every row of <paramref name="x"/>.</summary>
    public NeighborQueryResult Kneighbors(Frame x, int? nNeighbors = null) =>
        NeighborsCore.Kneighbors(_index, Signature, x, nNeighbors ?? Options.NNeighbors, Name);

    /// <inheritdoc />
    public double[] PredictValues(Frame x)
    {
        var nb = Kneighbors(x);
        var k = nb.K;
        var result = new double[nb.Rows];
        var vals = new double[k];
        var w = new double[k];
        for (var i = 0; i < nb.Rows; i++)
        {
            for (var j = 0; j < k; j++) vals[j] = _y[nb.Index(i, j)];
            if (Options.Weights == NeighborWeights.Uniform)
            {
                result[i] = NaiveBayesMath.NumpySum(vals) / k;
            }
            else
            {
                NeighborsCore.DistanceWeights(nb.Distances.Row(i), w);
                var denom = NaiveBayesMath.NumpySum(w);
                for (var j = 0; j < k; j++) vals[j] *= w[j];
                result[i] = NaiveBayesMath.NumpySum(vals) / denom;
            }
        }
        return result;
    }

    /// <inheritdoc />
    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        NeighborsCore.SaveTraining(writer, Options, Signature, TrainingData);
        writer.Write("fit_y", _y);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static KNeighborsRegressorModel Load(ModelReader reader)
    {
        var (options, signature, data) = NeighborsCore.ReadTraining<KNeighborsRegressor>(reader);
        var y = reader.ReadDoubles("fit_y", data.Rows);
        NeighborsCore.RequireNeighbors(reader, options.NNeighbors, data.Rows);
        return new KNeighborsRegressorModel(options, signature, data, y);
    }
}
