using System.Text.Json;
using Augur.Data;
using Augur.Decomposition;
using Augur.Numerics;
using CsCheck;

namespace Augur.Tests.Decomposition;

public sealed class DecompositionTests
{
    private static readonly JsonElement s_fixture = Nbsvm.Fixture("decomposition.json");

    private static Frame Features(string file, string target) => TestData.LoadXy(file, target).X;

    private static void CheckPca(JsonElement e, PcaModel model, Frame x, double rtol = 1e-8)
    {
        Assert.Equal(e.GetProperty("n_components").GetInt32(), model.ComponentCount);
        Assert.Equal(e.GetProperty("names").Strings(), model.FeatureNamesOut.ToArray());
        var ev = e.GetProperty("explained_variance").Doubles();
        var atol = 1e-12 * ev[0];
        Close.Equal(ev, model.ExplainedVariance.ToArray(), rtol, atol, "explained_variance");
        Close.Equal(e.GetProperty("explained_variance_ratio").Doubles(), model.ExplainedVarianceRatio.ToArray(), rtol, 1e-14, "explained_variance_ratio");
        Close.Equal(e.GetProperty("singular_values").Doubles(), model.SingularValues.ToArray(), rtol, 1e-12, "singular_values");
        Close.Equal(e.GetProperty("mean").Doubles(), model.Mean.ToArray(), 1e-12, 1e-12, "mean");
        Close.Equal(e.GetProperty("components").Matrix(), model.Components, rtol, rtol, "components");
        Close.Equal(e.GetProperty("noise_variance").GetDouble(), model.NoiseVariance, 1e-6, 1e-9 * ev[0], "noise_variance");
        var t = model.Transform(x.Head(8));
        Close.Equal(e.GetProperty("transform").Matrix(), t.ToMatrix(), rtol, 1e-8, "transform");
    }

    [Theory]
    [InlineData("iris_all", "iris.csv", "species")]
    [InlineData("iris_whiten", "iris.csv", "species")]
    [InlineData("digits_10", "digits.csv", "target")]
    [InlineData("cancer_5", "breast_cancer.csv", "diagnosis")]
    [InlineData("diabetes_3_whiten", "diabetes.csv", "target")]
    public void PcaMatchesScikitLearnFullSolver(string name, string file, string target)
    {
        var x = Features(file, target);
        var pca = name switch
        {
            "iris_all" => new Pca(),
            "iris_whiten" => new Pca { NComponents = 2, Whiten = true },
            "digits_10" => new Pca { NComponents = 10 },
            "cancer_5" => new Pca { NComponents = 5 },
            _ => new Pca { NComponents = 3, Whiten = true },
        };
        CheckPca(s_fixture.GetProperty(name), pca.Fit(x), x);
        CheckPca(s_fixture.GetProperty(name), (pca with { SvdSolver = PcaSolver.Full }).Fit(x), x);
    }

    [Fact]
    public void PcaFractionOfVarianceOnStandardizedWine()
    {
        var x = Nbsvm.Standardize(Features("wine.csv", "target"));
        CheckPca(s_fixture.GetProperty("wine_std_fraction"), new Pca { NComponents = 0.8 }.Fit(x), x);
    }

    [Fact]
    public void PcaOnSyntheticData()
    {
        var x = Nbsvm.Frame(s_fixture.GetProperty("synthetic_x").Matrix());
        CheckPca(s_fixture.GetProperty("synthetic_6"), new Pca { NComponents = 6 }.Fit(x), x);
    }

    [Fact]
    public void RandomizedPcaConvergesToTheExactSolution()
    {
        var x = Features("digits.csv", "target");
        var e = s_fixture.GetProperty("digits_10");
        var model = new Pca { NComponents = 10, SvdSolver = PcaSolver.Randomized, RandomState = 3 }.Fit(x);
        Close.Equal(e.GetProperty("explained_variance").Doubles(), model.ExplainedVariance.ToArray(), 1e-4, 0, "explained_variance");
        Close.Equal(e.GetProperty("explained_variance_ratio").Doubles(), model.ExplainedVarianceRatio.ToArray(), 1e-4, 0, "ratio");
        // Leading components (well separated) agree in direction and, by the sign convention, in sign.
        var expected = e.GetProperty("components").Matrix();
        for (var c = 0; c < 5; c++)
            Close.Equal(expected.Row(c).ToArray(), model.Components.Row(c).ToArray(), 0, 2e-3, $"component {c}");
        var same = new Pca { NComponents = 10, SvdSolver = PcaSolver.Randomized, RandomState = 3 }.Fit(x);
        Nbsvm.BitEqual(model.Components, same.Components);
    }

    [Fact]
    public void TruncatedSvdOnDigitsIsCloseToScikitLearn()
    {
        var x = Features("digits.csv", "target");
        var e = s_fixture.GetProperty("tsvd_digits");
        var model = new TruncatedSvd { NComponents = 5 }.Fit(x);
        Assert.Equal(e.GetProperty("names").Strings(), model.FeatureNamesOut.ToArray());
        Close.Equal(e.GetProperty("singular_values").Doubles(), model.SingularValues.ToArray(), 1e-6, 0, "singular_values");
        Close.Equal(e.GetProperty("explained_variance_ratio").Doubles(), model.ExplainedVarianceRatio.ToArray(), 1e-4, 0, "ratio");
        Close.Equal(e.GetProperty("explained_variance").Doubles(), model.ExplainedVariance.ToArray(), 1e-4, 0, "explained_variance");
        AlignedClose(e.GetProperty("components").Matrix(), model.Components, 1e-4);
    }

    [Fact]
    public void TruncatedSvdWorksOnSparseInputWithoutCentring()
    {
        var e = s_fixture.GetProperty("tsvd_sparse");
        var dense = e.GetProperty("x").Matrix();
        var sparse = Nbsvm.ToSparse(dense);
        var model = new TruncatedSvd { NComponents = 4, NIter = 7 }.Fit(sparse);
        Close.Equal(e.GetProperty("singular_values").Doubles(), model.SingularValues.ToArray(), 1e-6, 0, "singular_values");
        Close.Equal(e.GetProperty("explained_variance_ratio").Doubles(), model.ExplainedVarianceRatio.ToArray(), 1e-4, 0, "ratio");
        AlignedClose(e.GetProperty("components").Matrix(), model.Components, 1e-4);
        var denseModel = new TruncatedSvd { NComponents = 4, NIter = 7 }.Fit(Nbsvm.Frame(dense));
        Close.Equal(denseModel.SingularValues.ToArray(), model.SingularValues.ToArray(), 1e-10, 0, "dense vs sparse");
        Close.Equal(denseModel.Transform(Nbsvm.Frame(dense)).ToMatrix(), model.Transform(sparse).ToMatrix(), 1e-8, 1e-10, "transform");
    }

    // Components equal up to the sign of each row.
    private static void AlignedClose(Matrix expected, Matrix actual, double atol)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        for (var c = 0; c < expected.Rows; c++)
        {
            var e = expected.Row(c).ToArray();
            var a = actual.Row(c).ToArray();
            var sign = e.Zip(a).Sum(t => t.First * t.Second) < 0 ? -1.0 : 1.0;
            Close.Equal(e, a.Select(v => v * sign).ToArray(), 0, atol, $"component {c}");
        }
    }

    [Fact]
    public void SaveThenLoadTransformsBitForBit()
    {
        var x = Features("wine.csv", "target");
        var pca = new Pca { NComponents = 4, Whiten = true }.Fit(x);
        var loaded = Nbsvm.RoundTrip(pca);
        Nbsvm.BitEqual(pca.Transform(x).ToMatrix(), loaded.Transform(x).ToMatrix());
        Nbsvm.BitEqual(pca.InverseTransformMatrix(pca.TransformMatrix(x.ToMatrix())), loaded.InverseTransformMatrix(loaded.TransformMatrix(x.ToMatrix())));
        var t = new TruncatedSvd { NComponents = 3 }.Fit(x);
        Nbsvm.BitEqual(t.Transform(x).ToMatrix(), Nbsvm.RoundTrip(t).Transform(x).ToMatrix());
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var x = Features("iris.csv", "species");
        var pca = new Pca { NComponents = 2 }.Fit(x);
        Assert.Contains("sepal length (cm)", Assert.Throws<AugurException>(() => pca.Transform(x.Drop("sepal length (cm)"))).Message);
        Assert.Contains("n_components", Assert.Throws<AugurException>(() => new Pca { NComponents = 5 }.Fit(x)).Message);
        Assert.Contains("n_components", Assert.Throws<AugurException>(() => new Pca { NComponents = 1.5 }.Fit(x)).Message);
        Assert.Contains("n_components", Assert.Throws<AugurException>(() => new TruncatedSvd { NComponents = 9 }.Fit(x)).Message);
        var withNan = x.WithColumn(new Float64Column("petal length (cm)", Enumerable.Repeat(double.NaN, x.RowCount).ToArray()));
        Assert.Contains("missing", Assert.Throws<AugurException>(() => pca.Transform(withNan)).Message);
        Assert.Contains("missing", Assert.Throws<AugurException>(() => new Pca().Fit(withNan)).Message);
        var text = new Frame(new StringColumn("s", ["a", "b", "c"]));
        Assert.Throws<AugurException>(() => new Pca().Fit(text));
    }

    [Fact]
    public void InverseOfTransformWithAllComponentsReproducesTheInput()
    {
        Gen.Int[2, 6].SelectMany(p => Gen.Int[p, 30].SelectMany(n => Gen.Double[-100, 100].Array[n * p].Select(v => new Matrix(n, p, v)))).Sample(m =>
        {
            var x = Frame.FromMatrix(m);
            foreach (var whiten in new[] { false, true })
            {
                var model = new Pca { Whiten = whiten }.Fit(x);
                if (model.ExplainedVariance.Any(v => v < 1e-9 * model.ExplainedVariance[0])) return true; // degenerate draw
                var back = model.InverseTransformMatrix(model.TransformMatrix(m));
                for (var i = 0; i < m.Data.Length; i++)
                    if (Math.Abs(back.Data[i] - m.Data[i]) > 1e-8 * (1 + Math.Abs(m.Data[i]))) return false;
                var ratioSum = model.ExplainedVarianceRatio.Sum();
                if (Math.Abs(ratioSum - 1) > 1e-10) return false;
            }
            return true;
        }, iter: 60);
    }

    [Fact]
    public void ComponentsAreOrthonormal()
    {
        var model = new Pca { NComponents = 10 }.Fit(Features("digits.csv", "target"));
        var g = DenseOps.MultiplyTransposed(model.Components, model.Components);
        for (var i = 0; i < g.Rows; i++)
            for (var j = 0; j < g.Cols; j++) Assert.Equal(i == j ? 1.0 : 0.0, g[i, j], 1e-12);
    }
}
