using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Tests.Calibration;

/// <summary>
/// A test double computing scikit-learn's GaussianNB (var_smoothing 1e-9, weighted means and variances, priors from the
/// weighted class counts), so CalibratedClassifierCV can be compared with scikit-learn's wrapping GaussianNB.
/// </summary>
internal sealed record TestGaussianNB : IEstimator<TestGaussianNBModel>
{
    public double VarSmoothing { get; init; } = 1e-9;

    public TestGaussianNBModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        var m = x.ToMatrix(false, "TestGaussianNB");
        var (classes, codes) = ModelInputs.ClassificationTarget(y, m.Rows, "TestGaussianNB", minClasses: 1);
        var n = m.Rows;
        var d = m.Cols;
        var k = classes.Count;
        // epsilon = var_smoothing × the largest (unweighted) feature variance.
        var maxVar = 0.0;
        for (var j = 0; j < d; j++)
        {
            var col = m.Column(j);
            var mean = col.Average();
            maxVar = Math.Max(maxVar, col.Select(v => (v - mean) * (v - mean)).Average());
        }
        var epsilon = VarSmoothing * maxVar;
        var theta = new Matrix(k, d);
        var variance = new Matrix(k, d);
        var counts = new double[k];
        for (var c = 0; c < k; c++)
        {
            var rows = Enumerable.Range(0, n).Where(i => codes[i] == c).ToArray();
            var w = rows.Select(i => sampleWeight?[i] ?? 1.0).ToArray();
            var total = w.Sum();
            counts[c] = total;
            for (var j = 0; j < d; j++)
            {
                var mu = 0.0;
                for (var r = 0; r < rows.Length; r++) mu += w[r] * m[rows[r], j];
                mu /= total;
                var v = 0.0;
                for (var r = 0; r < rows.Length; r++) v += w[r] * (m[rows[r], j] - mu) * (m[rows[r], j] - mu);
                theta[c, j] = mu;
                variance[c, j] = v / total + epsilon;
            }
        }
        var priors = counts.Select(c => c / counts.Sum()).ToArray();
        return new TestGaussianNBModel(ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), false, y, classes), classes, theta, variance, priors);
    }
}

internal sealed class TestGaussianNBModel : IClassifier
{
    public const string KindName = "test_gaussian_nb";

    static TestGaussianNBModel() => EnsureRegistered();

    public static void EnsureRegistered() => ModelRegistry.Register(KindName, Load);

    public TestGaussianNBModel(ModelSignature signature, ClassLabels classes, Matrix theta, Matrix variance, double[] priors)
    {
        Signature = signature;
        Classes = classes;
        Theta = theta;
        Variance = variance;
        Priors = priors;
    }

    public string Kind => KindName;
    public ModelSignature Signature { get; }
    public ClassLabels Classes { get; }
    public ModelTask Task => ModelInputs.ClassificationTask(Classes);
    public Matrix Theta { get; }
    public Matrix Variance { get; }
    public double[] Priors { get; }

    public Matrix PredictProba(Frame x)
    {
        var m = Signature.Features(x, "TestGaussianNB");
        var k = Classes.Count;
        var d = m.Cols;
        var result = new Matrix(m.Rows, k);
        var logTerms = new double[k];
        for (var c = 0; c < k; c++)
        {
            var s = 0.0;
            for (var j = 0; j < d; j++) s += Math.Log(2 * Math.PI * Variance[c, j]);
            logTerms[c] = Math.Log(Priors[c]) - 0.5 * s;
        }
        var jll = new double[k];
        for (var i = 0; i < m.Rows; i++)
        {
            for (var c = 0; c < k; c++)
            {
                var s = 0.0;
                for (var j = 0; j < d; j++)
                {
                    var diff = m[i, j] - Theta[c, j];
                    s += diff * diff / Variance[c, j];
                }
                jll[c] = logTerms[c] - 0.5 * s;
            }
            var max = jll.Max();
            var lse = max + Math.Log(jll.Sum(v => Math.Exp(v - max)));
            for (var c = 0; c < k; c++) result[i, c] = Math.Exp(jll[c] - lse);
        }
        return result;
    }

    public Column Predict(Frame x)
    {
        var p = PredictProba(x);
        var idx = Enumerable.Range(0, p.Rows).Select(i => { var r = p.Row(i).ToArray(); return Array.IndexOf(r, r.Max()); }).ToArray();
        return Classes.Decode(idx);
    }

    public void Save(ModelWriter writer)
    {
        writer.Write("signature", Signature);
        writer.Write("classes", Classes);
        writer.Write("theta", Theta);
        writer.Write("variance", Variance);
        writer.Write("priors", Priors);
    }

    public static TestGaussianNBModel Load(ModelReader reader)
    {
        var classes = reader.ReadClassLabels("classes");
        return new TestGaussianNBModel(reader.ReadSignature("signature"), classes, reader.ReadMatrix("theta"), reader.ReadMatrix("variance"), reader.ReadDoubles("priors", classes.Count));
    }
}
