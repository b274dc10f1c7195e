using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur;

/// <summary>
/// A fitted model: immutable and thread-safe. It knows the columns it was trained on (its
/// <see cref="Signature"/>) and can write itself into an <c>.augur</c> model file.
/// </summary>
public interface IModel
{
    /// <summary>
    /// The stable name of this model kind in model files (for example <c>ridge</c>); the loader maps it to
    /// code through a closed registry (<see cref="ModelRegistry"/>), never to a type named by the file.
    /// </summary>
    string Kind { get; }

    /// <summary>The input columns, their types, and the kind of output.</summary>
    ModelSignature Signature { get; }

    /// <summary>Writes the fitted state. Loading it back must predict bit-for-bit the same.</summary>
    void Save(ModelWriter writer);
}

/// <summary>A fitted transformer: maps a frame of features to a new frame of features.</summary>
public interface ITransformerModel : IModel
{
    /// <summary>Transforms <paramref name="x"/>. Columns are matched by name, not by position.</summary>
    Frame Transform(Frame x);

    /// <summary>The names of the columns <see cref="Transform"/> produces, in order.</summary>
    IReadOnlyList<string> FeatureNamesOut { get; }
}

/// <summary>A fitted model that predicts one value per row (a regressor, classifier, clusterer or ranker).</summary>
public interface IPredictor : IModel
{
    /// <summary>What this model predicts.</summary>
    ModelTask Task { get; }

    /// <summary>
    /// Predicts one value per row: a class label (same column type as the training target), a real value,
    /// or a cluster index. Columns of <paramref name="x"/> are matched by name.
    /// </summary>
    Column Predict(Frame x);
}

/// <summary>A fitted classifier.</summary>
public interface IClassifier : IPredictor
{
    /// <summary>The class labels in sorted order; column <c>k</c> of <see cref="PredictProba"/> belongs to <c>Classes[k]</c>.</summary>
    ClassLabels Classes { get; }

    /// <summary>Class membership probabilities: one row per input row, one column per class, rows sum to 1.</summary>
    Matrix PredictProba(Frame x);
}

/// <summary>A fitted regressor.</summary>
public interface IRegressor : IPredictor
{
    /// <summary>Predicted values as plain doubles.</summary>
    double[] PredictValues(Frame x);
}
