using Augur.Data;
using Augur.Server.Inference;
using Augur.Serialization;

namespace Augur.Server.Models;

/// <summary>
/// One loaded version of a model: the fitted model, its signature compiled for fast request parsing, and where it came
/// from. Immutable; a reload builds a new one and swaps it in, so requests that hold this one finish on it.
/// </summary>
public sealed class ServedModel
{
    internal ServedModel(string name, string version, SavedModel saved, string path, string sha256, double loadSeconds, DateTimeOffset loadedAt)
    {
        Name = name;
        Version = version;
        Saved = saved;
        Path = path;
        Sha256 = sha256;
        LoadSeconds = loadSeconds;
        LoadedAt = loadedAt;
        Predictor = saved.Model as IPredictor ?? throw new AugurException(
            $"the model in '{path}' is a {saved.Model.Kind} transformer; only models that predict can be served");
        Classifier = saved.Model as IClassifier;
        Schema = new InputSchema(saved.Signature);
        Classes = Classifier?.Classes;
        ClassNamesJson = Classes is null ? null : Http.JsonText.StringArray(Classes.Names);
        Revision = sha256[..12];
    }

    /// <summary>The model name (folder name, or file stem for a single file).</summary>
    public string Name { get; }

    /// <summary>The version (folder name, or <c>1</c> for a single file).</summary>
    public string Version { get; }

    /// <summary>The model as read from its file, with its card.</summary>
    public SavedModel Saved { get; }

    /// <summary>The model as a predictor.</summary>
    public IPredictor Predictor { get; }

    /// <summary>The model as a classifier, or null.</summary>
    public IClassifier? Classifier { get; }

    /// <summary>The class labels of a classifier, or null.</summary>
    public ClassLabels? Classes { get; }

    /// <summary>The class labels as a JSON array string (the value of the <c>classes</c> output parameter), or null.</summary>
    public string? ClassNamesJson { get; }

    /// <summary>The model's signature.</summary>
    public ModelSignature Signature => Saved.Signature;

    /// <summary>The task the model performs.</summary>
    public ModelTask Task => Predictor.Task;

    /// <summary>The file it was loaded from.</summary>
    public string Path { get; }

    /// <summary>The SHA-256 of the file's bytes (lower-case hex).</summary>
    public string Sha256 { get; }

    /// <summary>The first 12 hex digits of <see cref="Sha256"/>: tells two loads of the same version apart.</summary>
    public string Revision { get; }

    /// <summary>How long loading took, in seconds.</summary>
    public double LoadSeconds { get; }

    /// <summary>When it was loaded.</summary>
    public DateTimeOffset LoadedAt { get; }

    internal InputSchema Schema { get; }

    internal FileStamp Stamp { get; init; }

    /// <summary>The names of the outputs this model produces (<c>predictions</c>, and <c>probabilities</c> for classifiers).</summary>
    public IReadOnlyList<string> OutputNames => Classifier is null ? [Outputs.Predictions] : [Outputs.Predictions, Outputs.Probabilities];

    /// <inheritdoc />
    public override string ToString() => $"{Name} version {Version} ({Saved.Model.Kind}, {Revision})";
}

/// <summary>The names of the outputs every protocol uses.</summary>
public static class Outputs
{
    /// <summary>One prediction per row: a class label, a value or a cluster index.</summary>
    public const string Predictions = "predictions";

    /// <summary>Class probabilities, one row per input row and one column per class (classifiers only).</summary>
    public const string Probabilities = "probabilities";
}
