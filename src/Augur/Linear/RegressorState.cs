using System.Numerics.Tensors;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Linear;

/// <summary>The fitted state shared by single-target linear regressors: signature, weights and intercept.</summary>
internal sealed class RegressorState
{
    public RegressorState(ModelSignature signature, double[] coef, double intercept)
    {
        Signature = signature;
        Coef = coef;
        Intercept = intercept;
        CoefficientMatrix = new LinearCoefficients(1, coef.Length, coef);
        Intercepts = [intercept];
    }

    public ModelSignature Signature { get; }
    public double[] Coef { get; }
    public double Intercept { get; }
    public LinearCoefficients CoefficientMatrix { get; }
    public IReadOnlyList<double> Intercepts { get; }

    public double[] PredictValues(Frame x, string consumer)
    {
        var f = LinearFeatures.ForPredict(Signature, x, consumer);
        return LinearMath.Scores(f, Coef, [Intercept], 1).Data;
    }

    public double PredictRow(ReadOnlySpan<double> features, string consumer)
    {
        LinearMath.CheckRow(features, Coef.Length, consumer);
        return TensorPrimitives.Dot(Coef, features) + Intercept;
    }

    public void Save(ModelWriter writer)
    {
        writer.Write("signature", Signature);
        writer.Write("coef", Coef);
        writer.Write("intercept", Intercept);
    }

    public static RegressorState Load(ModelReader reader)
    {
        var signature = reader.ReadSignature("signature");
        reader.Require(signature.Task == ModelTask.Regression, "signature", "a linear regressor must have a regression signature");
        var coef = reader.ReadDoubles("coef", signature.Inputs.Count);
        var intercept = reader.ReadDouble("intercept");
        return new RegressorState(signature, coef, intercept);
    }

    /// <summary>Checks and reads what every linear regressor's Fit needs.</summary>
    public static (LinearFeatures X, double[] Y, double[]? W, ModelSignature Signature) Prepare(
        Frame x, Column? y, double[]? sampleWeight, string consumer, bool allowSparse)
    {
        var features = LinearFeatures.ForFit(x, consumer, allowSparse);
        var target = ModelInputs.RegressionTarget(y, features.Rows, consumer);
        var w = ModelInputs.CheckSampleWeight(sampleWeight, features.Rows);
        var signature = ModelSignature.Infer(x, ModelTask.Regression, allowsMissing: false, y);
        return (features, target, w, signature);
    }
}

/// <summary>Centring of dense training data for linear models with an intercept.</summary>
internal static class Centering
{
    /// <summary>
    /// Column means (weighted), with columns that are exactly constant given their exact value so that they centre to
    /// exact zeros.
    /// </summary>
    public static double[] Means(Matrix x, double[]? w)
    {
        var mean = LinearMath.ColumnMeans(x, w);
        if (x.Rows == 0) return mean;
        var first = x.Row(0).ToArray();
        var constant = new bool[x.Cols];
        Array.Fill(constant, true);
        var remaining = x.Cols;
        for (var i = 1; i < x.Rows && remaining > 0; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < row.Length; j++)
                if (constant[j] && row[j] != first[j]) { constant[j] = false; remaining--; }
        }
        for (var j = 0; j < x.Cols; j++) if (constant[j]) mean[j] = first[j];
        return mean;
    }
}
