using System.Globalization;
using System.Text;
using Augur.Data;
using Augur.Numerics;
using Augur.Preprocessing;

namespace Augur.Bench;

/// <summary>
/// TfidfVectorizer fit + transform (one pass, as scikit-learn's <c>fit_transform</c>) on a reproducible synthetic corpus
/// of about 20,000 documents, against scikit-learn on the same documents.
/// </summary>
public sealed class TfidfBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "tfidf";

    /// <inheritdoc />
    public string Description => "TfidfVectorizer fit+transform on ~20,000 synthetic documents vs scikit-learn";

    /// <summary>Writes the corpus: Zipf-distributed words from a synthetic vocabulary, with punctuation and capitals.</summary>
    internal static string[] Corpus(int documents, int seed)
    {
        var rng = new Rng(seed);
        const int vocabulary = 40_000;
        var words = new string[vocabulary];
        const string letters = "abcdefghijklmnopqrstuvwxyzéü";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var w = 0; w < vocabulary; w++)
        {
            string word;
            do
            {
                var length = 2 + rng.NextInt(9);
                var sb = new StringBuilder(length);
                for (var k = 0; k < length; k++) sb.Append(letters[rng.NextInt(k == 0 ? 26 : letters.Length)]);
                word = sb.ToString();
            } while (!seen.Add(word));
            words[w] = word;
        }
        var cumulative = new double[vocabulary];
        var total = 0.0;
        for (var r = 0; r < vocabulary; r++) cumulative[r] = total += 1.0 / Math.Pow(r + 1, 1.07);
        string[] separators = [" ", " ", " ", " ", " ", ", ", ". ", "; ", " - ", "\n"];
        var docs = new string[documents];
        var text = new StringBuilder();
        for (var d = 0; d < documents; d++)
        {
            text.Clear();
            var length = 20 + rng.NextInt(280);
            for (var t = 0; t < length; t++)
            {
                var u = rng.NextDouble() * total;
                var r = Array.BinarySearch(cumulative, u);
                if (r < 0) r = ~r;
                var word = words[Math.Min(r, vocabulary - 1)];
                if (rng.NextInt(12) == 0) word = char.ToUpperInvariant(word[0]) + word[1..];
                if (rng.NextInt(40) == 0) word += rng.NextInt(100).ToString(CultureInfo.InvariantCulture);
                text.Append(word).Append(separators[rng.NextInt(separators.Length)]);
            }
            docs[d] = text.ToString();
        }
        return docs;
    }

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var n = context.Quick ? 2_000 : 20_000;
        var docs = Corpus(n, seed: 42);
        var path = Path.Combine(context.WorkDir, $"tfidf_corpus_{n}.txt");
        // One document per line (the corpus uses '\n' inside documents, so escape it for the file).
        File.WriteAllLines(path, docs.Select(d => d.Replace("\n", "\\n", StringComparison.Ordinal)));
        var frame = new Frame(new StringColumn("text", docs));
        var repeats = context.Quick ? 3 : 5;
        var configs = new (string Name, TfidfVectorizer Vectorizer)[]
        {
            ("default", new TfidfVectorizer()),
            ("bigrams", new TfidfVectorizer { NgramRange = [1, 2], MinDf = 2, SublinearTf = true, MaxFeatures = 100_000 }),
        };
        var md = new StringBuilder();
        md.AppendLine("## tfidf — TfidfVectorizer fit + transform");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{n:N0} synthetic documents (20–300 Zipf-distributed words each; 40,000-word vocabulary), {Environment.ProcessorCount} cores. ");
        md.AppendLine("Augur: `TfidfVectorizer.FitTransform` (one sparse column per term). scikit-learn 1.2.1: `fit_transform` (CSR matrix). Median of repeated runs.");
        md.AppendLine();
        md.AppendLine("| config | terms | stored values | Augur (s) | scikit-learn (s) | speed-up |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, vectorizer) in configs)
        {
            var (model, output) = vectorizer.FitTransform(frame);
            var nnz = output.Columns.Sum(c => ((SparseColumn)c).NonZeroCount);
            var augur = BenchContext.MedianSeconds(() => vectorizer.FitTransform(frame), repeats);
            var py = context.RunPython("tfidf.py", path, name, repeats.ToString(CultureInfo.InvariantCulture));
            var pySeconds = py.GetProperty("seconds").GetDouble();
            var pyTerms = py.GetProperty("terms").GetInt32();
            var pyNnz = py.GetProperty("nnz").GetInt64();
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", model.Vocabulary))));
            if (pyTerms != model.Vocabulary.Count || pyNnz != nnz || py.GetProperty("vocabulary_sha256").GetString() != hash)
                throw new InvalidOperationException($"tfidf {name}: Augur found {model.Vocabulary.Count} terms and {nnz} values, scikit-learn {pyTerms} and {pyNnz} (or the vocabularies differ)");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {model.Vocabulary.Count:N0} | {nnz:N0} | {augur:F3} | {pySeconds:F3} | {pySeconds / augur:F1}× |");
        }
        md.AppendLine();
        md.AppendLine("`default`: TfidfVectorizer(). `bigrams`: ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=100000. Both sides produce the same vocabulary (SHA-256 of the sorted terms) and the same number of stored values (checked on every run).");
        context.WriteSection(Name, md.ToString());
    }
}
