using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>
/// Turns one text column into term counts, as scikit-learn's <c>CountVectorizer</c> with its word analyzer: one sparse
/// column per vocabulary term (named by the term; the vocabulary is sorted). Missing documents count as empty.
/// </summary>
public sealed record CountVectorizer : IEstimator<CountVectorizerModel>
{
    /// <summary>The text column to read; null (the default) reads the frame's only column.</summary>
    public string? TextColumn { get; init; }

    /// <summary>Lowercase the text before tokenizing (default true).</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>
    /// The regular expression that finds tokens (scikit-learn's <c>token_pattern</c>; default <c>(?u)\b\w\w+\b</c>, words of
    /// two or more characters). <c>\w</c> and <c>\b</c> follow Python's Unicode meaning; with one capturing group, the group
    /// is the token.
    /// </summary>
    public string TokenPattern { get; init; } = TextAnalyzer.DefaultPattern;

    /// <summary>The smallest and largest n of the word n-grams (<c>ngram_range</c>; default [1, 1]).</summary>
    public IReadOnlyList<int> NgramRange { get; init; } = [1, 1];

    /// <summary>Tokens to drop before forming n-grams (for example <see cref="Preprocessing.StopWords.English"/>); null: none.</summary>
    public IReadOnlyList<string>? StopWords { get; init; }

    /// <summary>Drop terms found in more documents than this: a value up to 1 is a fraction of the documents, above 1 a count (<c>max_df</c>; default 1.0).</summary>
    public double MaxDf { get; init; } = 1.0;

    /// <summary>Drop terms found in fewer documents than this: a value of 1 or more is a count, below 1 a fraction (<c>min_df</c>; default 1).</summary>
    public double MinDf { get; init; } = 1;

    /// <summary>Keep only the terms most frequent over the corpus (<c>max_features</c>; null: all).</summary>
    public int? MaxFeatures { get; init; }

    /// <summary>Write 1 for every present term instead of its count (<c>binary</c>).</summary>
    public bool Binary { get; init; }

    internal TextSettings Settings => new(TextColumn, Lowercase, TokenPattern, NgramRange, StopWords, MaxDf, MinDf, MaxFeatures, Binary);

    /// <inheritdoc />
    public CountVectorizerModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null) => FitTransform(x).Model;

    /// <summary>Learns the vocabulary and returns the model with the training documents' counts (one pass over the text).</summary>
    public (CountVectorizerModel Model, Frame Output) FitTransform(Frame x)
    {
        var (column, vocabulary, counts) = TextVectorizerCore.Fit(x, Settings, "CountVectorizer");
        return (new CountVectorizerModel(this, Signature(column), vocabulary), vocabulary.ToFrame(counts));
    }

    internal static ModelSignature Signature(Column column) =>
        TransformerSupport.Signature(new Frame(column), allowsMissing: true);

    internal static void CheckLimits(TextSettings s, string who)
    {
        if (!(s.MaxDf > 0) || (s.MaxDf > 1 && s.MaxDf != Math.Floor(s.MaxDf)))
            throw new AugurException($"{who} option 'max_df' must be a fraction in (0, 1] or a whole count above 1, not {s.MaxDf}");
        if (!(s.MinDf >= 0) || (s.MinDf >= 1 && s.MinDf != Math.Floor(s.MinDf)))
            throw new AugurException($"{who} option 'min_df' must be a fraction in [0, 1) or a whole count of at least 1, not {s.MinDf}");
        if (s.MaxFeatures is { } m && m < 1)
            throw new AugurException($"{who} option 'max_features' must be at least 1, not {m}");
    }
}

/// <summary>A fitted <see cref="CountVectorizer"/>.</summary>
public sealed class CountVectorizerModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "count_vectorizer";

    private readonly TextVocabulary _vocabulary;

    internal CountVectorizerModel(CountVectorizer options, ModelSignature signature, TextVocabulary vocabulary)
    {
        Options = options;
        Signature = signature;
        _vocabulary = vocabulary;
    }

    /// <summary>The options the vectorizer was fitted with.</summary>
    public CountVectorizer Options { get; }

    /// <summary>The vocabulary, sorted; term <c>i</c> is output column <c>i</c>.</summary>
    public IReadOnlyList<string> Vocabulary => _vocabulary.Terms;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut => _vocabulary.Terms;

    /// <summary>The column of <paramref name="x"/> holding the documents (by name, as in training).</summary>
    internal string?[] Documents(Frame x, string who) =>
        TextVectorizerCore.Documents(Signature.Conform(x, who)[0]);

    /// <inheritdoc />
    public Frame Transform(Frame x)
    {
        var counts = _vocabulary.Count(Documents(x, "CountVectorizer"), Options.Binary);
        return _vocabulary.ToFrame(counts);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer) => _vocabulary.Save(writer, Options, Signature);

    /// <summary>Rebuilds the model from a model file.</summary>
    public static CountVectorizerModel Load(ModelReader reader)
    {
        var (options, signature, terms) = TextVocabulary.Read<CountVectorizer>(reader);
        var analyzer = TextVectorizerCore.Analyzer(options.Settings, "CountVectorizer");
        return new CountVectorizerModel(options, signature, new TextVocabulary(terms, analyzer));
    }
}
