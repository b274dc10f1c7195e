using Augur.Data;
using Augur.Numerics;

namespace Augur.Plots.Tests;

/// <summary>Reproducible synthetic data for chart tests.</summary>
internal static class Synthetic
{
    /// <summary>A standard normal draw.</summary>
    public static double Normal(Rng rng) => rng.NextGaussian();

    /// <summary>Labels 0..classes-1 and softmax probabilities that favour the true class.</summary>
    public static (Int64Column Y, Matrix Proba) Classification(int rows, int classes, int seed = 0, double signal = 1.5)
    {
        var rng = new Rng(seed);
        var y = new long[rows];
        var proba = new Matrix(rows, classes);
        for (var i = 0; i < rows; i++)
        {
            y[i] = rng.NextInt(classes);
            var logits = new double[classes];
            double sum = 0;
            for (var c = 0; c < classes; c++)
            {
                logits[c] = Normal(rng) + (c == y[i] ? signal : 0);
                logits[c] = Math.Exp(logits[c]);
                sum += logits[c];
            }
            for (var c = 0; c < classes; c++) proba[i, c] = logits[c] / sum;
        }
        return (new Int64Column("label", y), proba);
    }

    /// <summary>True values and noisy predictions of a regression.</summary>
    public static (double[] Y, double[] Pred) Regression(int rows, int seed = 0)
    {
        var rng = new Rng(seed);
        var y = new double[rows];
        var pred = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            y[i] = 10 + 5 * Normal(rng);
            pred[i] = 0.9 * y[i] + 1 + Normal(rng) * (1 + 0.1 * Math.Abs(y[i] - 10));
        }
        return (y, pred);
    }

    /// <summary>A rows × cols matrix of standard normal values.</summary>
    public static Matrix Gaussian(int rows, int cols, int seed = 0)
    {
        var rng = new Rng(seed);
        var m = new Matrix(rows, cols);
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++) m[i, j] = Normal(rng);
        return m;
    }
}
