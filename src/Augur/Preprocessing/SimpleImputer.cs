using System.Globalization;
using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>How <see cref="SimpleImputer"/> picks the value that replaces missing ones.</summary>
public enum ImputeStrategy
{
    /// <summary>The mean of the column's values (numeric columns only).</summary>
    Mean,
    /// <summary>The median of the column's values (numeric columns only).</summary>
    Median,
    /// <summary>The most frequent value; ties go to the smallest value.</summary>
    MostFrequent,
    /// <summary>A constant, <see cref="SimpleImputer.FillValue"/>.</summary>
    Constant,
}

/// <summary>
/// Replaces missing values column by column with a statistic learned in training (mean, median, most frequent value) or
/// a constant, as scikit-learn 1.2's <c>SimpleImputer</c>. Numeric columns (float64, int64, bool) come out as float64;
/// string and categorical columns keep their type. With <see cref="AddIndicator"/>, a 0/1 column
/// <c>missingindicator_column</c> is added for every column that had missing values in training. A column with no
/// values at all in training is dropped from the output for the mean, median and most-frequent strategies (scikit-learn's
/// behaviour; see <see cref="SimpleImputerModel.Notes"/>) unless <see cref="KeepEmptyFeatures"/> is set.
/// </summary>
public sealed record SimpleImputer : IEstimator<SimpleImputerModel>
{
    /// <summary>The strategy (default mean).</summary>
    public ImputeStrategy Strategy { get; init; } = ImputeStrategy.Mean;

    /// <summary>
    /// The constant for <see cref="ImputeStrategy.Constant"/>, as text: numeric columns parse it as a number. Null (the
    /// default) means 0 for numeric columns and <c>missing_value</c> for text columns, as scikit-learn.
    /// </summary>
    public string? FillValue { get; init; }

    /// <summary>Add a missing-indicator column for each column that had missing values in training (<c>add_indicator</c>).</summary>
    public bool AddIndicator { get; init; }

    /// <summary>Keep columns that had no values in training, imputing them with 0 (<c>keep_empty_features</c>).</summary>
    public bool KeepEmptyFeatures { get; init; }

    /// <inheritdoc />
    public SimpleImputerModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string who = "SimpleImputer";
        TransformerSupport.RequireData(x, who);
        double? numericFill = null;
        if (Strategy == ImputeStrategy.Constant && FillValue is not null && x.Columns.Any(c => c.IsNumeric))
        {
            if (!double.TryParse(FillValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var f))
                throw new AugurException($"SimpleImputer's fill_value '{FillValue}' is not a number, but column '{x.Columns.First(c => c.IsNumeric).Name}' is numeric; use a numeric fill value or impute text and numeric columns separately");
            numericFill = f;
        }
        var stats = new ImputedColumn[x.ColumnCount];
        var notes = new List<string>();
        for (var j = 0; j < stats.Length; j++)
        {
            var c = x[j];
            var hadMissing = c.MissingCount > 0;
            if (c.Type is ColumnType.String or ColumnType.Categorical)
            {
                string? value = Strategy switch
                {
                    ImputeStrategy.Mean or ImputeStrategy.Median => throw new AugurException(
                        $"SimpleImputer cannot take the {Strategy.ToString().ToLowerInvariant()} of column '{c.Name}', which holds {c.Type.ToName()} values; use strategy most_frequent or constant"),
                    ImputeStrategy.MostFrequent => MostFrequentText(c),
                    _ => FillValue ?? "missing_value",
                };
                var empty = value is null;
                if (empty && KeepEmptyFeatures) value = "0";
                stats[j] = new ImputedColumn(true, double.NaN, value, empty && !KeepEmptyFeatures, hadMissing);
            }
            else if (c.IsNumeric && c is not SparseColumn)
            {
                var values = c.ToDoubleArray();
                TransformerSupport.RequireNoInfinity(c, values, who);
                double value = Strategy switch
                {
                    ImputeStrategy.Mean => Mean(values),
                    ImputeStrategy.Median => TransformerSupport.Median(TransformerSupport.SortedPresent(values)),
                    ImputeStrategy.MostFrequent => MostFrequentNumber(values),
                    _ => numericFill ?? 0.0,
                };
                var empty = double.IsNaN(value);
                if (empty && KeepEmptyFeatures) value = 0;
                stats[j] = new ImputedColumn(false, value, null, empty && !KeepEmptyFeatures, hadMissing);
            }
            else
            {
                throw new AugurException($"column '{c.Name}' holds {c.Type.ToName()} values, which SimpleImputer cannot impute; it imputes numeric, string and categorical columns");
            }
            if (stats[j].Dropped)
                notes.Add($"column '{c.Name}' has no values in training, so SimpleImputer ({Strategy.ToString().ToLowerInvariant()}) cannot learn a fill value and drops it from the output, as scikit-learn does; set KeepEmptyFeatures to keep it (filled with 0) or use strategy constant");
        }
        var signature = TransformerSupport.Signature(x, allowsMissing: true);
        return new SimpleImputerModel(this, signature, stats, notes);
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        var n = 0;
        foreach (var v in values)
            if (!double.IsNaN(v)) { sum += v; n++; }
        return n == 0 ? double.NaN : sum / n;
    }

    private static double MostFrequentNumber(ReadOnlySpan<double> values)
    {
        var sorted = TransformerSupport.SortedPresent(values);
        if (sorted.Length == 0) return double.NaN;
        // Ascending runs: the first longest run is the smallest of the most frequent values.
        double best = sorted[0];
        int bestCount = 0, run = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            run = i > 0 && sorted[i] == sorted[i - 1] ? run + 1 : 1;
            if (run > bestCount) { bestCount = run; best = sorted[i]; }
        }
        return best;
    }

    private static string? MostFrequentText(Column c)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < c.Length; i++)
        {
            if (c.IsMissing(i)) continue;
            var v = c.Format(i);
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        if (counts.Count == 0) return null;
        var max = counts.Values.Max();
        return counts.Where(kv => kv.Value == max).Select(kv => kv.Key).Min(CodePointComparer.Instance);
    }
}

/// <summary>What the imputer learned for one input column.</summary>
/// <param name="IsText">True for string and categorical columns.</param>
/// <param name="Number">The fill value of a numeric column.</param>
/// <param name="Text">The fill value of a text column.</param>
/// <param name="Dropped">True when the column is left out of the output (no values in training).</param>
/// <param name="Indicator">True when the column had missing values in training (it gets an indicator column).</param>
internal sealed record ImputedColumn(bool IsText, double Number, string? Text, bool Dropped, bool Indicator);

/// <summary>A fitted <see cref="SimpleImputer"/>.</summary>
public sealed class SimpleImputerModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "simple_imputer";

    private readonly ImputedColumn[] _columns;

    internal SimpleImputerModel(SimpleImputer options, ModelSignature signature, ImputedColumn[] columns, IReadOnlyList<string> notes)
    {
        Options = options;
        Signature = signature;
        _columns = columns;
        Notes = notes;
        var names = new List<string>();
        for (var j = 0; j < columns.Length; j++) if (!columns[j].Dropped) names.Add(signature.Inputs[j].Name);
        if (options.AddIndicator)
            for (var j = 0; j < columns.Length; j++)
                if (columns[j].Indicator) names.Add("missingindicator_" + signature.Inputs[j].Name);
        FeatureNamesOut = names.ToArray();
        TransformerSupport.RequireDistinct(FeatureNamesOut, "SimpleImputer");
    }

    /// <summary>The options the imputer was fitted with.</summary>
    public SimpleImputer Options { get; }

    /// <summary>The fill value of each input column as text (numbers invariant), null for a dropped column (scikit-learn's <c>statistics_</c>).</summary>
    public IReadOnlyList<string?> Statistics =>
        _columns.Select(c => c.Dropped ? null : c.IsText ? c.Text : c.Number.ToString("R", CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The fill value of each numeric input column (NaN for text or dropped columns).</summary>
    public IReadOnlyList<double> NumericStatistics => _columns.Select(c => c.IsText || c.Dropped ? double.NaN : c.Number).ToArray();

    /// <summary>The input columns left out of the output because they had no values in training.</summary>
    public IReadOnlyList<string> DroppedColumns =>
        _columns.Select((c, j) => (c, j)).Where(t => t.c.Dropped).Select(t => Signature.Inputs[t.j].Name).ToArray();

    /// <summary>Readable notes about what fitting decided (for example, columns dropped because they were empty).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x)
    {
        var input = Signature.Conform(x, "SimpleImputer");
        var n = input.RowCount;
        var imputed = new Column?[_columns.Length];
        TransformerSupport.For(_columns.Length, n, j =>
        {
            var spec = _columns[j];
            if (spec.Dropped) return;
            var c = input[j];
            imputed[j] = spec.IsText ? FillText(c, spec.Text!) : FillNumber(c, spec.Number);
        });
        var output = new List<Column>(FeatureNamesOut.Count);
        foreach (var c in imputed) if (c is not null) output.Add(c);
        if (Options.AddIndicator)
        {
            for (var j = 0; j < _columns.Length; j++)
            {
                if (!_columns[j].Indicator) continue;
                var c = input[j];
                var flags = new double[n];
                for (var i = 0; i < n; i++) flags[i] = c.IsMissing(i) ? 1.0 : 0.0;
                output.Add(new Float64Column("missingindicator_" + c.Name, flags));
            }
        }
        return new Frame(output);
    }

    private static Column FillNumber(Column c, double fill)
    {
        var v = c.ToDoubleArray();
        for (var i = 0; i < v.Length; i++) if (double.IsNaN(v[i])) v[i] = fill;
        return new Float64Column(c.Name, v);
    }

    private static Column FillText(Column c, string fill)
    {
        if (c is CategoricalColumn cat)
        {
            if (cat.MissingCount == 0) return cat;
            var code = cat.CodeOf(fill);
            var categories = cat.Categories.ToArray();
            if (code < 0)
            {
                code = categories.Length;
                categories = [.. categories, fill];
            }
            var codes = cat.Codes.ToArray();
            for (var i = 0; i < codes.Length; i++) if (codes[i] < 0) codes[i] = code;
            return new CategoricalColumn(c.Name, codes, categories);
        }
        var values = new string?[c.Length];
        for (var i = 0; i < values.Length; i++) values[i] = c.IsMissing(i) ? fill : c.Format(i);
        return new StringColumn(c.Name, values);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        writer.Write("is_text", _columns.Select(c => c.IsText).ToArray().AsSpan());
        writer.Write("number", _columns.Select(c => c.Number).ToArray().AsSpan());
        writer.Write("text", _columns.Select(c => c.Text).ToArray());
        writer.Write("dropped", _columns.Select(c => c.Dropped).ToArray().AsSpan());
        writer.Write("indicator", _columns.Select(c => c.Indicator).ToArray().AsSpan());
        writer.Write("notes", Notes.ToArray());
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static SimpleImputerModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<SimpleImputer>();
        var signature = TransformerSupport.ReadSignature(reader);
        var p = signature.Inputs.Count;
        var isText = reader.ReadBooleans("is_text", p);
        var number = reader.ReadDoubles("number", p);
        var text = reader.ReadStrings("text");
        reader.Require(text.Length == p, "text", "one fill value per column is expected");
        var dropped = reader.ReadBooleans("dropped", p);
        var indicator = reader.ReadBooleans("indicator", p);
        var columns = new ImputedColumn[p];
        for (var j = 0; j < p; j++)
        {
            reader.Require(!isText[j] || dropped[j] || text[j] is not null, "text", $"column {j} has no fill value");
            columns[j] = new ImputedColumn(isText[j], number[j], text[j], dropped[j], indicator[j]);
        }
        return new SimpleImputerModel(options, signature, columns, TransformerSupport.ReadNames(reader, "notes"));
    }
}
