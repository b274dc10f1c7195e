using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.NaiveBayes;

/// <summary>What fitting a count-based naive Bayes model shares: classes, counts, priors.</summary>
internal sealed record DiscreteNBFitResult(
    ModelSignature Signature,
    ClassLabels Classes,
    Matrix FeatureCount,
    double[] ClassCount,
    double[] ClassLogPrior)
{
    /// <summary>The fitted state, completed with the model's feature log probabilities (or weights).</summary>
    public DiscreteNBState With(Matrix featureLogProb) => new(Signature, Classes, FeatureCount, ClassCount, ClassLogPrior, featureLogProb);
}

/// <summary>The fitted state every count-based naive Bayes model keeps and writes to its model file.</summary>
internal sealed record DiscreteNBState(
    ModelSignature Signature,
    ClassLabels Classes,
    Matrix FeatureCount,
    double[] ClassCount,
    double[] ClassLogPrior,
    Matrix FeatureLogProb);

/// <summary>Fitting and prediction steps shared by <see cref="MultinomialNB"/>, <see cref="BernoulliNB"/> and <see cref="ComplementNB"/>.</summary>
internal static class DiscreteNB
{
    /// <summary>Reads the data, counts features per class (sample weights multiply the counts) and sets the class prior.</summary>
    public static DiscreteNBFitResult Fit(Frame x, Column? y, double[]? sampleWeight, string model, bool fitPrior, double[]? classPrior,
        Func<NaiveBayesInput, NaiveBayesInput> prepare, bool nonNegative)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.RowCount == 0) throw new AugurException($"{model} needs at least one row to fit");
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, x.RowCount, model, minClasses: 1);
        var weights = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var signature = ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), allowsMissing: false, y, classes);
        var input = prepare(NaiveBayesInput.Read(x, model));
        if (nonNegative) input.RequireNonNegative(model);
        var (fc, cc) = input.CountByClass(encoded, classes.Count, weights);
        var k = classes.Count;
        double[] logPrior;
        if (classPrior is not null)
        {
            logPrior = NaiveBayesMath.CheckPrior(classPrior, k, "class_prior", model, requireSumOne: false).Select(v => Math.Log(v)).ToArray();
        }
        else if (fitPrior)
        {
            var logTotal = Math.Log(NaiveBayesMath.NumpySum(cc));
            logPrior = cc.Select(c => Math.Log(c) - logTotal).ToArray();
        }
        else
        {
            logPrior = Enumerable.Repeat(-Math.Log(k), k).ToArray();
        }
        return new DiscreteNBFitResult(signature, classes, fc, cc, logPrior);
    }

    /// <summary>The input of a fitted model, columns matched by name, dense or sparse.</summary>
    public static NaiveBayesInput Read(ModelSignature signature, Frame x, string model)
    {
        ArgumentNullException.ThrowIfNull(x);
        return NaiveBayesInput.Read(signature.Conform(x, model), model);
    }

    /// <summary>Writes the parts every count model has: its options, then the fitted state.</summary>
    public static void Save<TOptions>(ModelWriter writer, TOptions options, DiscreteNBState state)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(options);
        writer.Write("signature", state.Signature);
        writer.Write("classes", state.Classes);
        writer.Write("feature_count", state.FeatureCount);
        writer.Write("class_count", state.ClassCount);
        writer.Write("class_log_prior", state.ClassLogPrior);
        writer.Write("feature_log_prob", state.FeatureLogProb);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public static (TOptions Options, DiscreteNBState State) Load<TOptions>(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<TOptions>();
        var signature = reader.ReadSignature("signature");
        var classes = reader.ReadClassLabels("classes");
        var p = signature.Inputs.Count;
        var k = classes.Count;
        return (options, new DiscreteNBState(signature, classes, reader.ReadMatrix("feature_count", k, p), reader.ReadDoubles("class_count", k),
            reader.ReadDoubles("class_log_prior", k), reader.ReadMatrix("feature_log_prob", k, p)));
    }
}

/// <summary>
/// Multinomial naive Bayes (scikit-learn's <c>MultinomialNB</c>) for counts or frequencies such as word counts or
/// tf-idf. Reads sparse columns without densifying.
/// </summary>
public sealed record MultinomialNB : IEstimator<MultinomialNBModel>
{
    /// <summary>Additive (Laplace/Lidstone) smoothing; values below 1e-10 are raised to 1e-10 unless <see cref="ForceAlpha"/>.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Keep <see cref="Alpha"/> even when it is below 1e-10.</summary>
    public bool ForceAlpha { get; init; }

    /// <summary>Learn class priors from the data; when false, classes are equally likely.</summary>
    public bool FitPrior { get; init; } = true;

    /// <summary>Prior probability of each class (sorted class order); overrides <see cref="FitPrior"/>.</summary>
    public double[]? ClassPrior { get; init; }

    /// <inheritdoc />
    public MultinomialNBModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = "MultinomialNB";
        var alpha = NaiveBayesMath.CheckAlpha(Alpha, ForceAlpha, name);
        var r = DiscreteNB.Fit(x, y, sampleWeight, name, FitPrior, ClassPrior, i => i, nonNegative: true);
        var fc = r.FeatureCount;
        var flp = new Matrix(fc.Rows, fc.Cols);
        var smoothed = new double[fc.Cols];
        for (var c = 0; c < fc.Rows; c++)
        {
            var row = fc.Row(c);
            for (var j = 0; j < smoothed.Length; j++) smoothed[j] = row[j] + alpha;
            var logTotal = Math.Log(NaiveBayesMath.NumpySum(smoothed));
            for (var j = 0; j < smoothed.Length; j++) flp[c, j] = Math.Log(smoothed[j]) - logTotal;
        }
        return new MultinomialNBModel(this, r.With(flp));
    }
}

/// <summary>A fitted <see cref="MultinomialNB"/>.</summary>
public sealed class MultinomialNBModel : IClassifier
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "multinomial_nb";

    private readonly DiscreteNBState _state;

    internal MultinomialNBModel(MultinomialNB options, DiscreteNBState state)
    {
        Options = options;
        _state = state;
    }

    /// <summary>The options the model was fitted with.</summary>
    public MultinomialNB Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature => _state.Signature;

    /// <inheritdoc />
    public ModelTask Task => Signature.Task;

    /// <inheritdoc />
    public ClassLabels Classes => _state.Classes;

    /// <summary>Weighted feature totals per class (classes × features).</summary>
    public Matrix FeatureCount => _state.FeatureCount;

    /// <summary>Number (or total weight) of training rows per class.</summary>
    public IReadOnlyList<double> ClassCount => _state.ClassCount;

    /// <summary>Log prior of each class.</summary>
    public IReadOnlyList<double> ClassLogPrior => _state.ClassLogPrior;

    /// <summary>Log probability of each feature given the class (classes × features).</summary>
    public Matrix FeatureLogProb => _state.FeatureLogProb;

    /// <summary>Unnormalised joint log-likelihood log P(x, c) for every row and class.</summary>
    public Matrix PredictJointLogProba(Frame x)
    {
        var input = DiscreteNB.Read(Signature, x, "MultinomialNB");
        var jll = new Matrix(input.Rows, Classes.Count);
        input.AddProductTransposed(FeatureLogProb, jll);
        for (var i = 0; i < jll.Rows; i++)
        {
            var row = jll.Row(i);
            for (var c = 0; c < row.Length; c++) row[c] += ClassLogPrior[c];
        }
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
        DiscreteNB.Save(writer, Options, _state);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static MultinomialNBModel Load(ModelReader reader)
    {
        var (options, state) = DiscreteNB.Load<MultinomialNB>(reader);
        return new MultinomialNBModel(options, state);
    }
}

/// <summary>
/// Bernoulli naive Bayes (scikit-learn's <c>BernoulliNB</c>) for binary features: values above <see cref="Binarize"/>
/// count as present. Reads sparse columns without densifying.
/// </summary>
public sealed record BernoulliNB : IEstimator<BernoulliNBModel>
{
    /// <summary>Additive (Laplace/Lidstone) smoothing; values below 1e-10 are raised to 1e-10 unless <see cref="ForceAlpha"/>.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Keep <see cref="Alpha"/> even when it is below 1e-10.</summary>
    public bool ForceAlpha { get; init; }

    /// <summary>Threshold above which a feature counts as present; null when the input is already binary.</summary>
    public double? Binarize { get; init; } = 0.0;

    /// <summary>Learn class priors from the data; when false, classes are equally likely.</summary>
    public bool FitPrior { get; init; } = true;

    /// <summary>Prior probability of each class (sorted class order); overrides <see cref="FitPrior"/>.</summary>
    public double[]? ClassPrior { get; init; }

    /// <inheritdoc />
    public BernoulliNBModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = "BernoulliNB";
        var alpha = NaiveBayesMath.CheckAlpha(Alpha, ForceAlpha, name);
        if (Binarize is { } b && double.IsNaN(b)) throw new AugurException($"{name} option 'binarize' cannot be NaN");
        var threshold = Binarize;
        var r = DiscreteNB.Fit(x, y, sampleWeight, name, FitPrior, ClassPrior, i => threshold is { } t ? i.Binarize(t) : i, nonNegative: false);
        var fc = r.FeatureCount;
        var flp = new Matrix(fc.Rows, fc.Cols);
        for (var c = 0; c < fc.Rows; c++)
        {
            var logDen = Math.Log(r.ClassCount[c] + alpha * 2);
            for (var j = 0; j < fc.Cols; j++) flp[c, j] = Math.Log(fc[c, j] + alpha) - logDen;
        }
        return new BernoulliNBModel(this, r.With(flp));
    }
}

/// <summary>A fitted <see cref="BernoulliNB"/>.</summary>
public sealed class BernoulliNBModel : IClassifier
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "bernoulli_nb";

    private readonly DiscreteNBState _state;
    private readonly Matrix _presentMinusAbsent;
    private readonly double[] _offset;

    internal BernoulliNBModel(BernoulliNB options, DiscreteNBState state)
    {
        Options = options;
        _state = state;
        var featureLogProb = state.FeatureLogProb;
        var classLogPrior = state.ClassLogPrior;
        var k = featureLogProb.Rows;
        var p = featureLogProb.Cols;
        _presentMinusAbsent = new Matrix(k, p);
        _offset = new double[k];
        var neg = new double[p];
        for (var c = 0; c < k; c++)
        {
            for (var j = 0; j < p; j++)
            {
                neg[j] = Math.Log(1 - Math.Exp(featureLogProb[c, j]));
                _presentMinusAbsent[c, j] = featureLogProb[c, j] - neg[j];
            }
            _offset[c] = classLogPrior[c] + NaiveBayesMath.NumpySum(neg);
        }
    }

    /// <summary>The options the model was fitted with.</summary>
    public BernoulliNB Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature => _state.Signature;

    /// <inheritdoc />
    public ModelTask Task => Signature.Task;

    /// <inheritdoc />
    public ClassLabels Classes => _state.Classes;

    /// <summary>Weighted number of rows where each feature is present, per class (classes × features).</summary>
    public Matrix FeatureCount => _state.FeatureCount;

    /// <summary>Number (or total weight) of training rows per class.</summary>
    public IReadOnlyList<double> ClassCount => _state.ClassCount;

    /// <summary>Log prior of each class.</summary>
    public IReadOnlyList<double> ClassLogPrior => _state.ClassLogPrior;

    /// <summary>Log probability that each feature is present given the class (classes × features).</summary>
    public Matrix FeatureLogProb => _state.FeatureLogProb;

    /// <summary>Unnormalised joint log-likelihood log P(x, c) for every row and class.</summary>
    public Matrix PredictJointLogProba(Frame x)
    {
        var input = DiscreteNB.Read(Signature, x, "BernoulliNB");
        if (Options.Binarize is { } t) input = input.Binarize(t);
        var jll = new Matrix(input.Rows, Classes.Count);
        for (var i = 0; i < jll.Rows; i++) _offset.CopyTo(jll.Row(i));
        input.AddProductTransposed(_presentMinusAbsent, jll);
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
        DiscreteNB.Save(writer, Options, _state);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static BernoulliNBModel Load(ModelReader reader)
    {
        var (options, state) = DiscreteNB.Load<BernoulliNB>(reader);
        return new BernoulliNBModel(options, state);
    }
}

/// <summary>
/// Complement naive Bayes (scikit-learn's <c>ComplementNB</c>; Rennie et al. 2003): weights estimated from the
/// complement of each class, suited to imbalanced text data. Reads sparse columns without densifying.
/// </summary>
public sealed record ComplementNB : IEstimator<ComplementNBModel>
{
    /// <summary>Additive (Laplace/Lidstone) smoothing; values below 1e-10 are raised to 1e-10 unless <see cref="ForceAlpha"/>.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Keep <see cref="Alpha"/> even when it is below 1e-10.</summary>
    public bool ForceAlpha { get; init; }

    /// <summary>Learn class priors from the data (only used when the training data holds a single class).</summary>
    public bool FitPrior { get; init; } = true;

    /// <summary>Prior probability of each class (sorted class order); only used with a single class, as in scikit-learn.</summary>
    public double[]? ClassPrior { get; init; }

    /// <summary>Normalise the weights a second time (the paper's variant; scikit-learn's default is false).</summary>
    public bool Norm { get; init; }

    /// <inheritdoc />
    public ComplementNBModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = "ComplementNB";
        var alpha = NaiveBayesMath.CheckAlpha(Alpha, ForceAlpha, name);
        var r = DiscreteNB.Fit(x, y, sampleWeight, name, FitPrior, ClassPrior, i => i, nonNegative: true);
        var fc = r.FeatureCount;
        var k = fc.Rows;
        var p = fc.Cols;
        var all = new double[p];
        for (var c = 0; c < k; c++) System.Numerics.Tensors.TensorPrimitives.Add(all, fc.Row(c), all);
        var flp = new Matrix(k, p);
        var comp = new double[p];
        var logged = new double[p];
        for (var c = 0; c < k; c++)
        {
            for (var j = 0; j < p; j++) comp[j] = all[j] + alpha - fc[c, j];
            var total = NaiveBayesMath.NumpySum(comp);
            for (var j = 0; j < p; j++) logged[j] = Math.Log(comp[j] / total);
            if (Norm)
            {
                var summed = NaiveBayesMath.NumpySum(logged);
                for (var j = 0; j < p; j++) flp[c, j] = logged[j] / summed;
            }
            else
            {
                for (var j = 0; j < p; j++) flp[c, j] = -logged[j];
            }
        }
        return new ComplementNBModel(this, r.With(flp), all);
    }
}

/// <summary>A fitted <see cref="ComplementNB"/>.</summary>
public sealed class ComplementNBModel : IClassifier
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "complement_nb";

    private readonly DiscreteNBState _state;

    internal ComplementNBModel(ComplementNB options, DiscreteNBState state, double[] featureAll)
    {
        Options = options;
        _state = state;
        FeatureAll = featureAll;
    }

    /// <summary>The options the model was fitted with.</summary>
    public ComplementNB Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature => _state.Signature;

    /// <inheritdoc />
    public ModelTask Task => Signature.Task;

    /// <inheritdoc />
    public ClassLabels Classes => _state.Classes;

    /// <summary>Weighted feature totals per class (classes × features).</summary>
    public Matrix FeatureCount => _state.FeatureCount;

    /// <summary>Feature totals over all classes.</summary>
    public IReadOnlyList<double> FeatureAll { get; }

    /// <summary>Number (or total weight) of training rows per class.</summary>
    public IReadOnlyList<double> ClassCount => _state.ClassCount;

    /// <summary>Log prior of each class (used only when there is a single class).</summary>
    public IReadOnlyList<double> ClassLogPrior => _state.ClassLogPrior;

    /// <summary>The complement weights (classes × features; scikit-learn's <c>feature_log_prob_</c>).</summary>
    public Matrix FeatureLogProb => _state.FeatureLogProb;

    /// <summary>Unnormalised joint log-likelihood for every row and class.</summary>
    public Matrix PredictJointLogProba(Frame x)
    {
        var input = DiscreteNB.Read(Signature, x, "ComplementNB");
        var jll = new Matrix(input.Rows, Classes.Count);
        input.AddProductTransposed(FeatureLogProb, jll);
        if (Classes.Count == 1)
            for (var i = 0; i < jll.Rows; i++) jll[i, 0] += ClassLogPrior[0];
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
        DiscreteNB.Save(writer, Options, _state);
        writer.Write("feature_all", FeatureAll.ToArray());
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static ComplementNBModel Load(ModelReader reader)
    {
        var (options, state) = DiscreteNB.Load<ComplementNB>(reader);
        return new ComplementNBModel(options, state, reader.ReadDoubles("feature_all", state.Signature.Inputs.Count));
    }
}
