using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Tests.ModelSelection;

/// <summary>Test-only ridge regression solved exactly from the normal equations (equals scikit-learn's Ridge).</summary>
public sealed record TestRidge : IEstimator<TestRidgeModel>
{
    public double Alpha { get; init; } = 1.0;
    public bool FitIntercept { get; init; } = true;
    public string? FailWhen { get; init; }

    public TestRidgeModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        if (FailWhen == "always") throw new AugurException("TestRidge was asked to fail");
        var target = ModelInputs.RegressionTarget(y, x.RowCount, "TestRidge");
        var m = x.ToMatrix();
        int n = m.Rows, p = m.Cols;
        var w = sampleWeight ?? Enumerable.Repeat(1.0, n).ToArray();
        var sw = w.Sum();
        var xm = new double[p];
        var ym = 0.0;
        if (FitIntercept)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < p; j++) xm[j] += w[i] * m[i, j];
                ym += w[i] * target[i];
            }
            for (var j = 0; j < p; j++) xm[j] /= sw;
            ym /= sw;
        }
        var a = new double[p, p];
        var b = new double[p];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < p; j++)
            {
                var xj = m[i, j] - xm[j];
                b[j] += w[i] * xj * (target[i] - ym);
                for (var k = 0; k <= j; k++) a[j, k] += w[i] * xj * (m[i, k] - xm[k]);
            }
        for (var j = 0; j < p; j++) { a[j, j] += Alpha; for (var k = 0; k < j; k++) a[k, j] = a[j, k]; }
        var coef = Solve(a, b);
        var intercept = FitIntercept ? ym - coef.Select((c, j) => c * xm[j]).Sum() : 0;
        return new TestRidgeModel(ModelSignature.Infer(x, ModelTask.Regression, false, y), coef, intercept);
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(s) : s / l[j, j];
            }
        var z = new double[n];
        for (var i = 0; i < n; i++) { var s = b[i]; for (var k = 0; k < i; k++) s -= l[i, k] * z[k]; z[i] = s / l[i, i]; }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--) { var s = z[i]; for (var k = i + 1; k < n; k++) s -= l[k, i] * x[k]; x[i] = s / l[i, i]; }
        return x;
    }
}

public sealed class TestRidgeModel(ModelSignature signature, double[] coef, double intercept) : IRegressor, IFeatureImportances
{
    public double[] Coef { get; } = coef;
    public double Intercept { get; } = intercept;
    public string Kind => "test_ridge";
    public ModelSignature Signature { get; } = signature;
    public ModelTask Task => ModelTask.Regression;
    public IReadOnlyList<double> FeatureImportances => Coef.Select(Math.Abs).ToArray();

    public double[] PredictValues(Frame x)
    {
        var m = Signature.Features(x, "TestRidge");
        var y = new double[m.Rows];
        for (var i = 0; i < m.Rows; i++)
        {
            var s = Intercept;
            for (var j = 0; j < m.Cols; j++) s += Coef[j] * m[i, j];
            y[i] = s;
        }
        return y;
    }

    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));
    public void Save(ModelWriter writer) => writer.Write("coef", Coef);
}

/// <summary>Test-only nearest centroid classifier (scikit-learn's NearestCentroid, Euclidean), with softmax(−distance) probabilities.</summary>
public sealed record TestCentroid : IEstimator<TestCentroidModel>
{
    public double Shrink { get; init; }

    public TestCentroidModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        var (classes, codes) = ModelInputs.ClassificationTarget(y, x.RowCount, "TestCentroid");
        var m = x.ToMatrix();
        var c = new Matrix(classes.Count, m.Cols);
        var counts = new double[classes.Count];
        for (var i = 0; i < m.Rows; i++)
        {
            counts[codes[i]]++;
            for (var j = 0; j < m.Cols; j++) c[codes[i], j] += m[i, j];
        }
        for (var k = 0; k < classes.Count; k++) for (var j = 0; j < m.Cols; j++) c[k, j] /= counts[k];
        return new TestCentroidModel(ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), false, y, classes), classes, c, Shrink);
    }
}

public sealed class TestCentroidModel(ModelSignature signature, ClassLabels classes, Matrix centroids, double shrink) : IClassifier
{
    public string Kind => "test_centroid";
    public ModelSignature Signature { get; } = signature;
    public ModelTask Task => Signature.Task;
    public ClassLabels Classes { get; } = classes;

    private double[,] Distances(Frame x)
    {
        var m = Signature.Features(x, "TestCentroid");
        var d = new double[m.Rows, Classes.Count];
        for (var i = 0; i < m.Rows; i++)
            for (var k = 0; k < Classes.Count; k++)
            {
                var s = 0.0;
                for (var j = 0; j < m.Cols; j++) { var t = m[i, j] - centroids[k, j]; s += t * t; }
                d[i, k] = Math.Sqrt(s);
            }
        return d;
    }

    public Column Predict(Frame x)
    {
        var d = Distances(x);
        var idx = new int[d.GetLength(0)];
        for (var i = 0; i < idx.Length; i++)
        {
            var best = 0;
            for (var k = 1; k < Classes.Count; k++) if (d[i, k] < d[i, best]) best = k;
            idx[i] = best;
        }
        return Classes.Decode(idx);
    }

    public Matrix PredictProba(Frame x)
    {
        var d = Distances(x);
        var p = new Matrix(d.GetLength(0), Classes.Count);
        var scale = 1.0 / (1.0 + shrink);
        for (var i = 0; i < p.Rows; i++)
        {
            var min = double.MaxValue;
            for (var k = 0; k < Classes.Count; k++) min = Math.Min(min, d[i, k]);
            var s = 0.0;
            for (var k = 0; k < Classes.Count; k++) { p[i, k] = Math.Exp(-(d[i, k] - min) * scale * 0.05); s += p[i, k]; }
            for (var k = 0; k < Classes.Count; k++) p[i, k] /= s;
        }
        return p;
    }

    public void Save(ModelWriter writer) => writer.Write("centroids", centroids);
}
