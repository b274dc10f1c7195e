using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.NaiveBayes;

/// <summary>
/// Gaussian naive Bayes (scikit-learn's <c>GaussianNB</c>): each feature is normal within each class, with its own
/// mean and variance; variances are smoothed by <see cref="VarSmoothing"/> times the largest feature variance.
/// Supports sample weights.
/// </summary>
public sealed record GaussianNB : IEstimator<GaussianNBModel>
{
    /// <summary>Prior probability of each class (in sorted class order); null estimates them from the data.</summary>
    public double[]? Priors { get; init; }

    /// <summary>Portion of the largest feature variance added to every variance, for stability.</summary>
    public double VarSmoothing { get; init; } = 1e-9;

    /// <inheritdoc />
    public GaussianNBModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        const string name = "GaussianNB";
        if (!double.IsFinite(VarSmoothing) || VarSmoothing < 0)
            throw new AugurException($"{name} option 'var_smoothing' must be a finite non-negative number, not {VarSmoothing}");
        if (x.RowCount == 0) throw new AugurException($"{name} needs at least one row to fit");
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, x.RowCount, name, minClasses: 1);
        var weights = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var signature = ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), allowsMissing: false, y, classes);
        var m = x.ToMatrix(false, name);
        var n = m.Rows;
        var p = m.Cols;
        var k = classes.Count;

        // Largest feature variance over all rows (unweighted, as the reference does).
        var (_, allVar) = MeanVar(m, Enumerable.Range(0, n).ToArray(), null);
        var epsilon = VarSmoothing * (p == 0 ? 0 : allVar.Max());

        var theta = new Matrix(k, p);
        var variance = new Matrix(k, p);
        var counts = new double[k];
        var members = new List<int>[k];
        for (var c = 0; c < k; c++) members[c] = new List<int>();
        for (var i = 0; i < n; i++) members[encoded[i]].Add(i);
        for (var c = 0; c < k; c++)
        {
            var rows = members[c].ToArray();
            var (mu, var) = MeanVar(m, rows, weights);
            mu.CopyTo(theta.Row(c));
            for (var j = 0; j < p; j++) variance[c, j] = var[j] + epsilon;
            if (weights is null) counts[c] = rows.Length;
            else counts[c] = NaiveBayesMath.NumpySum(rows.Select(r => weights[r]).ToArray());
        }

        double[] prior;
        if (Priors is not null)
        {
            prior = NaiveBayesMath.CheckPrior(Priors, k, "priors", name, requireSumOne: true);
        }
        else
        {
            var total = NaiveBayesMath.NumpySum(counts);
            prior = counts.Select(v => v / total).ToArray();
        }
        return new GaussianNBModel(this, signature, classes, theta, variance, counts, prior, epsilon);
    }

    // Mean and (population) variance of the selected rows, accumulated row after row like NumPy's axis-0 reductions;
    // with weights, weighted averages.
    private static (double[] Mean, double[] Var) MeanVar(Matrix m, int[] rows, double[]? weights)
    {
        var p = m.Cols;
        var mean = new double[p];
        var var = new double[p];
        if (rows.Length == 0) return (mean, var);
        if (weights is null)
        {
            foreach (var r in rows) System.Numerics.Tensors.TensorPrimitives.Add(mean, m.Row(r), mean);
            for (var j = 0; j < p; j++) mean[j] /= rows.Length;
            foreach (var r in rows)
            {
                var row = m.Row(r);
                for (var j = 0; j < p; j++)
                {
                    var t = row[j] - mean[j];
                    var[j] += t * t;
                }
            }
            for (var j = 0; j < p; j++) var[j] /= rows.Length;
            return (mean, var);
        }
        var wsum = 0.0;
        foreach (var r in rows)
        {
            var w = weights[r];
            wsum += w;
            var row = m.Row(r);
            for (var j = 0; j < p; j++) mean[j] += row[j] * w;
        }
        if (wsum <= 0)
            throw new AugurException("GaussianNB cannot fit a class whose sample weights are all zero");
        for (var j = 0; j < p; j++) mean[j] /= wsum;
        foreach (var r in rows)
        {
            var w = weights[r];
            var row = m.Row(r);
            for (var j = 0; j < p; j++)
            {
                var t = row[j] - mean[j];
                var[j] += t * t * w;
            }
        }
        for (var j = 0; j < p; j++) var[j] /= wsum;
        return (mean, var);
    }
}

/// <summary>A fitted <see cref="GaussianNB"/>: per-class feature means and variances and class priors.</summary>
public sealed class GaussianNBModel : IClassifier
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "gaussian_nb";

    private readonly double[] _logPrior;
    private readonly double[] _logNorm;

    internal GaussianNBModel(GaussianNB options, ModelSignature signature, ClassLabels classes, Matrix theta, Matrix variance,
        double[] classCount, double[] classPrior, double epsilon)
    {
        Options = options;
        Signature = signature;
        Classes = classes;
        Theta = theta;
        Variance = variance;
        ClassCount = classCount;
        ClassPrior = classPrior;
        Epsilon = epsilon;
        _logPrior = classPrior.Select(v => Math.Log(v)).ToArray();
        _logNorm = new double[classes.Count];
        var tmp = new double[theta.Cols];
        for (var c = 0; c < classes.Count; c++)
        {
            for (var j = 0; j < tmp.Length; j++) tmp[j] = Math.Log(2.0 * Math.PI * variance[c, j]);
            _logNorm[c] = -0.5 * NaiveBayesMath.NumpySum(tmp);
        }
    }

    /// <summary>The options the model was fitted with.</summary>
    public GaussianNB Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ModelTask Task => Signature.Task;

    /// <inheritdoc />
    public ClassLabels Classes { get; }

    /// <summary>Mean of each feature per class (classes × features; scikit-learn's <c>theta_</c>).</summary>
    public Matrix Theta { get; }

    /// <summary>Variance of each feature per class, smoothing included (scikit-learn's <c>var_</c>).</summary>
    public Matrix Variance { get; }

    /// <summary>Number (or total weight) of training rows per class.</summary>
    public IReadOnlyList<double> ClassCount { get; }

    /// <summary>Probability of each class.</summary>
    public IReadOnlyList<double> ClassPrior { get; }

    /// <summary>The absolute amount added to every variance.</summary>
    public double Epsilon { get; }

    /// <summary>Unnormalised joint log-likelihood log P(x, c) for every row and class.</summary>
    public Matrix PredictJointLogProba(Frame x)
    {
        var m = Signature.Features(x, "GaussianNB");
        var k = Classes.Count;
        var p = m.Cols;
        var jll = new Matrix(m.Rows, k);
        void RowKernel(int i)
        {
            Span<double> tmp = p <= 512 ? stackalloc double[p] : new double[p];
            var row = m.Row(i);
            for (var c = 0; c < k; c++)
            {
                var mu = Theta.Row(c);
                var va = Variance.Row(c);
                for (var j = 0; j < p; j++)
                {
                    var d = row[j] - mu[j];
                    tmp[j] = d * d / va[j];
                }
                jll[i, c] = _logPrior[c] + (_logNorm[c] - 0.5 * NaiveBayesMath.NumpySum(tmp[..p]));
            }
        }
        if ((long)m.Rows * k * p < DenseOps.ParallelThreshold) for (var i = 0; i < m.Rows; i++) RowKernel(i);
        else Parallel.For(0, m.Rows, RowKernel);
        return jll;
    }

    /// <summary>Log of the class probabilities (rows × classes), normalised with a stable log-sum-exp.</summary>
    public Matrix PredictLogProba(Frame x) => NaiveBayesMath.NormalizeLogRows(PredictJointLogProba(x));

    /// <inheritdoc />
    public Matrix PredictProba(Frame x) => NaiveBayesMath.Exp(PredictLogProba(x));

    /// <inheritdoc />
    public Column Predict(Frame x) => Classes.Decode(NaiveBayesMath.ArgMaxRows(PredictJointLogProba(x)));

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        writer.Write("classes", Classes);
        writer.Write("theta", Theta);
        writer.Write("var", Variance);
        writer.Write("class_count", ClassCount.ToArray());
        writer.Write("class_prior", ClassPrior.ToArray());
        writer.Write("epsilon", Epsilon);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static GaussianNBModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<GaussianNB>();
        var signature = reader.ReadSignature("signature");
        var classes = reader.ReadClassLabels("classes");
        var p = signature.Inputs.Count;
        var k = classes.Count;
        var theta = reader.ReadMatrix("theta", k, p);
        var variance = reader.ReadMatrix("var", k, p);
        reader.Require(variance.Data.All(v => v >= 0 && double.IsFinite(v)), "var", "variances must be finite and non-negative");
        var count = reader.ReadDoubles("class_count", k);
        var prior = reader.ReadDoubles("class_prior", k);
        return new GaussianNBModel(options, signature, classes, theta, variance, count, prior, reader.ReadDouble("epsilon"));
    }
}
