using System.Text.Json;
using Augur.Data;
using Augur.Numerics;
using Augur.Preprocessing;

namespace Augur.Tests.Preprocessing;

public sealed class TextVectorizerTests
{
    private static readonly JsonElement s_fixture = Fixture.Load("preprocessing", "text.json");

    internal static string[] Documents() => Support.Names(s_fixture.GetProperty("documents"));

    internal static Frame Corpus(string name = "text") => new(new StringColumn(name, Documents()));

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < s_fixture.GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    private static (IEstimator<ITransformerModel> Estimator, bool Tfidf) Build(JsonElement c)
    {
        var count = new CountVectorizer();
        var tfidf = new TfidfVectorizer();
        foreach (var p in c.GetProperty("options").EnumerateObject())
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "ngram_range": count = count with { NgramRange = [v[0].GetInt32(), v[1].GetInt32()] }; tfidf = tfidf with { NgramRange = count.NgramRange }; break;
                case "stop_words":
                    IReadOnlyList<string> words = v.ValueKind == JsonValueKind.String ? StopWords.English : Support.Names(v);
                    count = count with { StopWords = words }; tfidf = tfidf with { StopWords = words }; break;
                case "min_df": count = count with { MinDf = v.GetDouble() }; tfidf = tfidf with { MinDf = v.GetDouble() }; break;
                case "max_df": count = count with { MaxDf = v.GetDouble() }; tfidf = tfidf with { MaxDf = v.GetDouble() }; break;
                case "max_features": count = count with { MaxFeatures = v.GetInt32() }; tfidf = tfidf with { MaxFeatures = v.GetInt32() }; break;
                case "binary": count = count with { Binary = v.GetBoolean() }; tfidf = tfidf with { Binary = v.GetBoolean() }; break;
                case "lowercase": count = count with { Lowercase = v.GetBoolean() }; tfidf = tfidf with { Lowercase = v.GetBoolean() }; break;
                case "token_pattern": count = count with { TokenPattern = v.GetString()! }; tfidf = tfidf with { TokenPattern = v.GetString()! }; break;
                case "norm": tfidf = tfidf with { Norm = v.ValueKind == JsonValueKind.Null ? null : v.GetString() == "l1" ? TfidfNorm.L1 : TfidfNorm.L2 }; break;
                case "use_idf": tfidf = tfidf with { UseIdf = v.GetBoolean() }; break;
                case "smooth_idf": tfidf = tfidf with { SmoothIdf = v.GetBoolean() }; break;
                case "sublinear_tf": tfidf = tfidf with { SublinearTf = v.GetBoolean() }; break;
                default: throw new InvalidOperationException(p.Name);
            }
        }
        var isTfidf = c.GetProperty("kind").GetString() == "tfidf";
        return (isTfidf ? tfidf : count, isTfidf);
    }

    private static Matrix Expected(JsonElement triplets, int rows, int cols)
    {
        var m = new Matrix(rows, cols);
        var r = Support.IntArray(triplets.GetProperty("rows"));
        var c = Support.IntArray(triplets.GetProperty("cols"));
        var v = triplets.GetProperty("values").Doubles();
        for (var k = 0; k < r.Length; k++) m[r[k], c[k]] = v[k];
        return m;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void VectorizersMatchScikitLearn(int index)
    {
        var c = s_fixture.GetProperty("cases")[index];
        var (estimator, isTfidf) = Build(c);
        var corpus = Corpus();
        var what = $"{c.GetProperty("kind")} {c.GetProperty("options")}";
        var vocabulary = Support.Names(c.GetProperty("vocabulary"));
        var (model, fitOutput) = estimator switch
        {
            CountVectorizer cv => ((ITransformerModel, Frame))cv.FitTransform(corpus),
            TfidfVectorizer tv => tv.FitTransform(corpus),
            _ => throw new InvalidOperationException(),
        };
        Assert.Equal(vocabulary, model.FeatureNamesOut);
        Assert.All(fitOutput.Columns, col => Assert.IsType<SparseColumn>(col));
        var rtol = isTfidf ? 1e-12 : 0;
        Close.Equal(Expected(c.GetProperty("fit_transform"), corpus.RowCount, vocabulary.Length), Support.Dense(fitOutput), rtol, 1e-15, what);
        // Fit then transform gives the same as fit-transform.
        Support.AssertSameFrame(fitOutput, model.Transform(corpus));
        if (isTfidf && c.TryGetProperty("idf", out var idf))
            Close.Equal(idf.Doubles(), ((TfidfVectorizerModel)model).Idf!.ToArray(), 1e-14, 0, what + " idf");
        var newDocs = new Frame(new StringColumn("text", Support.Names(c.GetProperty("new_docs"))));
        Close.Equal(Expected(c.GetProperty("transform"), newDocs.RowCount, vocabulary.Length), Support.Dense(model.Transform(newDocs)), rtol, 1e-15, what + " new");
        Support.AssertRoundTrip(model, newDocs);
    }

    [Fact]
    public void EnglishStopWordsAreScikitLearns()
    {
        Assert.Equal(Support.Names(s_fixture.GetProperty("english_stop_words")), StopWords.English.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void ArgSortBreaksTiesAsNumPy()
    {
        foreach (var c in s_fixture.GetProperty("argsort").EnumerateArray())
        {
            var keys = c.GetProperty("keys").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            Assert.Equal(Support.IntArray(c.GetProperty("order")), IntroArgSort.ArgSort(keys));
        }
        // Sorted, reversed and constant inputs, and a large random one, come out sorted.
        var rng = new Rng(3);
        foreach (var keys in new[]
        {
            Enumerable.Range(0, 5000).Select(i => (long)i).ToArray(),
            Enumerable.Range(0, 5000).Select(i => (long)-i).ToArray(),
            new long[3000],
            Enumerable.Range(0, 20000).Select(_ => (long)rng.NextInt(50)).ToArray(),
        })
        {
            var order = IntroArgSort.ArgSort(keys);
            Assert.Equal(keys.Length, order.Distinct().Count());
            for (var i = 1; i < order.Length; i++) Assert.True(keys[order[i - 1]] <= keys[order[i]]);
        }
    }

    [Fact]
    public void TokenPatternTranslationFollowsPythonWordCharacters()
    {
        var docs = new Frame(new StringColumn("t", ["x² café ٣٤ a_b 𝐛𝐨𝐥𝐝 e\u0301t\u0301e", "Ⅻ ½ ab ok-go"]));
        var fast = new CountVectorizer().Fit(docs);
        // Python's \w matches letters and numbers of every script (², ٣, Ⅻ, and letters outside the BMP) but not
        // combining marks, so 'e\u0301t\u0301e' splits at the accents.
        Assert.Equal(["a_b", "ab", "café", "go", "ok", "x²", "٣٤", "𝐛𝐨𝐥𝐝"], fast.Vocabulary.ToArray());
        var single = new CountVectorizer { TokenPattern = @"\b\w+\b" }.Fit(docs);
        Assert.Contains("ⅻ", single.Vocabulary);
        Assert.Contains("½", single.Vocabulary);
        Assert.Contains("e", single.Vocabulary);
        // The same pattern written so that it runs through the regular-expression engine gives the same terms on
        // text inside the Basic Multilingual Plane.
        var bmp = new Frame(new StringColumn("t", ["x² café ٣٤ a_b e\u0301t\u0301e", "Ⅻ ½ ab ok-go"]));
        Assert.Equal(new CountVectorizer().Fit(bmp).Vocabulary, new CountVectorizer { TokenPattern = @"(?:\b\w\w+\b)" }.Fit(bmp).Vocabulary);
        Assert.Equal(["e", "t"], new CountVectorizer { TokenPattern = @"\b\w\b", Lowercase = false }.Fit(new Frame(new StringColumn("t", ["e\u0301t\u0301e"]))).Vocabulary.ToArray());
        Assert.Contains("character class", Assert.Throws<AugurException>(() => new CountVectorizer { TokenPattern = @"[^\W\d]+" }.Fit(bmp)).Message);
    }

    [Fact]
    public void BadOptionsAndInputsGiveClearErrors()
    {
        var corpus = Corpus();
        Assert.Contains("capturing groups", Assert.Throws<AugurException>(() => new CountVectorizer { TokenPattern = @"(a)(b)" }.Fit(corpus)).Message);
        Assert.Contains("min_df", Assert.Throws<AugurException>(() => new CountVectorizer { MinDf = 200 }.Fit(corpus)).Message);
        Assert.Throws<AugurException>(() => new CountVectorizer { MaxDf = 0.01, MinDf = 0.5 }.Fit(corpus));
        Assert.Throws<AugurException>(() => new CountVectorizer { NgramRange = [2, 1] }.Fit(corpus));
        Assert.Contains("empty vocabulary", Assert.Throws<AugurException>(() => new CountVectorizer().Fit(new Frame(new StringColumn("t", ["a", "", null])))).Message);
        var two = corpus.WithColumn(new StringColumn("other", Documents()));
        Assert.Contains("text_column", Assert.Throws<AugurException>(() => new TfidfVectorizer().Fit(two)).Message);
        var model = new TfidfVectorizer { TextColumn = "other" }.Fit(two);
        Assert.Equal(["other"], model.Signature.InputNames);
        Assert.Throws<AugurException>(() => new TfidfVectorizer().Fit(new Frame(new Float64Column("n", [1.0]))));
    }

    [Fact]
    public void MissingDocumentsAreEmptyAndRowsStayAligned()
    {
        var model = new TfidfVectorizer().Fit(Corpus());
        var docs = new Frame(new StringColumn("text", [null, "data model", null]));
        var t = model.Transform(docs);
        Assert.Equal(3, t.RowCount);
        var dense = Support.Dense(t);
        Assert.All(Enumerable.Range(0, dense.Cols), j => Assert.Equal(0.0, dense[0, j]));
        Close.Equal(1.0, dense.Row(1).ToArray().Sum(v => v * v), 1e-12);
        var asCategorical = model.Transform(new Frame(((StringColumn)docs["text"]).ToCategorical()));
        Support.AssertSameFrame(t, asCategorical);
    }

    [Fact]
    public void LargeCorpusInParallelMatchesSmallChunks()
    {
        // More documents than one work item holds, so fitting merges several partial vocabularies.
        var docs = Documents();
        var many = Enumerable.Range(0, 2100).Select(i => docs[i % docs.Length] + (i % 3 == 0 ? " extra" + (i % 50) : "")).ToArray();
        var frame = new Frame(new StringColumn("t", many));
        var (model, output) = new TfidfVectorizer { NgramRange = [1, 2], MaxFeatures = 300 }.FitTransform(frame);
        Support.AssertSameFrame(output, model.Transform(frame));
        var firstDoc = model.Transform(frame.Head(1));
        var dense = Support.Dense(output);
        Close.Equal(dense.Row(0).ToArray(), Support.Dense(firstDoc).Row(0).ToArray(), 0, 0);
        Assert.Equal(300, model.Vocabulary.Count);
        Assert.True(model.Vocabulary.SequenceEqual(model.Vocabulary.Order(StringComparer.Ordinal)));
    }
}
