using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>What <see cref="OneHotEncoder"/> does with a category it did not see in training.</summary>
public enum OneHotUnknown
{
    /// <summary>Throw an error naming the unknown values (scikit-learn's <c>error</c>).</summary>
    Error,
    /// <summary>Encode the row as all zeros for that column (<c>ignore</c>).</summary>
    Ignore,
    /// <summary>Encode it as the infrequent category when the column has one, otherwise as all zeros (<c>infrequent_if_exist</c>).</summary>
    InfrequentIfExist,
}

/// <summary>Which category <see cref="OneHotEncoder"/> leaves out of each column's output (null keeps every category).</summary>
public enum OneHotDrop
{
    /// <summary>Drop the first category of every column (<c>first</c>).</summary>
    First,
    /// <summary>Drop the first category of columns with exactly two (<c>if_binary</c>).</summary>
    IfBinary,
}

/// <summary>
/// Encodes categorical columns (string, categorical, int64, bool or float64) as one 0/1 column per category, as
/// scikit-learn 1.2's <c>OneHotEncoder</c>. Categories are the sorted distinct values; a missing value is a category of
/// its own (named <c>nan</c>, placed last). Rare categories can be grouped into one infrequent category (named
/// <c>column_infrequent_sklearn</c>) with <see cref="MinFrequency"/> and <see cref="MaxCategories"/>. Output columns are
/// named <c>column_category</c>; they are dense float64 by default, or sparse with <see cref="SparseOutput"/>.
/// </summary>
public sealed record OneHotEncoder : IEstimator<OneHotEncoderModel>
{
    /// <summary>Which category to leave out (scikit-learn's <c>drop</c>); null (the default) keeps every category.</summary>
    public OneHotDrop? Drop { get; init; }

    /// <summary>Produce sparse columns instead of dense ones (scikit-learn's <c>sparse_output</c>; here default false).</summary>
    public bool SparseOutput { get; init; }

    /// <summary>What to do with categories not seen in training (default: error).</summary>
    public OneHotUnknown HandleUnknown { get; init; } = OneHotUnknown.Error;

    /// <summary>
    /// Categories seen fewer times than this are grouped as infrequent (scikit-learn's <c>min_frequency</c>): a value of
    /// 1 or more is a count of rows; a value between 0 and 1 is a fraction of the rows. Null: no minimum.
    /// </summary>
    public double? MinFrequency { get; init; }

    /// <summary>The most output columns per input column, the infrequent one included (<c>max_categories</c>). Null: no limit.</summary>
    public int? MaxCategories { get; init; }

    /// <inheritdoc />
    public OneHotEncoderModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string who = "OneHotEncoder";
        if (MinFrequency is { } mf && !(mf > 0 && double.IsFinite(mf)))
            throw new AugurException($"OneHotEncoder option 'min_frequency' must be a positive count or a fraction between 0 and 1, not {mf}");
        if (MinFrequency is { } mf2 && mf2 >= 1 && mf2 != Math.Floor(mf2))
            throw new AugurException($"OneHotEncoder option 'min_frequency' of 1 or more is a count of rows and must be a whole number, not {mf2}");
        if (MaxCategories is { } mc && mc < 1)
            throw new AugurException($"OneHotEncoder option 'max_categories' must be at least 1, not {mc}");
        TransformerSupport.RequireData(x, who);
        var infrequentEnabled = MinFrequency is not null || MaxCategories is not null;
        var encodings = new OneHotColumn[x.ColumnCount];
        for (var j = 0; j < encodings.Length; j++)
        {
            var (set, counts) = CategorySet.Learn(x[j], who);
            int[]? infrequent = infrequentEnabled ? Infrequent(counts, x.RowCount) : null;
            int[]? map = null;
            var outputs = set.Count;
            if (infrequent is not null)
            {
                map = new int[set.Count];
                var isInfrequent = new bool[set.Count];
                foreach (var k in infrequent) isInfrequent[k] = true;
                var frequent = set.Count - infrequent.Length;
                var next = 0;
                for (var k = 0; k < map.Length; k++) map[k] = isInfrequent[k] ? frequent : next++;
                outputs = frequent + 1;
            }
            var drop = Drop switch
            {
                OneHotDrop.First => 0,
                OneHotDrop.IfBinary when outputs == 2 => 0,
                _ => -1,
            };
            encodings[j] = new OneHotColumn(set, infrequent ?? [], map, drop);
        }
        var names = BuildNames(x.ColumnNames, encodings);
        return new OneHotEncoderModel(this, TransformerSupport.Signature(x, allowsMissing: true), encodings, names);
    }

    /// <summary>The indices of the infrequent categories (ascending), or null when there are none.</summary>
    private int[]? Infrequent(long[] counts, int rows)
    {
        var infrequent = new bool[counts.Length];
        if (MinFrequency is { } mf)
        {
            var threshold = mf >= 1 ? mf : mf * rows;
            for (var k = 0; k < counts.Length; k++) infrequent[k] = counts[k] < threshold;
        }
        var current = counts.Length - infrequent.Count(b => b) + 1;
        if (MaxCategories is { } max && max < current)
        {
            // The categories with the smallest counts (ties keep the earlier category frequent: a stable sort) become
            // infrequent until max - 1 frequent categories remain.
            var order = Enumerable.Range(0, counts.Length).OrderBy(k => counts[k]).ToArray();
            // As scikit-learn's slice [:-(max-1)], which takes nothing when max is 1.
            var take = max == 1 ? 0 : Math.Max(0, counts.Length - (max - 1));
            for (var t = 0; t < take; t++) infrequent[order[t]] = true;
        }
        var result = Enumerable.Range(0, counts.Length).Where(k => infrequent[k]).ToArray();
        return result.Length > 0 ? result : null;
    }

    internal static string[] BuildNames(IReadOnlyList<string> inputs, IReadOnlyList<OneHotColumn> encodings)
    {
        var names = new List<string>();
        for (var j = 0; j < encodings.Count; j++)
        {
            var e = encodings[j];
            var labels = e.OutputLabels();
            for (var k = 0; k < labels.Count; k++)
                if (k != e.Drop) names.Add(inputs[j] + "_" + labels[k]);
        }
        var result = names.ToArray();
        TransformerSupport.RequireDistinct(result, "OneHotEncoder");
        return result;
    }
}

/// <summary>The fitted encoding of one input column.</summary>
internal sealed class OneHotColumn
{
    public OneHotColumn(CategorySet set, int[] infrequent, int[]? map, int drop)
    {
        Set = set;
        Infrequent = infrequent;
        Map = map;
        Drop = drop;
        Slots = map is null ? set.Count : set.Count - infrequent.Length + 1;
        Outputs = Slots - (drop >= 0 ? 1 : 0);
    }

    /// <summary>The categories.</summary>
    public CategorySet Set { get; }

    /// <summary>Indices of the infrequent categories (empty when none).</summary>
    public int[] Infrequent { get; }

    /// <summary>Category index → output slot when categories are grouped; null otherwise.</summary>
    public int[]? Map { get; }

    /// <summary>The slot that is left out, or -1.</summary>
    public int Drop { get; }

    /// <summary>The number of slots before dropping (frequent categories plus the infrequent one).</summary>
    public int Slots { get; }

    /// <summary>The number of output columns.</summary>
    public int Outputs { get; }

    /// <summary>The infrequent slot, or -1.</summary>
    public int InfrequentSlot => Infrequent.Length > 0 ? Slots - 1 : -1;

    /// <summary>The label of every slot (frequent category names, then <c>infrequent_sklearn</c>).</summary>
    public IReadOnlyList<string> OutputLabels()
    {
        if (Map is null) return Set.Names;
        var labels = new string[Slots];
        for (var k = 0; k < Map.Length; k++)
            if (Map[k] < Slots - 1) labels[Map[k]] = Set.Names[k];
        labels[Slots - 1] = "infrequent_sklearn";
        return labels;
    }
}

/// <summary>A fitted <see cref="OneHotEncoder"/>.</summary>
public sealed class OneHotEncoderModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "one_hot_encoder";

    private readonly OneHotColumn[] _columns;

    internal OneHotEncoderModel(OneHotEncoder options, ModelSignature signature, OneHotColumn[] columns, string[] names)
    {
        Options = options;
        Signature = signature;
        _columns = columns;
        FeatureNamesOut = names;
    }

    /// <summary>The options the encoder was fitted with.</summary>
    public OneHotEncoder Options { get; }

    /// <summary>The categories of each input column as printed in feature names (sorted; <c>nan</c> for missing, last).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Categories => _columns.Select(c => c.Set.Names).ToArray();

    /// <summary>The infrequent categories of each input column (empty when none).</summary>
    public IReadOnlyList<IReadOnlyList<string>> InfrequentCategories =>
        _columns.Select(c => (IReadOnlyList<string>)c.Infrequent.Select(k => c.Set.Names[k]).ToArray()).ToArray();

    /// <summary>The number of output columns of each input column.</summary>
    public IReadOnlyList<int> OutputCounts => _columns.Select(c => c.Outputs).ToArray();

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x)
    {
        var input = Signature.Conform(x, "OneHotEncoder");
        var n = input.RowCount;
        var offsets = new int[_columns.Length + 1];
        for (var j = 0; j < _columns.Length; j++) offsets[j + 1] = offsets[j] + _columns[j].Outputs;
        var output = new Column[offsets[^1]];
        TransformerSupport.For(_columns.Length, n, j =>
        {
            var e = _columns[j];
            var c = input[j];
            var codes = e.Set.Encode(c);
            // Output index of every row for this column, or -1 for none.
            var slot = new int[n];
            List<string>? unknown = null;
            for (var i = 0; i < n; i++)
            {
                var code = codes[i];
                int s;
                if (code < 0)
                {
                    switch (Options.HandleUnknown)
                    {
                        case OneHotUnknown.Error:
                            unknown ??= [];
                            if (unknown.Count < 5) unknown.Add(CategorySet.Display(c, i));
                            s = -1;
                            break;
                        case OneHotUnknown.InfrequentIfExist when e.InfrequentSlot >= 0:
                            s = e.InfrequentSlot;
                            break;
                        default:
                            slot[i] = -1;
                            continue;
                    }
                }
                else s = e.Map?[code] ?? code;
                if (s == e.Drop) s = -1;
                else if (e.Drop >= 0 && s > e.Drop) s--;
                slot[i] = s;
            }
            if (unknown is not null)
                throw new AugurException(
                    $"column '{c.Name}' holds categories not seen in training ({string.Join(", ", unknown.Distinct().Select(u => $"'{u}'"))}); set OneHotEncoder's handle_unknown to ignore or infrequent_if_exist to accept them");
            var names = FeatureNamesOut;
            if (Options.SparseOutput)
            {
                var counts = new int[e.Outputs];
                foreach (var s in slot) if (s >= 0) counts[s]++;
                var rows = new int[e.Outputs][];
                for (var k = 0; k < rows.Length; k++) rows[k] = new int[counts[k]];
                var fill = new int[e.Outputs];
                for (var i = 0; i < n; i++) if (slot[i] >= 0) rows[slot[i]][fill[slot[i]]++] = i;
                for (var k = 0; k < rows.Length; k++)
                {
                    var ones = new double[rows[k].Length];
                    Array.Fill(ones, 1.0);
                    output[offsets[j] + k] = new SparseColumn(names[offsets[j] + k], n, rows[k], ones);
                }
            }
            else
            {
                var dense = new double[e.Outputs][];
                for (var k = 0; k < dense.Length; k++) dense[k] = new double[n];
                for (var i = 0; i < n; i++) if (slot[i] >= 0) dense[slot[i]][i] = 1.0;
                for (var k = 0; k < dense.Length; k++) output[offsets[j] + k] = new Float64Column(names[offsets[j] + k], dense[k]);
            }
        });
        return new Frame(output);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        for (var j = 0; j < _columns.Length; j++)
        {
            var e = _columns[j];
            e.Set.Save(writer, $"c{j}.");
            writer.Write($"c{j}.infrequent", e.Infrequent.AsSpan());
            writer.Write($"c{j}.drop", e.Drop);
        }
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static OneHotEncoderModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<OneHotEncoder>();
        var signature = TransformerSupport.ReadSignature(reader);
        var columns = new OneHotColumn[signature.Inputs.Count];
        for (var j = 0; j < columns.Length; j++)
        {
            var set = CategorySet.Load(reader, $"c{j}.");
            var infrequent = reader.ReadInt32s($"c{j}.infrequent");
            reader.Require(infrequent.All(k => k >= 0 && k < set.Count) && infrequent.Distinct().Count() == infrequent.Length,
                $"c{j}.infrequent", "infrequent category indices are out of range");
            int[]? map = null;
            var slots = set.Count;
            if (infrequent.Length > 0)
            {
                var isInfrequent = new bool[set.Count];
                foreach (var k in infrequent) isInfrequent[k] = true;
                var frequent = set.Count - infrequent.Length;
                map = new int[set.Count];
                var next = 0;
                for (var k = 0; k < map.Length; k++) map[k] = isInfrequent[k] ? frequent : next++;
                slots = frequent + 1;
            }
            var drop = reader.ReadInt32($"c{j}.drop", -1, slots - 1);
            columns[j] = new OneHotColumn(set, infrequent, map, drop);
        }
        return new OneHotEncoderModel(options, signature, columns, OneHotEncoder.BuildNames(signature.InputNames, columns));
    }
}
