using System.Runtime.InteropServices;
using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>A document-term matrix in CSR form: term indices ascend within each document.</summary>
internal sealed class DocumentTerms(int documents, int[] pointers, int[] terms, double[] values)
{
    public int Documents { get; } = documents;
    public int[] Pointers { get; } = pointers;
    public int[] Terms { get; } = terms;
    public double[] Values { get; } = values;
}

/// <summary>The options shared by <see cref="CountVectorizer"/> and <see cref="TfidfVectorizer"/>.</summary>
internal sealed record TextSettings(
    string? TextColumn, bool Lowercase, string TokenPattern, IReadOnlyList<int> NgramRange, IReadOnlyList<string>? StopWords,
    double MaxDf, double MinDf, int? MaxFeatures, bool Binary);

/// <summary>A fitted vocabulary with what counting needs: the sorted terms, each term's output column and the analyzer.</summary>
internal sealed class TextVocabulary
{
    private readonly Dictionary<string, int> _index;
    private readonly TextAnalyzer _analyzer;

    public TextVocabulary(string[] terms, TextAnalyzer analyzer)
    {
        Terms = terms;
        _analyzer = analyzer;
        _index = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++) _index.Add(terms[i], i);
    }

    /// <summary>The terms, sorted; term <c>i</c> is output column <c>i</c>.</summary>
    public string[] Terms { get; }

    /// <summary>The term counts of <paramref name="docs"/>.</summary>
    public DocumentTerms Count(string?[] docs, bool binary) => TextVectorizerCore.Count(docs, _analyzer, _index, binary);

    /// <summary>A document-term matrix as one sparse column per term.</summary>
    public Frame ToFrame(DocumentTerms m) => new(TextVectorizerCore.ToColumns(m, Terms));

    /// <summary>Writes what every vectorizer model file starts with: options, signature and vocabulary.</summary>
    public void Save<TOptions>(ModelWriter writer, TOptions options, ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(options);
        writer.Write("signature", signature);
        writer.Write("vocabulary", Terms);
    }

    /// <summary>Reads what <see cref="Save"/> wrote, checking there is one input column and a non-empty vocabulary without repeats.</summary>
    public static (TOptions Options, ModelSignature Signature, string[] Terms) Read<TOptions>(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<TOptions>();
        var signature = TransformerSupport.ReadSignature(reader);
        reader.Require(signature.Inputs.Count == 1, "signature", "a text vectorizer reads exactly one column");
        var terms = TransformerSupport.ReadNames(reader, "vocabulary");
        reader.Require(terms.Length > 0 && terms.Distinct(StringComparer.Ordinal).Count() == terms.Length, "vocabulary", "the vocabulary is empty or repeats terms");
        return (options, signature, terms);
    }
}

/// <summary>Tokenizing, vocabulary learning and counting shared by the text vectorizers.</summary>
internal static class TextVectorizerCore
{
    /// <summary>
    /// What fitting either vectorizer starts with: checks the options, builds the analyzer, picks the text column and
    /// learns the vocabulary with the training documents' counts.
    /// </summary>
    public static (Column Column, TextVocabulary Vocabulary, DocumentTerms Counts) Fit(Frame x, TextSettings settings, string who)
    {
        CountVectorizer.CheckLimits(settings, who);
        var analyzer = Analyzer(settings, who);
        var column = TextColumn(x, settings.TextColumn, who);
        if (column.Length == 0) throw new AugurException($"{who} needs at least one document to fit");
        var (terms, counts) = Learn(Documents(column), analyzer, settings, who);
        return (column, new TextVocabulary(terms, analyzer), counts);
    }

    /// <summary>Documents per parallel work item.</summary>
    private const int ChunkSize = 512;

    /// <summary>Checks the options and builds the analyzer.</summary>
    public static TextAnalyzer Analyzer(TextSettings s, string who)
    {
        if (s.NgramRange is not { Count: 2 } || s.NgramRange[0] < 1 || s.NgramRange[0] > s.NgramRange[1])
            throw new AugurException($"{who} option 'ngram_range' must be two numbers (min_n, max_n) with 1 <= min_n <= max_n, not [{string.Join(", ", s.NgramRange ?? [])}]");
        if (s.TokenPattern is null) throw new AugurException($"{who} option 'token_pattern' cannot be none");
        return new TextAnalyzer(s.Lowercase, s.TokenPattern, s.NgramRange[0], s.NgramRange[1], s.StopWords);
    }

    /// <summary>Picks the text column from <paramref name="x"/>: the one named by the options, or the only column.</summary>
    public static Column TextColumn(Frame x, string? name, string who)
    {
        ArgumentNullException.ThrowIfNull(x);
        Column c;
        if (name is not null) c = x[name];
        else if (x.ColumnCount == 1) c = x[0];
        else
            throw new AugurException(x.ColumnCount == 0
                ? $"{who} needs one text column, but the frame has none"
                : $"{who} reads one text column, but the frame has {x.ColumnCount} ({string.Join(", ", x.ColumnNames.Take(5))}); set its text_column option or select the column first");
        if (c.Type is not (ColumnType.String or ColumnType.Categorical))
            throw new AugurException($"column '{c.Name}' holds {c.Type.ToName()} values but {who} needs text (a string column)");
        return c;
    }

    /// <summary>The documents of a text column (null for missing ones).</summary>
    public static string?[] Documents(Column c)
    {
        if (c is StringColumn s) return s.Values.ToArray();
        var docs = new string?[c.Length];
        for (var i = 0; i < docs.Length; i++) docs[i] = c.IsMissing(i) ? null : c.Format(i);
        return docs;
    }

    /// <summary>Counts the term ids of one document without sorting every occurrence: a dense count per id, and the ids touched.</summary>
    private sealed class TermCounter
    {
        private int[] _counts = new int[1024];
        private readonly List<int> _touched = new(256);

        public void Add(int id)
        {
            if (id >= _counts.Length) Array.Resize(ref _counts, Math.Max(id + 1, _counts.Length * 2));
            if (_counts[id]++ == 0) _touched.Add(id);
        }

        /// <summary>Appends the document's (id, count) pairs, ids ascending when <paramref name="sort"/> is set, and resets.</summary>
        public void Flush(List<int> outIds, List<int> outCounts, bool sort)
        {
            if (sort) CollectionsMarshal.AsSpan(_touched).Sort();
            foreach (var id in _touched)
            {
                outIds.Add(id);
                outCounts.Add(_counts[id]);
                _counts[id] = 0;
            }
            _touched.Clear();
        }
    }

    private readonly struct LearningSink(TermCounter counter, Dictionary<string, int> dict) : ITermSink
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup = dict.GetAlternateLookup<ReadOnlySpan<char>>();

        public void Add(ReadOnlySpan<char> term)
        {
            if (!_lookup.TryGetValue(term, out var id))
            {
                id = dict.Count;
                _lookup[term] = id;
            }
            counter.Add(id);
        }
    }

    private readonly struct LookupSink(TermCounter counter, Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup) : ITermSink
    {
        public void Add(ReadOnlySpan<char> term)
        {
            if (lookup.TryGetValue(term, out var id)) counter.Add(id);
        }
    }

    /// <summary>One chunk of documents counted against a local vocabulary.</summary>
    private sealed class Chunk
    {
        public string[] Terms = [];
        public int[] Pointers = [];
        public int[] Ids = [];
        public int[] Counts = [];
    }

    private static int ChunkCount(int documents) => Math.Max(1, (documents + ChunkSize - 1) / ChunkSize);

    private static void ForChunks(int documents, Action<int, int, int> body)
    {
        var chunks = ChunkCount(documents);
        void Run(int c)
        {
            var start = c * ChunkSize;
            body(c, start, Math.Min(documents, start + ChunkSize));
        }
        if (chunks == 1) Run(0);
        else Parallel.For(0, chunks, Run);
    }

    /// <summary>
    /// Learns the vocabulary of <paramref name="docs"/> as scikit-learn's <c>CountVectorizer.fit_transform</c>: counts terms,
    /// drops those outside the document-frequency bounds, keeps the <c>max_features</c> most frequent, and sorts the rest.
    /// Returns the vocabulary and the documents' counts over it (binary when asked).
    /// </summary>
    public static (string[] Vocabulary, DocumentTerms Counts) Learn(string?[] docs, TextAnalyzer analyzer, TextSettings s, string who)
    {
        var n = docs.Length;
        var chunks = new Chunk[ChunkCount(n)];
        ForChunks(n, (c, start, end) =>
        {
            var dict = new Dictionary<string, int>(StringComparer.Ordinal);
            var counter = new TermCounter();
            var outIds = new List<int>((end - start) * 32);
            var outCounts = new List<int>((end - start) * 32);
            var pointers = new int[end - start + 1];
            using var scratch = new AnalyzerScratch();
            var sink = new LearningSink(counter, dict);
            for (var d = start; d < end; d++)
            {
                analyzer.Analyze(docs[d], scratch, ref sink);
                counter.Flush(outIds, outCounts, sort: false);
                pointers[d - start + 1] = outIds.Count;
            }
            var terms = new string[dict.Count];
            foreach (var (term, id) in dict) terms[id] = term;
            chunks[c] = new Chunk { Terms = terms, Pointers = pointers, Ids = outIds.ToArray(), Counts = outCounts.ToArray() };
        });

        // Merge the chunk vocabularies (in chunk order, so ids are deterministic).
        var global = new Dictionary<string, int>(StringComparer.Ordinal);
        var maps = new int[chunks.Length][];
        for (var c = 0; c < chunks.Length; c++)
        {
            var terms = chunks[c].Terms;
            var map = new int[terms.Length];
            for (var k = 0; k < terms.Length; k++)
            {
                if (!global.TryGetValue(terms[k], out var g))
                {
                    g = global.Count;
                    global.Add(terms[k], g);
                }
                map[k] = g;
            }
            maps[c] = map;
        }
        if (global.Count == 0)
            throw new AugurException($"{who} found no terms in the documents (empty vocabulary); perhaps they are empty or hold only stop words");
        var allTerms = new string[global.Count];
        foreach (var (term, g) in global) allTerms[g] = term;
        var df = new long[allTerms.Length];
        var tf = new long[allTerms.Length];
        for (var c = 0; c < chunks.Length; c++)
        {
            var chunk = chunks[c];
            var map = maps[c];
            for (var k = 0; k < chunk.Ids.Length; k++)
            {
                var g = map[chunk.Ids[k]];
                df[g]++;
                tf[g] += s.Binary ? 1 : chunk.Counts[k];
            }
        }

        // Sort the terms (by code point, as Python sorts strings) and apply the frequency limits.
        var order = new int[allTerms.Length];
        for (var g = 0; g < order.Length; g++) order[g] = g;
        var sortedTerms = (string[])allTerms.Clone();
        Array.Sort(sortedTerms, order, CodePointComparer.Instance);
        var maxDocCount = s.MaxDf <= 1 ? s.MaxDf * n : s.MaxDf;
        var minDocCount = s.MinDf >= 1 ? s.MinDf : s.MinDf * n;
        if (maxDocCount < minDocCount)
            throw new AugurException($"{who}'s max_df ({s.MaxDf}) allows fewer documents than its min_df ({s.MinDf})");
        var keep = new bool[order.Length];
        var kept = 0;
        for (var r = 0; r < order.Length; r++)
        {
            var g = order[r];
            keep[r] = df[g] <= maxDocCount && df[g] >= minDocCount;
            if (keep[r]) kept++;
        }
        if (s.MaxFeatures is { } limit && kept > limit)
        {
            var positions = new int[kept];
            var keys = new long[kept];
            var m = 0;
            for (var r = 0; r < order.Length; r++)
                if (keep[r]) { positions[m] = r; keys[m] = -tf[order[r]]; m++; }
            var best = IntroArgSort.ArgSort(keys);
            Array.Clear(keep);
            for (var t = 0; t < limit; t++) keep[positions[best[t]]] = true;
            kept = limit;
        }
        if (kept == 0)
            throw new AugurException($"{who} kept no terms after applying min_df and max_df; try a lower min_df or a higher max_df");
        var vocabulary = new string[kept];
        var finalIndex = new int[allTerms.Length];
        Array.Fill(finalIndex, -1);
        var f = 0;
        for (var r = 0; r < order.Length; r++)
        {
            if (!keep[r]) continue;
            vocabulary[f] = sortedTerms[r];
            finalIndex[order[r]] = f++;
        }

        // The training documents' counts over the final vocabulary.
        var perChunk = new (int[] Pointers, int[] Terms, double[] Values)[chunks.Length];
        ForChunks(n, (c, start, end) =>
        {
            var chunk = chunks[c];
            var map = maps[c];
            var pointers = new int[end - start + 1];
            var terms = new List<int>(chunk.Ids.Length);
            var values = new List<double>(chunk.Ids.Length);
            var row = new List<(int Term, int Count)>(64);
            for (var d = 0; d < end - start; d++)
            {
                row.Clear();
                for (var k = chunk.Pointers[d]; k < chunk.Pointers[d + 1]; k++)
                {
                    var t = finalIndex[map[chunk.Ids[k]]];
                    if (t >= 0) row.Add((t, chunk.Counts[k]));
                }
                CollectionsMarshal.AsSpan(row).Sort((a, b) => a.Term.CompareTo(b.Term));
                foreach (var (t, count) in row)
                {
                    terms.Add(t);
                    values.Add(s.Binary ? 1.0 : count);
                }
                pointers[d + 1] = terms.Count;
            }
            perChunk[c] = (pointers, terms.ToArray(), values.ToArray());
        });
        return (vocabulary, Concatenate(n, perChunk));
    }

    /// <summary>Counts the terms of <paramref name="docs"/> that are in <paramref name="vocabulary"/> (binary when asked).</summary>
    public static DocumentTerms Count(string?[] docs, TextAnalyzer analyzer, Dictionary<string, int> vocabulary, bool binary)
    {
        var n = docs.Length;
        var perChunk = new (int[] Pointers, int[] Terms, double[] Values)[ChunkCount(n)];
        ForChunks(n, (c, start, end) =>
        {
            var lookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
            var counter = new TermCounter();
            var outIds = new List<int>((end - start) * 32);
            var outCounts = new List<int>((end - start) * 32);
            var pointers = new int[end - start + 1];
            using var scratch = new AnalyzerScratch();
            var sink = new LookupSink(counter, lookup);
            for (var d = start; d < end; d++)
            {
                analyzer.Analyze(docs[d], scratch, ref sink);
                counter.Flush(outIds, outCounts, sort: true);
                pointers[d - start + 1] = outIds.Count;
            }
            var values = new double[outCounts.Count];
            for (var k = 0; k < values.Length; k++) values[k] = binary ? 1.0 : outCounts[k];
            perChunk[c] = (pointers, outIds.ToArray(), values);
        });
        return Concatenate(n, perChunk);
    }

    private static DocumentTerms Concatenate(int n, (int[] Pointers, int[] Terms, double[] Values)[] parts)
    {
        var total = parts.Sum(p => p.Terms.Length);
        var pointers = new int[n + 1];
        var terms = new int[total];
        var values = new double[total];
        var doc = 0;
        var offset = 0;
        foreach (var (p, t, v) in parts)
        {
            for (var d = 1; d < p.Length; d++) pointers[doc + d] = offset + p[d];
            doc += p.Length - 1;
            t.CopyTo(terms, offset);
            v.CopyTo(values, offset);
            offset += t.Length;
        }
        return new DocumentTerms(n, pointers, terms, values);
    }

    /// <summary>Document frequency of each of <paramref name="terms"/> terms.</summary>
    public static long[] DocumentFrequency(DocumentTerms m, int terms)
    {
        var df = new long[terms];
        foreach (var t in m.Terms) df[t]++;
        return df;
    }

    /// <summary>Turns a document-term matrix into one sparse column per term (rows ascending).</summary>
    public static Column[] ToColumns(DocumentTerms m, IReadOnlyList<string> vocabulary)
    {
        var p = vocabulary.Count;
        var counts = new int[p];
        foreach (var t in m.Terms) counts[t]++;
        var rows = new int[p][];
        var values = new double[p][];
        for (var t = 0; t < p; t++)
        {
            rows[t] = new int[counts[t]];
            values[t] = new double[counts[t]];
        }
        var fill = new int[p];
        for (var d = 0; d < m.Documents; d++)
        {
            for (var k = m.Pointers[d]; k < m.Pointers[d + 1]; k++)
            {
                var t = m.Terms[k];
                var at = fill[t]++;
                rows[t][at] = d;
                values[t][at] = m.Values[k];
            }
        }
        var columns = new Column[p];
        if (p >= 64) Parallel.For(0, p, t => columns[t] = new SparseColumn(vocabulary[t], m.Documents, rows[t], values[t]));
        else for (var t = 0; t < p; t++) columns[t] = new SparseColumn(vocabulary[t], m.Documents, rows[t], values[t]);
        return columns;
    }
}
