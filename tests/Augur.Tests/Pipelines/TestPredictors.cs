using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Tests.Pipelines;

/// <summary>A test-only classifier (nearest centroid, softmax of negative squared distances) for pipeline tests.</summary>
internal sealed record TestNearestCentroid : IEstimator<TestNearestCentroidModel>
{
    public TestNearestCentroidModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, x.RowCount, "TestNearestCentroid");
        var signature = ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), false, y, classes);
        var m = signature.Features(x, "TestNearestCentroid");
        var centroids = new Matrix(classes.Count, m.Cols);
        var counts = new double[classes.Count];
        for (var i = 0; i < m.Rows; i++)
        {
            counts[encoded[i]]++;
            for (var j = 0; j < m.Cols; j++) centroids[encoded[i], j] += m[i, j];
        }
        for (var k = 0; k < classes.Count; k++)
            for (var j = 0; j < m.Cols; j++) centroids[k, j] /= counts[k];
        return new TestNearestCentroidModel(signature, classes, centroids);
    }
}

internal sealed class TestNearestCentroidModel : IClassifier
{
    public const string KindName = "test_nearest_centroid";

    static TestNearestCentroidModel() => EnsureRegistered();

    public static void EnsureRegistered() => ModelRegistry.Register(KindName, Load);

    public TestNearestCentroidModel(ModelSignature signature, ClassLabels classes, Matrix centroids)
    {
        Signature = signature;
        Classes = classes;
        Centroids = centroids;
    }

    public Matrix Centroids { get; }
    public ClassLabels Classes { get; }
    public string Kind => KindName;
    public ModelSignature Signature { get; }
    public ModelTask Task => Signature.Task;

    public Matrix PredictProba(Frame x)
    {
        var m = Signature.Features(x, "TestNearestCentroid");
        var p = new Matrix(m.Rows, Classes.Count);
        for (var i = 0; i < m.Rows; i++)
        {
            var scores = new double[Classes.Count];
            for (var k = 0; k < scores.Length; k++)
            {
                var d = 0.0;
                for (var j = 0; j < m.Cols; j++) d += (m[i, j] - Centroids[k, j]) * (m[i, j] - Centroids[k, j]);
                scores[k] = -d;
            }
            var max = scores.Max();
            var sum = scores.Sum(s => Math.Exp(s - max));
            for (var k = 0; k < scores.Length; k++) p[i, k] = Math.Exp(scores[k] - max) / sum;
        }
        return p;
    }

    public Column Predict(Frame x)
    {
        var p = PredictProba(x);
        var idx = new int[p.Rows];
        for (var i = 0; i < p.Rows; i++)
        {
            var row = p.Row(i);
            for (var k = 1; k < row.Length; k++) if (row[k] > row[idx[i]]) idx[i] = k;
        }
        return Classes.Decode(idx);
    }

    public void Save(ModelWriter writer)
    {
        writer.Write("signature", Signature);
        writer.Write("classes", Classes);
        writer.Write("centroids", Centroids);
    }

    public static TestNearestCentroidModel Load(ModelReader reader)
    {
        var signature = reader.ReadSignature("signature");
        var classes = reader.ReadClassLabels("classes");
        return new TestNearestCentroidModel(signature, classes, reader.ReadMatrix("centroids", classes.Count, signature.Inputs.Count));
    }
}

/// <summary>A test-only regressor (ridge with a tiny penalty, by normal equations) for pipeline tests. Reads sparse columns too.</summary>
internal sealed record TestRidge : IEstimator<TestRidgeModel>
{
    public double Alpha { get; init; } = 1e-6;

    public TestRidgeModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        var target = ModelInputs.RegressionTarget(y, x.RowCount, "TestRidge");
        var signature = ModelSignature.Infer(x, ModelTask.Regression, false, y);
        var m = signature.Features(x, "TestRidge");
        var p = m.Cols + 1;
        var a = new double[p, p];
        var b = new double[p];
        for (var i = 0; i < m.Rows; i++)
        {
            var row = new double[p];
            row[0] = 1;
            m.Row(i).CopyTo(row.AsSpan(1));
            for (var r = 0; r < p; r++)
            {
                b[r] += row[r] * target[i];
                for (var c = 0; c < p; c++) a[r, c] += row[r] * row[c];
            }
        }
        for (var r = 1; r < p; r++) a[r, r] += Alpha;
        // Gaussian elimination with partial pivoting.
        for (var col = 0; col < p; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < p; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            for (var c = 0; c < p; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (var r = col + 1; r < p; r++)
            {
                var f = a[r, col] / a[col, col];
                for (var c = col; c < p; c++) a[r, c] -= f * a[col, c];
                b[r] -= f * b[col];
            }
        }
        var w = new double[p];
        for (var r = p - 1; r >= 0; r--)
        {
            var s = b[r];
            for (var c = r + 1; c < p; c++) s -= a[r, c] * w[c];
            w[r] = s / a[r, r];
        }
        return new TestRidgeModel(signature, w[0], w[1..]);
    }
}

internal sealed class TestRidgeModel : IRegressor
{
    public const string KindName = "test_ridge";

    static TestRidgeModel() => EnsureRegistered();

    public static void EnsureRegistered() => ModelRegistry.Register(KindName, Load);

    public TestRidgeModel(ModelSignature signature, double intercept, double[] coef)
    {
        Signature = signature;
        Intercept = intercept;
        Coef = coef;
    }

    public double Intercept { get; }
    public double[] Coef { get; }
    public string Kind => KindName;
    public ModelSignature Signature { get; }
    public ModelTask Task => ModelTask.Regression;

    public double[] PredictValues(Frame x)
    {
        var m = Signature.Features(x, "TestRidge");
        var y = new double[m.Rows];
        for (var i = 0; i < m.Rows; i++)
        {
            var s = Intercept;
            var row = m.Row(i);
            for (var j = 0; j < row.Length; j++) s += Coef[j] * row[j];
            y[i] = s;
        }
        return y;
    }

    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    public void Save(ModelWriter writer)
    {
        writer.Write("signature", Signature);
        writer.Write("intercept", Intercept);
        writer.Write("coef", Coef);
    }

    public static TestRidgeModel Load(ModelReader reader)
    {
        var signature = reader.ReadSignature("signature");
        return new TestRidgeModel(signature, reader.ReadDouble("intercept"), reader.ReadDoubles("coef", signature.Inputs.Count));
    }
}
