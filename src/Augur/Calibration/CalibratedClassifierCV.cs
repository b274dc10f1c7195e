using Augur.Data;
using Augur.ModelSelection;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Calibration;

/// <summary>
/// Probability calibration with cross-validation (scikit-learn's <c>CalibratedClassifierCV</c>). For each fold of
/// <see cref="Cv"/> stratified folds (or <see cref="Splitter"/>'s), the wrapped classifier is fitted on the training part
/// and a calibrator per class (<see cref="Method"/>) is fitted on its predicted probabilities for the held-out part. With
/// <see cref="Ensemble"/> the calibrated fold classifiers are averaged; without it, the calibrators are fitted on
/// out-of-fold predictions and paired with the classifier fitted on all rows. With <see cref="Prefit"/> an already fitted
/// classifier is calibrated on the data given to <see cref="Fit"/> (scikit-learn's <c>cv="prefit"</c>).
/// Binary problems calibrate the positive class's probability; multiclass problems calibrate each class one-vs-rest and
/// normalise the rows to sum to 1. The classifier's <c>PredictProba</c> supplies the scores.
/// </summary>
public sealed record CalibratedClassifierCV : IEstimator<CalibratedClassifierCVModel>
{
    /// <summary>Creates the estimator without a classifier (set <see cref="Estimator"/> or <see cref="Prefit"/>).</summary>
    public CalibratedClassifierCV() { }

    /// <summary>Creates the estimator around a classifier estimator.</summary>
    public CalibratedClassifierCV(IEstimator<IModel> estimator) => Estimator = estimator;

    /// <summary>Creates the estimator around an already fitted classifier (cv = "prefit").</summary>
    public CalibratedClassifierCV(IClassifier prefit) => Prefit = prefit;

    /// <summary>The classifier estimator to fit and calibrate (its models must be <see cref="IClassifier"/>s).</summary>
    public IEstimator<IModel>? Estimator { get; init; }

    /// <summary>An already fitted classifier to calibrate on the data given to <see cref="Fit"/>; when set, <see cref="Estimator"/>, <see cref="Cv"/> and <see cref="Ensemble"/> are not used.</summary>
    public IClassifier? Prefit { get; init; }

    /// <summary>The calibration method.</summary>
    public CalibrationMethod Method { get; init; } = CalibrationMethod.Sigmoid;

    /// <summary>The number of stratified folds (scikit-learn's integer <c>cv</c>).</summary>
    public int Cv { get; init; } = 5;

    /// <summary>A custom splitter replacing the <see cref="Cv"/> stratified folds (its test sets should cover each row once when <see cref="Ensemble"/> is false).</summary>
    public ISplitter? Splitter { get; init; }

    /// <summary>Average one calibrated classifier per fold (true) or calibrate the classifier fitted on all rows with out-of-fold predictions (false).</summary>
    public bool Ensemble { get; init; } = true;

    /// <summary>Fits and calibrates. <paramref name="y"/> holds the class labels; sample weights go to the classifier and the calibrators.</summary>
    public CalibratedClassifierCVModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        const string name = nameof(CalibratedClassifierCV);
        var n = x.RowCount;
        var w = ModelInputs.CheckSampleWeight(sampleWeight, n);
        if (Prefit is not null)
        {
            if (y is null) throw new AugurException($"{name} needs a target column");
            if (y.Length != n) throw new AugurException($"the target '{y.Name}' has {y.Length} rows but the features have {n}");
            var classes = Prefit.Classes;
            var encoded = classes.Encode(y);
            var calibrated = CalibratedClassifier.Fit(Prefit, classes, x, encoded, w, Method);
            var sig = ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), false, y, classes) with { Inputs = Prefit.Signature.Inputs };
            return new CalibratedClassifierCVModel(sig, classes, Method, [calibrated]);
        }
        if (Estimator is null) throw new AugurException($"{name} needs a classifier: set Estimator (or Prefit for an already fitted one)");
        var (allClasses, codes) = ModelInputs.ClassificationTarget(y, n, name);
        var splitter = Splitter ?? new StratifiedKFold { NSplits = Cv };
        if (Splitter is null)
        {
            if (Cv < 2) throw new AugurException($"{name} option 'cv' must be at least 2, not {Cv}");
            var counts = new int[allClasses.Count];
            foreach (var c in codes) counts[c]++;
            for (var c = 0; c < counts.Length; c++)
                if (counts[c] < Cv)
                    throw new AugurException($"{name} requested {Cv}-fold cross-validation but class '{allClasses[c]}' has only {counts[c]} rows; use fewer folds");
        }
        var folds = splitter.Split(n, y).ToArray();
        var signature = ModelSignature.Infer(x, ModelInputs.ClassificationTask(allClasses), false, y, allClasses);
        if (Ensemble)
        {
            var members = new CalibratedClassifier[folds.Length];
            for (var f = 0; f < folds.Length; f++)
            {
                var fold = folds[f];
                var model = FitClassifier(x.Take(fold.Train), y!.Take(fold.Train), Take(w, fold.Train));
                var testCodes = fold.Test.Select(i => codes[i]).ToArray();
                members[f] = CalibratedClassifier.Fit(model, allClasses, x.Take(fold.Test), testCodes, Take(w, fold.Test), Method);
            }
            return new CalibratedClassifierCVModel(signature, allClasses, Method, members);
        }
        // Out-of-fold probabilities for every row, then one classifier on all rows.
        var oof = new Matrix(n, allClasses.Count);
        var covered = new bool[n];
        foreach (var fold in folds)
        {
            var model = FitClassifier(x.Take(fold.Train), y!.Take(fold.Train), Take(w, fold.Train));
            var proba = model.PredictProba(x.Take(fold.Test));
            var map = CalibratedClassifier.ClassMap(model.Classes, allClasses);
            for (var r = 0; r < fold.Test.Length; r++)
            {
                var row = oof.Row(fold.Test[r]);
                row.Clear();
                for (var c = 0; c < map.Length; c++) row[map[c]] = proba[r, c];
                covered[fold.Test[r]] = true;
            }
        }
        if (covered.Any(c => !c)) throw new AugurException($"{name} with ensemble=false needs folds whose test sets cover every row");
        var full = FitClassifier(x, y!, w);
        var single = CalibratedClassifier.FromScores(full, allClasses, oof, codes, w, Method);
        return new CalibratedClassifierCVModel(signature, allClasses, Method, [single]);
    }

    private IClassifier FitClassifier(Frame x, Column y, double[]? w)
    {
        var model = Estimator!.Fit(x, y, w);
        return model as IClassifier
            ?? throw new AugurException($"CalibratedClassifierCV needs a classifier, but {Estimator.GetType().Name} fitted a '{model.Kind}' model that does not predict probabilities");
    }

    private static double[]? Take(double[]? w, int[] rows) => w is null ? null : rows.Select(r => w[r]).ToArray();
}

/// <summary>
/// A fitted <see cref="CalibratedClassifierCV"/>: the average of its calibrated classifiers' probabilities. Immutable and
/// thread-safe.
/// </summary>
public sealed class CalibratedClassifierCVModel : IClassifier
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "calibrated_classifier_cv";

    private readonly CalibratedClassifier[] _members;

    internal CalibratedClassifierCVModel(ModelSignature signature, ClassLabels classes, CalibrationMethod method, CalibratedClassifier[] members)
    {
        Signature = signature;
        Classes = classes;
        Method = method;
        _members = members;
    }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ClassLabels Classes { get; }

    /// <inheritdoc />
    public ModelTask Task => ModelInputs.ClassificationTask(Classes);

    /// <summary>The calibration method.</summary>
    public CalibrationMethod Method { get; }

    /// <summary>The calibrated classifiers whose probabilities are averaged (one per fold with ensembling, otherwise one).</summary>
    public IReadOnlyList<CalibratedClassifier> CalibratedClassifiers => Array.AsReadOnly(_members);

    /// <summary>Calibrated class probabilities (rows sum to 1).</summary>
    public Matrix PredictProba(Frame x)
    {
        ArgumentNullException.ThrowIfNull(x);
        Signature.Conform(x, nameof(CalibratedClassifierCV));
        var sum = _members[0].PredictProba(x);
        for (var m = 1; m < _members.Length; m++)
        {
            var p = _members[m].PredictProba(x);
            System.Numerics.Tensors.TensorPrimitives.Add(sum.Data, p.Data, sum.Data);
        }
        if (_members.Length > 1) System.Numerics.Tensors.TensorPrimitives.Divide(sum.Data, _members.Length, sum.Data);
        return sum;
    }

    /// <summary>The most probable class of every row (the first on ties), in the target's type.</summary>
    public Column Predict(Frame x)
    {
        var p = PredictProba(x);
        var idx = new int[p.Rows];
        for (var i = 0; i < p.Rows; i++)
        {
            var row = p.Row(i);
            var best = 0;
            for (var c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
            idx[i] = best;
        }
        return Classes.Decode(idx);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("signature", Signature);
        writer.Write("classes", Classes);
        writer.Write("method", EstimatorParameters.FormatValue(Method));
        writer.Write("calibrated_classifiers", _members);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static CalibratedClassifierCVModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var signature = reader.ReadSignature("signature");
        var classes = reader.ReadClassLabels("classes");
        var methodText = reader.ReadString("method");
        var method = Enum.GetValues<CalibrationMethod>().Where(m => EstimatorParameters.FormatValue(m) == methodText).ToArray();
        reader.Require(method.Length == 1, "method", $"unknown calibration method '{methodText}'");
        var members = reader.ReadModels<CalibratedClassifier>("calibrated_classifiers").ToArray();
        reader.Require(members.Length >= 1, "calibrated_classifiers", "at least one calibrated classifier is needed");
        reader.Require(members.All(m => m.Classes.Count == classes.Count), "calibrated_classifiers", "the calibrated classifiers' classes do not match");
        return new CalibratedClassifierCVModel(signature, classes, method[0], members);
    }
}

/// <summary>
/// One fitted classifier with a calibrator per class: the positive class's probability for binary problems, each
/// class's probability one-vs-rest for multiclass problems (then normalised; rows whose calibrated values are all zero
/// become uniform). Immutable and thread-safe.
/// </summary>
public sealed class CalibratedClassifier : IClassifier
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "calibrated_classifier";

    private readonly int[] _classMap;
    private readonly ProbabilityCalibrator[] _calibrators;

    private CalibratedClassifier(IClassifier estimator, ClassLabels classes, int[] classMap, ProbabilityCalibrator[] calibrators)
    {
        Estimator = estimator;
        Classes = classes;
        _classMap = classMap;
        _calibrators = calibrators;
        Signature = estimator.Signature with { Classes = classes, Task = ModelInputs.ClassificationTask(classes) };
    }

    /// <summary>The underlying fitted classifier.</summary>
    public IClassifier Estimator { get; }

    /// <summary>The calibrators: one for binary problems (the positive class), otherwise one per class the classifier knows.</summary>
    public IReadOnlyList<ProbabilityCalibrator> Calibrators => Array.AsReadOnly(_calibrators);

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ClassLabels Classes { get; }

    /// <inheritdoc />
    public ModelTask Task => ModelInputs.ClassificationTask(Classes);

    /// <summary>The position in <paramref name="all"/> of each of <paramref name="own"/>'s classes.</summary>
    internal static int[] ClassMap(ClassLabels own, ClassLabels all)
    {
        var map = new int[own.Count];
        for (var c = 0; c < own.Count; c++)
        {
            map[c] = own.Values.IsNumeric && all.Values.IsNumeric ? all.IndexOf(own.Values.GetDouble(c)) : all.IndexOf(own[c]);
            if (map[c] < 0) throw new AugurException($"the classifier predicts class '{own[c]}', which is not in the target");
        }
        return map;
    }

    /// <summary>Fits calibrators to <paramref name="model"/>'s probabilities on <paramref name="x"/>.</summary>
    internal static CalibratedClassifier Fit(IClassifier model, ClassLabels classes, Frame x, int[] codes, double[]? w, CalibrationMethod method)
    {
        var proba = model.PredictProba(x);
        var map = ClassMap(model.Classes, classes);
        var scores = new Matrix(proba.Rows, classes.Count);
        for (var r = 0; r < proba.Rows; r++)
            for (var c = 0; c < map.Length; c++) scores[r, map[c]] = proba[r, c];
        return FromScores(model, classes, scores, codes, w, method);
    }

    /// <summary>Fits calibrators to given per-class scores (columns in the order of <paramref name="classes"/>).</summary>
    internal static CalibratedClassifier FromScores(IClassifier model, ClassLabels classes, Matrix scores, int[] codes, double[]? w, CalibrationMethod method)
    {
        var map = ClassMap(model.Classes, classes);
        if (classes.Count == 2)
        {
            if (model.Classes.Count != 2)
                throw new AugurException("a binary calibrated classifier needs a classifier that saw both classes; use fewer folds or more rows");
            var positive = codes.Select(c => c == 1).ToArray();
            var calibrator = ProbabilityCalibrator.Fit(method, scores.Column(1), positive, w);
            return new CalibratedClassifier(model, classes, map, [calibrator]);
        }
        var calibrators = new ProbabilityCalibrator[map.Length];
        for (var c = 0; c < map.Length; c++)
        {
            var cls = map[c];
            var positive = codes.Select(v => v == cls).ToArray();
            calibrators[c] = ProbabilityCalibrator.Fit(method, scores.Column(cls), positive, w);
        }
        return new CalibratedClassifier(model, classes, map, calibrators);
    }

    /// <summary>Calibrated class probabilities (rows sum to 1).</summary>
    public Matrix PredictProba(Frame x)
    {
        var raw = Estimator.PredictProba(x);
        var n = raw.Rows;
        var k = Classes.Count;
        var result = new Matrix(n, k);
        if (k == 2)
        {
            // The positive class is the classifier's second column.
            var p = _calibrators[0].Apply(raw.Column(1));
            for (var i = 0; i < n; i++)
            {
                result[i, 1] = p[i];
                result[i, 0] = 1.0 - p[i];
            }
        }
        else
        {
            for (var c = 0; c < _calibrators.Length; c++)
            {
                var p = _calibrators[c].Apply(raw.Column(c));
                var cls = _classMap[c];
                for (var i = 0; i < n; i++) result[i, cls] = p[i];
            }
            for (var i = 0; i < n; i++)
            {
                var row = result.Row(i);
                var sum = Augur.Clustering.DeterministicOps.Sum(row);
                if (sum != 0) System.Numerics.Tensors.TensorPrimitives.Divide(row, sum, row);
                else row.Fill(1.0 / k);
            }
        }
        // Values that exceed 1 by rounding only.
        var data = result.Data;
        for (var i = 0; i < data.Length; i++)
            if (data[i] > 1.0 && data[i] <= 1.0 + 1e-5) data[i] = 1.0;
        return result;
    }

    /// <summary>The most probable class of every row (the first on ties).</summary>
    public Column Predict(Frame x)
    {
        var p = PredictProba(x);
        var idx = new int[p.Rows];
        for (var i = 0; i < p.Rows; i++)
        {
            var row = p.Row(i);
            var best = 0;
            for (var c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
            idx[i] = best;
        }
        return Classes.Decode(idx);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("classes", Classes);
        writer.Write("estimator", Estimator);
        writer.Write("class_map", _classMap);
        writer.Write("calibrator_count", _calibrators.Length);
        for (var c = 0; c < _calibrators.Length; c++) _calibrators[c].Save(writer, $"calibrator{c}_");
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static CalibratedClassifier Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var classes = reader.ReadClassLabels("classes");
        var estimator = reader.ReadModel<IClassifier>("estimator");
        var map = reader.ReadInt32s("class_map", estimator.Classes.Count);
        reader.Require(map.All(m => m >= 0 && m < classes.Count), "class_map", "a class index is out of range");
        var count = reader.ReadInt32("calibrator_count", 1, classes.Count);
        reader.Require(classes.Count == 2 ? count == 1 : count == map.Length, "calibrator_count", "the number of calibrators does not match the classes");
        var calibrators = new ProbabilityCalibrator[count];
        for (var c = 0; c < count; c++) calibrators[c] = ProbabilityCalibrator.Load(reader, $"calibrator{c}_");
        return new CalibratedClassifier(estimator, classes, map, calibrators);
    }
}
