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

    /// <summary>Writes the model's options, then this state (the start of every linear model file).</summary>
    public void Save<TOptions>(ModelWriter writer, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(options);
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
    public static double[] Means(Matrix x, double[]? w) => Means(ColumnSource.FromMatrix(x), w);

    /// <inheritdoc cref="Means(Matrix, double[])"/>
    public static double[] Means(ColumnSource x, double[]? w)
    {
        var mean = new double[x.Cols];
        var wsum = w is null ? x.Rows : LinearMath.Sum(w);
        for (var j = 0; j < x.Cols; j++)
        {
            var c = x[j];
            if (c.Length == 0) continue;
            if (TensorPrimitives.Min(c) == TensorPrimitives.Max(c)) mean[j] = c[0];
            else mean[j] = (w is null ? TensorPrimitives.Sum(c) : TensorPrimitives.Dot(c, w)) / wsum;
        }
        return mean;
    }

    /// <summary>The row-major matrix √w·(X − μ) of the given columns, built in parallel blocks of rows.</summary>
    public static Matrix RowMajor(ColumnSource x, double[] means, double[]? sqrtW)
    {
        var n = x.Rows;
        var p = x.Cols;
        var m = new Matrix(n, p);
        var data = m.Data;
        const int block = 256;
        var blocks = (n + block - 1) / block;
        void Fill(int b)
        {
            var r0 = b * block;
            var len = Math.Min(block, n - r0);
            for (var j = 0; j < p; j++)
            {
                var src = x[j].Slice(r0, len);
                var mu = means[j];
                var k = r0 * p + j;
                if (sqrtW is null) for (var i = 0; i < len; i++, k += p) data[k] = src[i] - mu;
                else for (var i = 0; i < len; i++, k += p) data[k] = (src[i] - mu) * sqrtW[r0 + i];
            }
        }
        if ((long)n * p < DenseOps.ParallelThreshold) for (var b = 0; b < blocks; b++) Fill(b);
        else Parallel.For(0, blocks, Fill);
        return m;
    }

    /// <summary>The centred, weighted columns √w·(x_j − μ_j) as arrays.</summary>
    public static double[][] ColumnArrays(ColumnSource x, double[] means, double[]? sqrtW)
    {
        var cols = new double[x.Cols][];
        for (var j = 0; j < x.Cols; j++)
        {
            var c = new double[x.Rows];
            TensorPrimitives.Subtract(x[j], means[j], c);
            if (sqrtW is not null) TensorPrimitives.Multiply(c, sqrtW, c);
            cols[j] = c;
        }
        return cols;
    }
}
