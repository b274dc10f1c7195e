using System.Globalization;
using System.Text;
using Augur.Data;
using Augur.Preprocessing;
using Augur.Serialization;

namespace Augur.Pipelines;

/// <summary>What <see cref="AutoPreprocessor"/> decided a column is.</summary>
public enum AutoColumnKind
{
    /// <summary>A number: imputed with the median, then standardized.</summary>
    Numeric,
    /// <summary>A boolean: treated as a 0/1 number.</summary>
    Boolean,
    /// <summary>A category: imputed with the most frequent value, then one-hot encoded (rare values grouped, unseen ones ignored).</summary>
    Categorical,
    /// <summary>Free text: tf-idf weights of its words.</summary>
    Text,
    /// <summary>A date and time: calendar parts, imputed with the median, then standardized.</summary>
    DateTime,
    /// <summary>A sparse numeric column: passed through.</summary>
    Sparse,
    /// <summary>Left out (constant, empty, identifier-like or without words); the reason says why.</summary>
    Dropped,
}

/// <summary>The plan for one input column.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Type">Its type in training (<c>float64</c>, <c>string</c>, …).</param>
/// <param name="Kind">What it was taken to be.</param>
/// <param name="Steps">The steps applied to it, in order (empty when dropped).</param>
/// <param name="Reason">Why it was treated so (for example <c>12 distinct values</c> or <c>every value is distinct</c>).</param>
/// <param name="Outputs">The output columns it produces.</param>
public sealed record AutoColumnPlan(string Column, string Type, AutoColumnKind Kind, IReadOnlyList<string> Steps, string Reason, IReadOnlyList<string> Outputs);

/// <summary>
/// The automatic preprocessor the command-line tool applies to raw files: it looks at the training frame's columns and
/// builds a <see cref="ColumnTransformer"/> for them — numbers (and booleans) are imputed with the median and
/// standardized; categories (categorical columns and low-cardinality strings) are imputed with the most frequent value and
/// one-hot encoded, grouping rare values and ignoring unseen ones; free text (strings of several words with many distinct
/// values) becomes tf-idf weights; dates become calendar parts, imputed and standardized; constant, empty and
/// identifier-like columns (every value a distinct string) are dropped. The fitted model reports its plan per column and
/// accepts missing values in every column it reads and categories it has not seen.
/// </summary>
public sealed record AutoPreprocessor : IEstimator<AutoPreprocessorModel>
{
    /// <summary>String columns with at most this many distinct values are categories; also the most one-hot columns per category column (default 50).</summary>
    public int MaxCategories { get; init; } = 50;

    /// <summary>Categories seen fewer times are grouped as infrequent: 1 or more a count, below 1 a fraction of the rows (default 5).</summary>
    public double MinCategoryFrequency { get; init; } = 5;

    /// <summary>String columns averaging at least this many words per value (and with many distinct values) are free text (default 3).</summary>
    public double TextMinWords { get; init; } = 3;

    /// <summary>The largest vocabulary kept per text column, by corpus frequency (default 5000).</summary>
    public int TextMaxFeatures { get; init; } = 5000;

    /// <summary>Remove English stop words from text columns (default true).</summary>
    public bool TextStopWords { get; init; } = true;

    /// <summary>Standardize numeric, boolean and date columns after imputing them (default true).</summary>
    public bool ScaleNumeric { get; init; } = true;

    /// <summary>Drop string columns in which every value is distinct (identifiers; default true).</summary>
    public bool DropIdentifiers { get; init; } = true;

    private const string NumericEntry = "num";
    private const string CategoricalEntry = "cat";
    private const string DateEntry = "date";
    private const string SparseEntry = "sparse";

    /// <inheritdoc />
    public AutoPreprocessorModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (MaxCategories < 1) throw new AugurException($"AutoPreprocessor option 'max_categories' must be at least 1, not {MaxCategories}");
        if (TextMaxFeatures < 1) throw new AugurException($"AutoPreprocessor option 'text_max_features' must be at least 1, not {TextMaxFeatures}");
        if (x.ColumnCount == 0) throw new AugurException("AutoPreprocessor needs at least one column");
        if (x.RowCount == 0) throw new AugurException("AutoPreprocessor needs at least one row to fit");

        var decisions = x.Columns.Select(Classify).ToArray();
        var numeric = new List<string>();
        var categorical = new List<string>();
        var dates = new List<string>();
        var sparse = new List<string>();
        var texts = new List<string>();
        for (var j = 0; j < decisions.Length; j++)
        {
            var name = x[j].Name;
            switch (decisions[j].Kind)
            {
                case AutoColumnKind.Numeric or AutoColumnKind.Boolean: numeric.Add(name); break;
                case AutoColumnKind.Categorical: categorical.Add(name); break;
                case AutoColumnKind.DateTime: dates.Add(name); break;
                case AutoColumnKind.Sparse: sparse.Add(name); break;
                case AutoColumnKind.Text: texts.Add(name); break;
            }
        }

        var entries = new List<FittedColumnTransform>();
        if (numeric.Count > 0)
        {
            IEstimator<IModel>[] steps = ScaleNumeric
                ? [new SimpleImputer { Strategy = ImputeStrategy.Median }, new StandardScaler()]
                : [new SimpleImputer { Strategy = ImputeStrategy.Median }];
            entries.Add(FitEntry(NumericEntry, new Pipeline(steps), x, numeric, y));
        }
        if (categorical.Count > 0)
        {
            var encoder = new OneHotEncoder
            {
                HandleUnknown = OneHotUnknown.Ignore,
                MinFrequency = MinCategoryFrequency,
                MaxCategories = MaxCategories,
            };
            entries.Add(FitEntry(CategoricalEntry, new Pipeline(new SimpleImputer { Strategy = ImputeStrategy.MostFrequent }, encoder), x, categorical, y));
        }
        foreach (var name in texts)
        {
            var vectorizer = new TfidfVectorizer
            {
                MaxFeatures = TextMaxFeatures,
                StopWords = TextStopWords ? StopWords.English : null,
            };
            try
            {
                entries.Add(FitEntry("text_" + name, vectorizer, x, [name], y));
            }
            catch (AugurException)
            {
                var j = x.IndexOf(name);
                decisions[j] = new Decision(AutoColumnKind.Dropped, "no words to learn from (empty or only stop words)");
            }
        }
        if (dates.Count > 0)
        {
            IEstimator<IModel>[] steps = ScaleNumeric
                ? [new DateTimeFeatures(), new SimpleImputer { Strategy = ImputeStrategy.Median }, new StandardScaler()]
                : [new DateTimeFeatures(), new SimpleImputer { Strategy = ImputeStrategy.Median }];
            entries.Add(FitEntry(DateEntry, new Pipeline(steps), x, dates, y));
        }
        if (sparse.Count > 0) entries.Add(FitEntry(SparseEntry, new Passthrough(), x, sparse, y));
        if (entries.Count == 0)
            throw new AugurException(
                $"AutoPreprocessor found no usable column: {string.Join("; ", x.Columns.Select((c, j) => $"{c.Name}: {decisions[j].Reason}"))}");

        var fitted = entries.ToArray();
        var transformer = new ColumnTransformerModel(fitted, verbose: true, ColumnTransformer.BuildSignature(x, fitted));
        var plan = BuildPlan(x, decisions, fitted, transformer);
        return new AutoPreprocessorModel(this, transformer, plan);
    }

    private static FittedColumnTransform FitEntry(string name, IEstimator<IModel> estimator, Frame x, IReadOnlyList<string> columns, Column? y)
    {
        var model = estimator.Fit(x.Select(columns), y);
        return new FittedColumnTransform(name, columns.ToArray(), (ITransformerModel)model);
    }

    private sealed record Decision(AutoColumnKind Kind, string Reason);

    private Decision Classify(Column c)
    {
        var present = c.Length - c.MissingCount;
        if (present == 0) return new Decision(AutoColumnKind.Dropped, "every value is missing");
        switch (c.Type)
        {
            case ColumnType.Sparse:
                return new Decision(AutoColumnKind.Sparse, "sparse numeric column");
            case ColumnType.Float64 or ColumnType.Int64 or ColumnType.Bool or ColumnType.DateTime:
            {
                var distinct = new HashSet<long>();
                for (var i = 0; i < c.Length && distinct.Count < 2; i++)
                {
                    if (c.IsMissing(i)) continue;
                    distinct.Add(c is DateTimeColumn d ? d.Ticks[i] : BitConverter.DoubleToInt64Bits(c.GetDouble(i) == 0 ? 0.0 : c.GetDouble(i)));
                }
                if (distinct.Count < 2) return new Decision(AutoColumnKind.Dropped, $"constant (every value is {Describe(c)})");
                return c.Type switch
                {
                    ColumnType.Bool => new Decision(AutoColumnKind.Boolean, "boolean"),
                    ColumnType.DateTime => new Decision(AutoColumnKind.DateTime, "date and time"),
                    _ => new Decision(AutoColumnKind.Numeric, c.Type == ColumnType.Int64 ? "integer" : "number"),
                };
            }
            case ColumnType.String or ColumnType.Categorical:
            {
                var distinct = new HashSet<string>(StringComparer.Ordinal);
                double words = 0;
                for (var i = 0; i < c.Length; i++)
                {
                    if (c.IsMissing(i)) continue;
                    var v = c.Format(i);
                    distinct.Add(v);
                    words += WordCount(v);
                }
                if (distinct.Count < 2) return new Decision(AutoColumnKind.Dropped, $"constant (every value is '{distinct.FirstOrDefault()}')");
                var meanWords = words / present;
                var allDistinct = distinct.Count == present;
                if (meanWords >= TextMinWords && (distinct.Count > MaxCategories || allDistinct))
                    return new Decision(AutoColumnKind.Text, string.Create(CultureInfo.InvariantCulture, $"free text ({meanWords:0.#} words per value, {distinct.Count} distinct values)"));
                if (DropIdentifiers && allDistinct)
                    return new Decision(AutoColumnKind.Dropped, $"identifier-like (every one of its {present} values is distinct)");
                return new Decision(AutoColumnKind.Categorical, distinct.Count > MaxCategories
                    ? $"{distinct.Count} distinct values (high cardinality: the rarest are grouped)"
                    : $"{distinct.Count} distinct values");
            }
            default:
                return new Decision(AutoColumnKind.Dropped, $"unsupported type {c.Type.ToName()}");
        }
    }

    private static string Describe(Column c)
    {
        for (var i = 0; i < c.Length; i++) if (!c.IsMissing(i)) return c.Format(i);
        return "missing";
    }

    private static int WordCount(string s)
    {
        var count = 0;
        var inWord = false;
        foreach (var ch in s)
        {
            var space = char.IsWhiteSpace(ch);
            if (!space && !inWord) count++;
            inWord = !space;
        }
        return count;
    }

    private AutoColumnPlan[] BuildPlan(Frame x, Decision[] decisions, FittedColumnTransform[] entries, ColumnTransformerModel transformer)
    {
        // Output names of each input column, read off the fitted entries.
        var outputs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var k = 0;
        foreach (var e in entries)
        {
            var names = e.Model.FeatureNamesOut;
            var perColumn = OutputsPerColumn(e);
            for (var c = 0; c < e.Columns.Count; c++)
            {
                var list = outputs.TryGetValue(e.Columns[c], out var l) ? l : outputs[e.Columns[c]] = [];
                for (var t = 0; t < perColumn[c]; t++) list.Add(transformer.FeatureNamesOut[k++]);
            }
            if (perColumn.Sum() != names.Count) throw new InvalidOperationException("AutoPreprocessor could not attribute output columns to inputs");
        }
        var scaled = ScaleNumeric ? " → standard scale" : "";
        return x.Columns.Select((c, j) =>
        {
            var d = decisions[j];
            IReadOnlyList<string> steps = d.Kind switch
            {
                AutoColumnKind.Numeric or AutoColumnKind.Boolean => [$"impute median{scaled}"],
                AutoColumnKind.Categorical => [$"impute most frequent → one-hot (unseen ignored; fewer than {MinCategoryFrequency.ToString(CultureInfo.InvariantCulture)} grouped; at most {MaxCategories} columns)"],
                AutoColumnKind.Text => [$"tf-idf (at most {TextMaxFeatures} terms{(TextStopWords ? ", English stop words removed" : "")})"],
                AutoColumnKind.DateTime => [$"calendar parts → impute median{scaled}"],
                AutoColumnKind.Sparse => ["pass through"],
                _ => [],
            };
            var outs = outputs.TryGetValue(c.Name, out var o) ? (IReadOnlyList<string>)o.ToArray() : [];
            return new AutoColumnPlan(c.Name, c.Type.ToName(), d.Kind, steps, d.Reason, outs);
        }).ToArray();
    }

    private static int[] OutputsPerColumn(FittedColumnTransform e)
    {
        var model = e.Model is Pipelines.TransformerPipelineModel p ? p.Steps[^1] : e.Model;
        var first = e.Model is Pipelines.TransformerPipelineModel p2 ? p2.Steps[0] : e.Model;
        return model switch
        {
            OneHotEncoderModel oh => oh.OutputCounts.ToArray(),
            _ when first is DateTimeFeaturesModel dt => dt.Parts.Select(parts => parts.Count).ToArray(),
            TfidfVectorizerModel tf => [tf.Vocabulary.Count],
            _ => Enumerable.Repeat(1, e.Columns.Count).ToArray(),
        };
    }
}

/// <summary>A fitted <see cref="AutoPreprocessor"/>: the column transformer it built and its plan per column.</summary>
public sealed class AutoPreprocessorModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "auto_preprocessor";

    internal AutoPreprocessorModel(AutoPreprocessor options, ColumnTransformerModel transformer, IReadOnlyList<AutoColumnPlan> plan)
    {
        Options = options;
        Transformer = transformer;
        Plan = plan;
    }

    /// <summary>The options it was fitted with.</summary>
    public AutoPreprocessor Options { get; }

    /// <summary>The fitted column transformer that does the work.</summary>
    public ColumnTransformerModel Transformer { get; }

    /// <summary>What was done with each input column, in the training frame's order (dropped columns included).</summary>
    public IReadOnlyList<AutoColumnPlan> Plan { get; }

    /// <summary>The columns left out, with the reason.</summary>
    public IReadOnlyList<AutoColumnPlan> Dropped => Plan.Where(p => p.Kind == AutoColumnKind.Dropped).ToArray();

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature => Transformer.Signature;

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut => Transformer.FeatureNamesOut;

    /// <inheritdoc />
    public Frame Transform(Frame x) => Transformer.Transform(x);

    /// <summary>The plan as a readable table: column, type, kind, steps (or why it was dropped) and the number of outputs.</summary>
    public string Describe()
    {
        var rows = Plan.Select(p => new[]
        {
            p.Column, p.Type, p.Kind.ToString().ToLowerInvariant(),
            p.Kind == AutoColumnKind.Dropped ? "dropped: " + p.Reason : string.Join(" → ", p.Steps) + " (" + p.Reason + ")",
            p.Outputs.Count.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        rows.Insert(0, ["column", "type", "kind", "steps", "outputs"]);
        var widths = Enumerable.Range(0, 5).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var r in rows)
        {
            for (var i = 0; i < 5; i++)
            {
                if (i > 0) sb.Append("  ");
                sb.Append(i == 4 ? r[i].PadLeft(widths[i]) : r[i].PadRight(widths[i]));
            }
            sb.AppendLine();
        }
        sb.Append(CultureInfo.InvariantCulture, $"{Plan.Count} input columns → {FeatureNamesOut.Count} features");
        return sb.ToString();
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.WriteObject("plan", Plan.ToArray());
        writer.Write("transformer", Transformer);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static AutoPreprocessorModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<AutoPreprocessor>();
        var plan = reader.ReadObject<AutoColumnPlan[]>("plan");
        reader.Require(plan.All(p => p is not null && p.Column is not null && p.Steps is not null && p.Outputs is not null), "plan", "a plan entry is incomplete");
        var transformer = reader.ReadModel<ColumnTransformerModel>("transformer");
        return new AutoPreprocessorModel(options, transformer, plan);
    }
}
