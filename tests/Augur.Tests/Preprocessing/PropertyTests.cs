using Augur.Data;
using Augur.Preprocessing;
using CsCheck;

namespace Augur.Tests.Preprocessing;

public sealed class PropertyTests
{
    private static readonly Gen<string?[]> s_categories =
        Gen.Int[0, 6].Select(i => i == 6 ? null : ((char)('a' + i)).ToString()).Array[1, 60];

    [Fact]
    public void OneHotRowsHoldExactlyOneOnePerColumn()
    {
        Gen.Select(s_categories, s_categories).Sample((a, b) =>
        {
            var n = Math.Min(a.Length, b.Length);
            var x = new Frame(new StringColumn("a", a[..n]), new StringColumn("b", b[..n]));
            var model = new OneHotEncoder().Fit(x);
            var m = Support.Dense(model.Transform(x));
            for (var i = 0; i < n; i++) Assert.Equal(2.0, m.Row(i).ToArray().Sum());
            var loaded = Support.RoundTrip(model);
            Support.AssertSameFrame(model.Transform(x), loaded.Transform(x));
        }, iter: 80);
    }

    [Fact]
    public void OrdinalCodesIndexTheSortedCategories()
    {
        s_categories.Sample(values =>
        {
            var x = new Frame(new StringColumn("a", values));
            var model = new OrdinalEncoder().Fit(x);
            var codes = model.Transform(x)["a"].ToDoubleArray();
            var categories = model.Categories[0];
            Assert.True(categories.Where(c => c != "nan").SequenceEqual(categories.Where(c => c != "nan").Order(StringComparer.Ordinal)));
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is null) Assert.True(double.IsNaN(codes[i]));
                else Assert.Equal(values[i], categories[(int)codes[i]]);
            }
        }, iter: 80);
    }

    [Fact]
    public void TfidfRowsHaveUnitLengthOrAreEmpty()
    {
        string[] vocabulary = ["alpha", "beta", "gamma", "delta", "Alpha", "x", "déjà", "vu", "42", "the"];
        var words = Gen.Int[0, vocabulary.Length - 1].Select(i => vocabulary[i]);
        var doc = words.Array[0, 12].Select(w => string.Join(' ', w));
        doc.Array[2, 30].Sample(docs =>
        {
            if (docs.All(d => !d.Split(' ').Any(w => w.Length >= 2))) return;
            var x = new Frame(new StringColumn("t", docs));
            var (model, output) = new TfidfVectorizer().FitTransform(x);
            var m = Support.Dense(output);
            for (var i = 0; i < m.Rows; i++)
            {
                var norm = m.Row(i).ToArray().Sum(v => v * v);
                Assert.True(Math.Abs(norm - 1) < 1e-12 || norm == 0, $"row {i} has squared norm {norm}");
            }
            Support.AssertSameFrame(output, model.Transform(x));
        }, iter: 60);
    }

    [Fact]
    public void OptionsReadAndChangeBySnakeCaseName()
    {
        var names = EstimatorParameters.Describe(new TfidfVectorizer()).Select(p => p.Name).ToArray();
        Assert.Equal(["text_column", "lowercase", "token_pattern", "ngram_range", "stop_words", "max_df", "min_df", "max_features", "binary", "norm", "use_idf", "smooth_idf", "sublinear_tf"], names);
        var tfidf = EstimatorParameters.WithStrings(new TfidfVectorizer(), [new("norm", "none"), new("ngram_range", "[1, 2]"), new("min_df", "2"), new("max_features", "100")]);
        Assert.Null(tfidf.Norm);
        Assert.Equal([1, 2], tfidf.NgramRange);
        var encoder = EstimatorParameters.WithStrings(new OneHotEncoder(), [new("handle_unknown", "infrequent_if_exist"), new("drop", "if_binary"), new("min_frequency", "0.1")]);
        Assert.Equal(OneHotUnknown.InfrequentIfExist, encoder.HandleUnknown);
        Assert.Equal(OneHotDrop.IfBinary, encoder.Drop);
        var bins = EstimatorParameters.WithStrings(new KBinsDiscretizer(), [new("n_bins", "3"), new("encode", "onehot-dense"), new("strategy", "kmeans")]);
        Assert.Equal((3, KBinsEncode.OnehotDense, KBinsStrategy.Kmeans), (bins.NBins, bins.Encode, bins.Strategy));
        var scaler = EstimatorParameters.WithStrings(new MinMaxScaler(), [new("feature_range", "[-1, 1]"), new("clip", "true")]);
        Assert.Equal([-1.0, 1.0], scaler.FeatureRange);
        Assert.Throws<UnknownParameterException>(() => EstimatorParameters.WithStrings(new StandardScaler(), [new("with_means", "false")]));
    }
}
