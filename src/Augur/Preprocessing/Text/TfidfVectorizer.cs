using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>How <see cref="TfidfVectorizer"/> normalizes each document's vector (null: not at all, scikit-learn's <c>None</c>).</summary>
public enum TfidfNorm
{
    /// <summary>Divide by the Euclidean length (<c>l2</c>, the default).</summary>
    L2,
    /// <summary>Divide by the sum of absolute values (<c>l1</c>).</summary>
    L1,
}

/// <summary>
/// Turns one text column into tf-idf weights, as scikit-learn's <c>TfidfVectorizer</c>: term counts (see
/// <see cref="CountVectorizer"/> for the tokenizing options) times the inverse document frequency
/// <c>ln((1 + n) / (1 + df)) + 1</c> (or <c>ln(n / df) + 1</c> without smoothing), then each document normalized. One sparse
/// column per vocabulary term, named by the term. Missing documents count as empty.
/// </summary>
public sealed record TfidfVectorizer : IEstimator<TfidfVectorizerModel>
{
    /// <summary>The text column to read; null (the default) reads the frame's only column.</summary>
    public string? TextColumn { get; init; }

    /// <summary>Lowercase the text before tokenizing (default true).</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>The regular expression that finds tokens (default <c>(?u)\b\w\w+\b</c>); see <see cref="CountVectorizer.TokenPattern"/>.</summary>
    public string TokenPattern { get; init; } = TextAnalyzer.DefaultPattern;

    /// <summary>The smallest and largest n of the word n-grams (<c>ngram_range</c>; default [1, 1]).</summary>
    public IReadOnlyList<int> NgramRange { get; init; } = [1, 1];

    /// <summary>Tokens to drop before forming n-grams (for example <see cref="Preprocessing.StopWords.English"/>); null: none.</summary>
    public IReadOnlyList<string>? StopWords { get; init; }

    /// <summary>Drop terms found in more documents than this: up to 1 a fraction of the documents, above 1 a count (default 1.0).</summary>
    public double MaxDf { get; init; } = 1.0;

    /// <summary>Drop terms found in fewer documents than this: 1 or more a count, below 1 a fraction (default 1).</summary>
    public double MinDf { get; init; } = 1;

    /// <summary>Keep only the terms most frequent over the corpus (<c>max_features</c>; null: all).</summary>
    public int? MaxFeatures { get; init; }

    /// <summary>Use 1 for every present term instead of its count as the term frequency (<c>binary</c>).</summary>
    public bool Binary { get; init; }

    /// <summary>How each document's vector is normalized (default L2); null leaves it unnormalized.</summary>
    public TfidfNorm? Norm { get; init; } = TfidfNorm.L2;

    /// <summary>Weight terms by inverse document frequency (<c>use_idf</c>, default true).</summary>
    public bool UseIdf { get; init; } = true;

    /// <summary>Add one to document frequencies, as if a document held every term once (<c>smooth_idf</c>, default true).</summary>
    public bool SmoothIdf { get; init; } = true;

    /// <summary>Replace a count tf by <c>1 + ln(tf)</c> (<c>sublinear_tf</c>).</summary>
    public bool SublinearTf { get; init; }

    internal TextSettings Settings => new(TextColumn, Lowercase, TokenPattern, NgramRange, StopWords, MaxDf, MinDf, MaxFeatures, Binary);

    /// <inheritdoc />
    public TfidfVectorizerModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null) => FitTransform(x).Model;

    /// <summary>Learns the vocabulary and idf and returns the model with the training documents' weights (one pass over the text).</summary>
    public (TfidfVectorizerModel Model, Frame Output) FitTransform(Frame x)
    {
        var (column, vocabulary, counts) = TextVectorizerCore.Fit(x, Settings, "TfidfVectorizer");
        var terms = vocabulary.Terms.Length;
        double[]? idf = null;
        if (UseIdf)
        {
            var df = TextVectorizerCore.DocumentFrequency(counts, terms);
            var n = (double)counts.Documents + (SmoothIdf ? 1 : 0);
            idf = new double[terms];
            for (var t = 0; t < idf.Length; t++) idf[t] = Math.Log(n / (df[t] + (SmoothIdf ? 1 : 0))) + 1;
        }
        var model = new TfidfVectorizerModel(this, CountVectorizer.Signature(column), vocabulary, idf);
        model.Weigh(counts);
        return (model, vocabulary.ToFrame(counts));
    }
}

/// <summary>A fitted <see cref="TfidfVectorizer"/>.</summary>
public sealed class TfidfVectorizerModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "tfidf_vectorizer";

    private readonly TextVocabulary _vocabulary;
    private readonly double[]? _idf;

    internal TfidfVectorizerModel(TfidfVectorizer options, ModelSignature signature, TextVocabulary vocabulary, double[]? idf)
    {
        Options = options;
        Signature = signature;
        _vocabulary = vocabulary;
        _idf = idf;
    }

    /// <summary>The options the vectorizer was fitted with.</summary>
    public TfidfVectorizer Options { get; }

    /// <summary>The vocabulary, sorted; term <c>i</c> is output column <c>i</c>.</summary>
    public IReadOnlyList<string> Vocabulary => _vocabulary.Terms;

    /// <summary>The inverse document frequency of each term (<c>idf_</c>), or null when <see cref="TfidfVectorizer.UseIdf"/> is false.</summary>
    public IReadOnlyList<double>? Idf => _idf;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut => _vocabulary.Terms;

    /// <summary>Turns counts into normalized tf-idf weights, in place.</summary>
    internal void Weigh(DocumentTerms m)
    {
        var values = m.Values;
        var terms = m.Terms;
        var sublinear = Options.SublinearTf;
        var norm = Options.Norm;
        void Document(int d)
        {
            var start = m.Pointers[d];
            var end = m.Pointers[d + 1];
            var total = 0.0;
            for (var k = start; k < end; k++)
            {
                var v = values[k];
                if (sublinear) v = Math.Log(v) + 1;
                if (_idf is not null) v *= _idf[terms[k]];
                values[k] = v;
                total += norm == TfidfNorm.L2 ? v * v : Math.Abs(v);
            }
            if (norm is null || total == 0) return;
            var divisor = norm == TfidfNorm.L2 ? Math.Sqrt(total) : total;
            for (var k = start; k < end; k++) values[k] /= divisor;
        }
        if (m.Documents >= 4096) Parallel.For(0, m.Documents, Document);
        else for (var d = 0; d < m.Documents; d++) Document(d);
    }

    /// <inheritdoc />
    public Frame Transform(Frame x)
    {
        var docs = TextVectorizerCore.Documents(Signature.Conform(x, "TfidfVectorizer")[0]);
        var counts = _vocabulary.Count(docs, Options.Binary);
        Weigh(counts);
        return _vocabulary.ToFrame(counts);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        _vocabulary.Save(writer, Options, Signature);
        if (_idf is not null) writer.Write("idf", _idf);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static TfidfVectorizerModel Load(ModelReader reader)
    {
        var (options, signature, terms) = TextVocabulary.Read<TfidfVectorizer>(reader);
        var idf = options.UseIdf ? reader.ReadDoubles("idf", terms.Length) : null;
        var analyzer = TextVectorizerCore.Analyzer(options.Settings, "TfidfVectorizer");
        return new TfidfVectorizerModel(options, signature, new TextVocabulary(terms, analyzer), idf);
    }
}
