using Augur.Data;
using Augur.Numerics;

namespace Augur.Metrics;

/// <summary>What a <see cref="Scorer"/> needs from the model.</summary>
public enum ScorerInput
{
    /// <summary>Predicted labels or values (<see cref="IPredictor.Predict"/>).</summary>
    Predictions,
    /// <summary>Class probabilities (<see cref="IClassifier.PredictProba"/>).</summary>
    Probabilities,
    /// <summary>Continuous scores to rank by: class probabilities of a classifier, or the values of a regressor (scikit-learn's <c>needs_threshold</c>).</summary>
    Scores,
}

/// <summary>
/// A named metric that scores a fitted model on data, as scikit-learn's scorers do: higher is always better, so
/// losses are negated (<c>neg_mean_squared_error</c>) and can be maximised by searches and cross-validation.
/// Get one by name from <see cref="Scorers"/>.
/// </summary>
public sealed class Scorer
{
    private readonly Func<ScoringData, double> _compute;

    internal Scorer(string name, bool greaterIsBetter, ScorerInput input, string description, Func<ScoringData, double> compute)
    {
        Name = name;
        GreaterIsBetter = greaterIsBetter;
        Input = input;
        Description = description;
        _compute = compute;
    }

    /// <summary>The scikit-learn name (<c>f1_macro</c>, <c>neg_log_loss</c>, <c>r2</c>).</summary>
    public string Name { get; }

    /// <summary>True when the underlying metric grows with quality; otherwise <see cref="Score"/> returns its negation.</summary>
    public bool GreaterIsBetter { get; }

    /// <summary>What the scorer reads from the model.</summary>
    public ScorerInput Input { get; }

    /// <summary>True when the scorer needs class probabilities.</summary>
    public bool NeedsProbabilities => Input == ScorerInput.Probabilities;

    /// <summary>True when the scorer ranks by continuous scores (probabilities or decision values).</summary>
    public bool NeedsScores => Input != ScorerInput.Predictions;

    /// <summary>One line describing the metric.</summary>
    public string Description { get; }

    /// <summary>
    /// Scores <paramref name="model"/> on <paramref name="x"/> against <paramref name="y"/>: the metric's value, negated
    /// when lower is better, so that higher is always better. Probability scorers use <see cref="IClassifier.PredictProba"/>;
    /// binary ones use the column of the positive class (the second class).
    /// </summary>
    /// <param name="model">A fitted classifier, regressor or clusterer.</param>
    /// <param name="x">The features.</param>
    /// <param name="y">The true labels or values, one per row of <paramref name="x"/>.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    public double Score(IPredictor model, Frame x, Column y, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length != x.RowCount)
            throw new AugurException($"the target '{y.Name}' has {y.Length} rows but the features have {x.RowCount}");
        var value = _compute(new ScoringData(this, model, x, y, sampleWeight));
        return GreaterIsBetter ? value : -value;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The model's outputs for one scoring call, computed on first use.</summary>
internal sealed class ScoringData
{
    private readonly Scorer _scorer;
    private Column? _predictions;
    private Matrix? _proba;

    public ScoringData(Scorer scorer, IPredictor model, Frame x, Column y, double[]? sampleWeight)
    {
        _scorer = scorer;
        Model = model;
        X = x;
        Y = y;
        Weight = sampleWeight;
    }

    public IPredictor Model { get; }
    public Frame X { get; }
    public Column Y { get; }
    public double[]? Weight { get; }

    public Column Predictions => _predictions ??= Model.Predict(X);

    public IClassifier Classifier => Model as IClassifier
        ?? throw new AugurException($"scorer '{_scorer.Name}' needs class probabilities, but the model ({Model.Kind}) is not a classifier");

    public Matrix Proba => _proba ??= Classifier.PredictProba(X);

    /// <summary>The true values as numbers, for regression metrics.</summary>
    public double[] YValues()
    {
        if (!Y.IsNumeric) throw new AugurException($"scorer '{_scorer.Name}' is a regression metric and needs a numeric target, but '{Y.Name}' holds {Y.Type.ToName()} values");
        return Y.ToDoubleArray();
    }

    /// <summary>The predicted values as numbers, for regression metrics.</summary>
    public double[] PredValues() => Model is IRegressor r ? r.PredictValues(X)
        : Predictions.IsNumeric ? Predictions.ToDoubleArray()
        : throw new AugurException($"scorer '{_scorer.Name}' is a regression metric, but the model predicts {Predictions.Type.ToName()} values");

    /// <summary>The positive label of binary label metrics: 1 when it is a class (as scikit-learn's default), else the model's second class.</summary>
    public Label? PositiveLabel
    {
        get
        {
            if (Model is not IClassifier c || c.Classes.Count != 2) return null;
            return c.Classes.IndexOf(1.0) >= 0 && c.Classes.Values.IsNumeric ? 1 : Label.FromColumn(c.Classes.Values, 1);
        }
    }

    /// <summary>The model's classes as labels.</summary>
    public Label[] ClassLabels => Label.FromColumn(Classifier.Classes.Values);

    /// <summary>True for a classifier with two classes.</summary>
    public bool IsBinaryClassifier => Model is IClassifier c && c.Classes.Count == 2;

    /// <summary>The probability of the second class of a binary classifier.</summary>
    public double[] PositiveProba()
    {
        var c = Classifier;
        if (c.Classes.Count != 2)
            throw new AugurException($"scorer '{_scorer.Name}' needs a binary classifier, but the model has {c.Classes.Count} classes ({string.Join(", ", c.Classes.Names.Take(10))})");
        return Proba.Column(1);
    }

    /// <summary>The true labels as a mask of the model's second class (for binary probability scorers); every label must be a class.</summary>
    public bool[] PositiveMask()
    {
        var classes = Classifier.Classes;
        var encoded = classes.Encode(Y);
        var mask = new bool[encoded.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = encoded[i] == 1;
        return mask;
    }
}

/// <summary>
/// The registry of named scorers, with scikit-learn 1.2.1's names: <c>accuracy</c>, <c>balanced_accuracy</c>,
/// <c>f1</c>, <c>f1_macro</c>, <c>roc_auc</c>, <c>neg_log_loss</c>, <c>r2</c>, <c>neg_mean_squared_error</c>,
/// <c>adjusted_rand_score</c> and the rest (see <see cref="Names"/>).
/// </summary>
public static class Scorers
{
    private static readonly Dictionary<string, Scorer> s_scorers = Build();

    /// <summary>All scorer names, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = s_scorers.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>All scorers, sorted by name.</summary>
    public static IReadOnlyList<Scorer> All { get; } = Names.Select(n => s_scorers[n]).ToArray();

    /// <summary>True when <paramref name="name"/> is a scorer.</summary>
    public static bool Contains(string name) => name is not null && s_scorers.ContainsKey(name);

    /// <summary>The scorer called <paramref name="name"/>, or false.</summary>
    public static bool TryGet(string name, out Scorer scorer)
    {
        if (name is not null && s_scorers.TryGetValue(name, out var s))
        {
            scorer = s;
            return true;
        }
        scorer = null!;
        return false;
    }

    /// <summary>The scorer called <paramref name="name"/>; an unknown name throws an <see cref="AugurException"/> that suggests the closest name and lists them all.</summary>
    public static Scorer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (s_scorers.TryGetValue(name, out var s)) return s;
        var key = name.Trim().ToLowerInvariant();
        if (s_scorers.TryGetValue(key, out s)) return s;
        var closest = Names
            .Select(n => (Name: n, Distance: Levenshtein(n, key)))
            .Where(t => t.Distance <= Math.Max(2, key.Length / 3))
            .OrderBy(t => t.Distance)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => t.Name)
            .FirstOrDefault();
        var hint = closest is null ? "" : $" (did you mean '{closest}'?)";
        throw new AugurException($"unknown scorer '{name}'{hint}; the scorers are: {string.Join(", ", Names)}");
    }

    /// <summary>The default scorer of a task, as scikit-learn's <c>score</c> methods use: accuracy for classifiers, R² for regressors, the adjusted Rand index for clusterers.</summary>
    public static Scorer Default(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification or ModelTask.MulticlassClassification => s_scorers["accuracy"],
        ModelTask.Regression => s_scorers["r2"],
        ModelTask.Clustering => s_scorers["adjusted_rand_score"],
        _ => throw new AugurException($"there is no default scorer for {task} models"),
    };

    private static Dictionary<string, Scorer> Build()
    {
        var d = new Dictionary<string, Scorer>(StringComparer.Ordinal);
        void Add(string name, bool greater, ScorerInput input, string description, Func<ScoringData, double> f) =>
            d.Add(name, new Scorer(name, greater, input, description, f));

        // Classification from predicted labels.
        Add("accuracy", true, ScorerInput.Predictions, "fraction of correct predictions",
            s => ClassificationMetrics.Accuracy(s.Y, s.Predictions, s.Weight));
        Add("balanced_accuracy", true, ScorerInput.Predictions, "mean recall over classes",
            s => ClassificationMetrics.BalancedAccuracy(s.Y, s.Predictions, s.Weight));
        Add("matthews_corrcoef", true, ScorerInput.Predictions, "Matthews correlation coefficient",
            s => ClassificationMetrics.MatthewsCorrCoef(s.Y, s.Predictions, s.Weight));
        foreach (var (prefix, metric) in new (string, Func<ScoringData, Average, double>)[]
                 {
                     ("f1", (s, a) => ClassificationMetrics.F1(s.Y, s.Predictions, a, s.PositiveLabel, null, s.Weight)),
                     ("precision", (s, a) => ClassificationMetrics.Precision(s.Y, s.Predictions, a, s.PositiveLabel, null, s.Weight)),
                     ("recall", (s, a) => ClassificationMetrics.Recall(s.Y, s.Predictions, a, s.PositiveLabel, null, s.Weight)),
                     ("jaccard", (s, a) => ClassificationMetrics.Jaccard(s.Y, s.Predictions, a, s.PositiveLabel, null, s.Weight)),
                 })
        {
            Add(prefix, true, ScorerInput.Predictions, $"{prefix} of the positive class (binary)", s => metric(s, Average.Binary));
            Add(prefix + "_micro", true, ScorerInput.Predictions, $"{prefix}, micro-averaged", s => metric(s, Average.Micro));
            Add(prefix + "_macro", true, ScorerInput.Predictions, $"{prefix}, macro-averaged", s => metric(s, Average.Macro));
            Add(prefix + "_weighted", true, ScorerInput.Predictions, $"{prefix}, support-weighted average", s => metric(s, Average.Weighted));
        }

        // Classification from scores and probabilities.
        Add("roc_auc", true, ScorerInput.Scores, "area under the ROC curve (binary)", s => s.Model is IRegressor r
            ? ClassificationMetrics.RocAuc(s.Y, r.PredictValues(s.X), s.Weight)
            : s.IsBinaryClassifier
                ? ClassificationMetrics.BinaryRocAuc(s.PositiveMask(), s.PositiveProba(), ClassificationMetrics.CheckWeights(s.Weight, s.Y.Length), null)
                : ClassificationMetrics.RocAuc(s.Y, s.Proba, MultiClass.Raise, AucAverage.Macro, s.ClassLabels, s.Weight));
        foreach (var (name, strategy, average) in new[]
                 {
                     ("roc_auc_ovr", MultiClass.Ovr, AucAverage.Macro), ("roc_auc_ovo", MultiClass.Ovo, AucAverage.Macro),
                     ("roc_auc_ovr_weighted", MultiClass.Ovr, AucAverage.Weighted), ("roc_auc_ovo_weighted", MultiClass.Ovo, AucAverage.Weighted),
                 })
        {
            Add(name, true, ScorerInput.Probabilities, $"ROC AUC, {(strategy == MultiClass.Ovr ? "one-vs-rest" : "one-vs-one")}, {(average == AucAverage.Macro ? "macro" : "prevalence-weighted")} average",
                s => s.IsBinaryClassifier
                    ? ClassificationMetrics.BinaryRocAuc(s.PositiveMask(), s.PositiveProba(), ClassificationMetrics.CheckWeights(s.Weight, s.Y.Length), null)
                    : ClassificationMetrics.RocAuc(s.Y, s.Proba, strategy, average, s.ClassLabels, s.Weight));
        }
        Add("average_precision", true, ScorerInput.Scores, "average precision (area under the precision-recall curve, binary)", s =>
        {
            if (s.Model is IRegressor r) return ClassificationMetrics.AveragePrecision(s.Y, r.PredictValues(s.X), null, s.Weight);
            var proba = s.PositiveProba();
            return ClassificationMetrics.AveragePrecision(s.Y, proba, Label.FromColumn(s.Classifier.Classes.Values, 1), s.Weight);
        });
        Add("neg_log_loss", false, ScorerInput.Probabilities, "log loss (cross-entropy) of the class probabilities", s => s.IsBinaryClassifier
            ? ClassificationMetrics.LogLoss(s.Y, s.PositiveProba(), s.ClassLabels, s.Weight)
            : ClassificationMetrics.LogLoss(s.Y, s.Proba, s.ClassLabels, s.Weight));
        Add("neg_brier_score", false, ScorerInput.Probabilities, "Brier score of the positive-class probability (binary)",
            s => ClassificationMetrics.BrierScore(s.Y, s.PositiveProba(), s.Weight, Label.FromColumn(s.Classifier.Classes.Values, 1)));
        Add("top_k_accuracy", true, ScorerInput.Scores, "fraction of rows whose class is among the 2 highest-scored", s => s.Model is IRegressor r
            ? ClassificationMetrics.TopKAccuracy(s.Y, r.PredictValues(s.X), 2, true, s.Weight)
            : s.IsBinaryClassifier
                ? ClassificationMetrics.TopKAccuracy(s.Y, s.PositiveProba(), 2, true, s.Weight, s.ClassLabels)
                : ClassificationMetrics.TopKAccuracy(s.Y, s.Proba, 2, true, s.Weight, s.ClassLabels));

        // Regression.
        Add("r2", true, ScorerInput.Predictions, "coefficient of determination",
            s => RegressionMetrics.R2(s.YValues(), s.PredValues(), s.Weight));
        Add("explained_variance", true, ScorerInput.Predictions, "explained variance",
            s => RegressionMetrics.ExplainedVariance(s.YValues(), s.PredValues(), s.Weight));
        Add("max_error", false, ScorerInput.Predictions, "largest absolute error",
            s => RegressionMetrics.MaxError(s.YValues(), s.PredValues()));
        Add("neg_mean_squared_error", false, ScorerInput.Predictions, "mean squared error",
            s => RegressionMetrics.MeanSquaredError(s.YValues(), s.PredValues(), s.Weight));
        Add("neg_root_mean_squared_error", false, ScorerInput.Predictions, "root mean squared error",
            s => RegressionMetrics.RootMeanSquaredError(s.YValues(), s.PredValues(), s.Weight));
        Add("neg_mean_absolute_error", false, ScorerInput.Predictions, "mean absolute error",
            s => RegressionMetrics.MeanAbsoluteError(s.YValues(), s.PredValues(), s.Weight));
        Add("neg_median_absolute_error", false, ScorerInput.Predictions, "median absolute error",
            s => RegressionMetrics.MedianAbsoluteError(s.YValues(), s.PredValues(), s.Weight));
        Add("neg_mean_absolute_percentage_error", false, ScorerInput.Predictions, "mean absolute percentage error (a fraction)",
            s => RegressionMetrics.MeanAbsolutePercentageError(s.YValues(), s.PredValues(), s.Weight));
        Add("neg_mean_squared_log_error", false, ScorerInput.Predictions, "mean squared logarithmic error",
            s => RegressionMetrics.MeanSquaredLogError(s.YValues(), s.PredValues(), s.Weight));
        Add("neg_mean_poisson_deviance", false, ScorerInput.Predictions, "mean Poisson deviance",
            s => RegressionMetrics.MeanPoissonDeviance(s.YValues(), s.PredValues(), s.Weight));
        Add("neg_mean_gamma_deviance", false, ScorerInput.Predictions, "mean Gamma deviance",
            s => RegressionMetrics.MeanGammaDeviance(s.YValues(), s.PredValues(), s.Weight));

        // Clustering against reference labels (no sample weights, as in scikit-learn).
        void Clustering(string name, string description, Func<Column, Column, double> metric) =>
            Add(name, true, ScorerInput.Predictions, description, s =>
            {
                if (s.Weight is not null) throw new AugurException($"scorer '{name}' does not support sample weights");
                return metric(s.Y, s.Predictions);
            });
        Clustering("adjusted_rand_score", "adjusted Rand index", (t, p) => ClusteringMetrics.AdjustedRandIndex(t, p));
        Clustering("rand_score", "Rand index", (t, p) => ClusteringMetrics.RandIndex(t, p));
        Clustering("adjusted_mutual_info_score", "adjusted mutual information", (t, p) => ClusteringMetrics.AdjustedMutualInformation(t, p));
        Clustering("normalized_mutual_info_score", "normalised mutual information", (t, p) => ClusteringMetrics.NormalizedMutualInformation(t, p));
        Clustering("mutual_info_score", "mutual information (nats)", (t, p) => ClusteringMetrics.MutualInformation(t, p));
        Clustering("homogeneity_score", "homogeneity", (t, p) => ClusteringMetrics.Homogeneity(t, p));
        Clustering("completeness_score", "completeness", (t, p) => ClusteringMetrics.Completeness(t, p));
        Clustering("v_measure_score", "V-measure", (t, p) => ClusteringMetrics.VMeasure(t, p));
        Clustering("fowlkes_mallows_score", "Fowlkes-Mallows index", (t, p) => ClusteringMetrics.FowlkesMallows(t, p));
        return d;
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
