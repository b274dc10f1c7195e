using System.Numerics.Tensors;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Linear;

/// <summary>
/// The fitted state shared by linear classifiers: signature, classes, weights (one row for two classes, one per class
/// otherwise), intercepts, and how scores become probabilities.
/// </summary>
internal sealed class ClassifierState
{
    public ClassifierState(ModelSignature signature, ClassLabels classes, double[] coef, double[] intercepts, LinearLink link, bool ovrNormalize)
    {
        Signature = signature;
        Classes = classes;
        Outputs = intercepts.Length;
        Features = signature.Inputs.Count;
        if (coef.Length != Outputs * Features) throw new ArgumentException("coefficients do not match the outputs and features");
        Coef = coef;
        InterceptArray = intercepts;
        Link = link;
        OvrNormalize = ovrNormalize;
        CoefficientMatrix = new LinearCoefficients(Outputs, Features, coef);
    }

    public ModelSignature Signature { get; }
    public ClassLabels Classes { get; }
    public int Outputs { get; }
    public int Features { get; }
    public double[] Coef { get; }
    public double[] InterceptArray { get; }
    public IReadOnlyList<double> Intercepts => InterceptArray;
    public LinearLink Link { get; }
    public bool OvrNormalize { get; }
    public LinearCoefficients CoefficientMatrix { get; }

    /// <summary>The squashing used for pseudo-probabilities of margin classifiers: logistic for two classes, softmax otherwise.</summary>
    public LinearLink MarginLink => Classes.Count == 2 ? LinearLink.Logistic : LinearLink.Softmax;

    public static double[] Flatten(double[][] rows)
    {
        var p = rows.Length == 0 ? 0 : rows[0].Length;
        var flat = new double[rows.Length * p];
        for (var k = 0; k < rows.Length; k++) rows[k].CopyTo(flat, k * p);
        return flat;
    }

    public Matrix DecisionFunction(Frame x, string consumer) =>
        LinearMath.Scores(LinearFeatures.ForPredict(Signature, x, consumer), Coef, InterceptArray, Outputs);

    public Column Predict(Frame x, string consumer)
    {
        var z = DecisionFunction(x, consumer);
        var idx = new int[z.Rows];
        for (var i = 0; i < idx.Length; i++) idx[i] = LinearMath.ArgMaxClass(z.Row(i));
        return Classes.Decode(idx);
    }

    public Matrix PredictProba(Frame x, string consumer, LinearLink link) =>
        LinearMath.Probabilities(DecisionFunction(x, consumer), link, Classes.Count, OvrNormalize);

    public void ScoresRow(ReadOnlySpan<double> features, Span<double> scores, string consumer)
    {
        LinearMath.CheckRow(features, Features, consumer);
        for (var k = 0; k < Outputs; k++) scores[k] = TensorPrimitives.Dot(Coef.AsSpan(k * Features, Features), features) + InterceptArray[k];
    }

    public int PredictIndexRow(ReadOnlySpan<double> features, string consumer)
    {
        Span<double> z = Outputs <= 64 ? stackalloc double[Outputs] : new double[Outputs];
        ScoresRow(features, z, consumer);
        return LinearMath.ArgMaxClass(z);
    }

    public void PredictProbaRow(ReadOnlySpan<double> features, Span<double> probabilities, LinearLink link, string consumer)
    {
        if (probabilities.Length != Classes.Count)
            throw new ArgumentException($"the destination must hold {Classes.Count} probabilities", nameof(probabilities));
        Span<double> z = Outputs <= 64 ? stackalloc double[Outputs] : new double[Outputs];
        ScoresRow(features, z, consumer);
        LinearMath.ProbabilitiesRow(z, probabilities, link, OvrNormalize);
    }

    /// <summary>Writes the model's options, then this state (the start of every linear model file).</summary>
    public void Save<TOptions>(ModelWriter writer, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(options);
        writer.Write("signature", Signature);
        writer.Write("coef", Coef);
        writer.Write("intercepts", InterceptArray);
        writer.Write("link", Link.ToString());
        writer.Write("ovr_normalize", OvrNormalize);
    }

    public static ClassifierState Load(ModelReader reader, LinearLink? expectedLink = null)
    {
        var signature = reader.ReadSignature("signature");
        var classes = signature.Classes;
        reader.Require(classes is not null && classes.Count >= 2, "signature", "a linear classifier needs at least two classes");
        reader.Require(signature.Task.IsClassification(), "signature", "a linear classifier must have a classification signature");
        var outputs = classes!.Count == 2 ? 1 : classes.Count;
        var intercepts = reader.ReadDoubles("intercepts", outputs);
        var coef = reader.ReadDoubles("coef", outputs * signature.Inputs.Count);
        var linkText = reader.ReadString("link");
        reader.Require(Enum.TryParse<LinearLink>(linkText, out var link) && Enum.IsDefined(link), "link", $"unknown link '{linkText}'");
        reader.Require(expectedLink is null || link == expectedLink, "link", $"unexpected link '{linkText}'");
        return new ClassifierState(signature, classes, coef, intercepts, link, reader.ReadBoolean("ovr_normalize"));
    }

    /// <summary>Checks and reads what every linear classifier's Fit needs; the returned weights include the class weights.</summary>
    public static (LinearFeatures X, ClassLabels Classes, int[] Encoded, double[]? W, ModelSignature Signature) Prepare(
        Frame x, Column? y, double[]? sampleWeight, ClassWeight? classWeight, string consumer, bool allowSparse)
    {
        var features = LinearFeatures.ForFit(x, consumer, allowSparse);
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, features.Rows, consumer);
        var w = ModelInputs.CheckSampleWeight(sampleWeight, features.Rows);
        var cw = classWeight?.Resolve(classes, encoded);
        w = LinearMath.CombineWeights(w, cw, encoded);
        var signature = ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), allowsMissing: false, y, classes);
        return (features, classes, encoded, w, signature);
    }
}
