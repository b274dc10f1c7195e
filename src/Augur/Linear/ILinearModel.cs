using Augur.Numerics;

namespace Augur.Linear;

/// <summary>How a linear model turns its linear scores into predictions.</summary>
public enum LinearLink
{
    /// <summary>The scores are the predictions (regressors) or uncalibrated decision values (margin classifiers).</summary>
    Identity,
    /// <summary>
    /// Logistic scores: with one score, the probability of the second class is its sigmoid; with one score per class
    /// (one-vs-rest), each class's sigmoid, normalised so the row sums to 1.
    /// </summary>
    Logistic,
    /// <summary>
    /// One score per class; class probabilities are the softmax of the scores. A two-class model with a single score
    /// <c>z</c> (scikit-learn's binary multinomial logistic regression) means the scores <c>[−z, z]</c>.
    /// </summary>
    Softmax,
}

/// <summary>
/// A fitted model whose scores are affine in its input features: <c>score[k] = Σ_j W[k, j]·x[j] + b[k]</c>. Explainers
/// (for example LinearSHAP) read any linear model through this interface.
/// </summary>
public interface ILinearModel : IModel
{
    /// <summary>The weights, one row per output (score) and one column per input feature, in signature order.</summary>
    LinearCoefficients CoefficientMatrix { get; }

    /// <summary>The intercept of each output.</summary>
    IReadOnlyList<double> Intercepts { get; }

    /// <summary>How scores become predictions.</summary>
    LinearLink Link { get; }
}

/// <summary>An immutable outputs × features matrix of linear-model weights.</summary>
public sealed class LinearCoefficients
{
    private readonly double[] _data;

    internal LinearCoefficients(int outputs, int features, double[] data)
    {
        if (data.Length != outputs * features) throw new ArgumentException("coefficient data has the wrong length", nameof(data));
        Outputs = outputs;
        Features = features;
        _data = data;
    }

    /// <summary>The number of outputs (rows).</summary>
    public int Outputs { get; }

    /// <summary>The number of input features (columns).</summary>
    public int Features { get; }

    /// <summary>The weight of <paramref name="feature"/> in output <paramref name="output"/>.</summary>
    public double this[int output, int feature]
    {
        get
        {
            if ((uint)output >= (uint)Outputs) throw new ArgumentOutOfRangeException(nameof(output));
            if ((uint)feature >= (uint)Features) throw new ArgumentOutOfRangeException(nameof(feature));
            return _data[output * Features + feature];
        }
    }

    /// <summary>The weights of one output, as a read-only view.</summary>
    public ReadOnlySpan<double> Row(int output)
    {
        if ((uint)output >= (uint)Outputs) throw new ArgumentOutOfRangeException(nameof(output));
        return _data.AsSpan(output * Features, Features);
    }

    /// <summary>The weights as a row-major read-only view.</summary>
    public ReadOnlySpan<double> AsSpan() => _data;

    /// <summary>A mutable copy.</summary>
    public Matrix ToMatrix() => new(Outputs, Features, (double[])_data.Clone());

    /// <summary>A rectangular array copy.</summary>
    public double[,] ToArray() => ToMatrix().ToArray();

    internal double[] Data => _data;

    /// <inheritdoc />
    public override string ToString() => $"LinearCoefficients {Outputs}×{Features}";
}
