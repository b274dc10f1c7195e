using Augur.Data;
using Augur.Preprocessing;
using Augur.Serialization;

namespace Augur.Pipelines;

/// <summary>One entry of a <see cref="ColumnTransformer"/>: a name, the transformer to fit, and the columns it reads.</summary>
/// <param name="Name">The entry's name: the prefix of its output names (<c>name__feature</c>). Unique, without <c>__</c>.</param>
/// <param name="Transformer">The estimator to fit on the selected columns (it must fit a transformer); null drops them
/// (scikit-learn's <c>'drop'</c>). Use <see cref="Passthrough"/> to keep them unchanged.</param>
/// <param name="Columns">The columns it reads.</param>
public sealed record ColumnTransform(string Name, IEstimator<IModel>? Transformer, ColumnSelector Columns)
{
    /// <summary>An entry that drops the selected columns.</summary>
    public static ColumnTransform Drop(string name, ColumnSelector columns) => new(name, null, columns);

    /// <summary>An entry that passes the selected columns through unchanged.</summary>
    public static ColumnTransform Pass(string name, ColumnSelector columns) => new(name, new Passthrough(), columns);
}

/// <summary>
/// Applies different transformers to different columns and puts their outputs side by side, as scikit-learn's
/// <c>ColumnTransformer</c>: each entry fits its transformer on the columns its selector picks; the columns no entry
/// picks go to the <see cref="Remainder"/> (dropped by default). Output columns are named <c>entry__feature</c>
/// (<c>remainder__column</c> for the remainder) unless <see cref="VerboseFeatureNamesOut"/> is turned off. Entries whose
/// selection is empty are skipped. Sparse outputs stay sparse.
/// </summary>
public sealed record ColumnTransformer : IEstimator<ColumnTransformerModel>
{
    /// <summary>Creates a column transformer from its entries, in output order.</summary>
    public ColumnTransformer(params IEnumerable<ColumnTransform> transformers)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        Transformers = transformers.ToArray();
    }

    /// <summary>The entries, in output order.</summary>
    public IReadOnlyList<ColumnTransform> Transformers { get; init; }

    /// <summary>
    /// What happens to the columns no entry selects: null drops them (the default, scikit-learn's <c>'drop'</c>),
    /// <see cref="Passthrough"/> keeps them, any other transformer estimator is fitted on them.
    /// </summary>
    public IEstimator<IModel>? Remainder { get; init; }

    /// <summary>Prefix output names with the entry name (<c>entry__feature</c>; default true). When off, names must not clash.</summary>
    public bool VerboseFeatureNamesOut { get; init; } = true;

    /// <summary>The name of the remainder entry in output names.</summary>
    public const string RemainderName = "remainder";

    /// <inheritdoc />
    public ColumnTransformerModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in Transformers)
        {
            if (t is null) throw new AugurException("a ColumnTransformer entry is null");
            if (string.IsNullOrEmpty(t.Name)) throw new AugurException("every ColumnTransformer entry needs a name");
            if (t.Name.Contains("__", StringComparison.Ordinal)) throw new AugurException($"ColumnTransformer entry name '{t.Name}' must not contain '__'");
            if (t.Name == RemainderName) throw new AugurException($"'{RemainderName}' is reserved for the remainder; rename that ColumnTransformer entry");
            if (!names.Add(t.Name)) throw new AugurException($"ColumnTransformer entry name '{t.Name}' appears more than once");
            if (t.Columns is null) throw new AugurException($"ColumnTransformer entry '{t.Name}' has no column selector");
        }
        var used = new HashSet<string>(StringComparer.Ordinal);
        var plan = new List<(string Name, IEstimator<IModel> Estimator, string[] Columns)>();
        foreach (var t in Transformers)
        {
            var columns = t.Columns.Select(x).ToArray();
            foreach (var c in columns) used.Add(c);
            if (t.Transformer is null || columns.Length == 0) continue;
            plan.Add((t.Name, t.Transformer, columns));
        }
        if (Remainder is not null)
        {
            var rest = x.ColumnNames.Where(n => !used.Contains(n)).ToArray();
            if (rest.Length > 0) plan.Add((RemainderName, Remainder, rest));
        }
        var fitted = new FittedColumnTransform[plan.Count];
        for (var i = 0; i < plan.Count; i++)
        {
            var (name, estimator, columns) = plan[i];
            var model = estimator.Fit(x.Select(columns), y, sampleWeight);
            if (model is not ITransformerModel transformer)
                throw new AugurException($"ColumnTransformer entry '{name}' ({estimator.GetType().Name}) does not fit a transformer; only transformers can be used in a ColumnTransformer");
            fitted[i] = new FittedColumnTransform(name, columns, transformer);
        }
        return new ColumnTransformerModel(fitted, VerboseFeatureNamesOut, BuildSignature(x, fitted));
    }

    /// <summary>
    /// The signature of the fitted model: every column some entry reads, in the training frame's order, accepting missing
    /// values only where every entry that reads it does.
    /// </summary>
    internal static ModelSignature BuildSignature(Frame x, IReadOnlyList<FittedColumnTransform> fitted)
    {
        var allows = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var f in fitted)
        {
            var inputs = f.Model.Signature.Inputs.ToDictionary(i => i.Name, i => i.AllowsMissing, StringComparer.Ordinal);
            foreach (var c in f.Columns)
            {
                var a = inputs.TryGetValue(c, out var v) ? v : false;
                allows[c] = allows.TryGetValue(c, out var prev) ? prev && a : a;
            }
        }
        var full = ModelSignature.Infer(x, ModelTask.Transform, allowsMissing: false);
        var routed = full.Inputs.Where(i => allows.ContainsKey(i.Name)).Select(i => i with { AllowsMissing = allows[i.Name] }).ToArray();
        return new ModelSignature { Inputs = routed, Task = ModelTask.Transform };
    }
}

/// <summary>One fitted entry of a <see cref="ColumnTransformerModel"/>.</summary>
/// <param name="Name">The entry name (<c>remainder</c> for the remainder).</param>
/// <param name="Columns">The input columns it reads.</param>
/// <param name="Model">The fitted transformer.</param>
public sealed record FittedColumnTransform(string Name, IReadOnlyList<string> Columns, ITransformerModel Model);

/// <summary>A fitted <see cref="ColumnTransformer"/>.</summary>
public sealed class ColumnTransformerModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "column_transformer";

    private readonly FittedColumnTransform[] _entries;

    internal ColumnTransformerModel(FittedColumnTransform[] entries, bool verbose, ModelSignature signature)
    {
        _entries = entries;
        VerboseFeatureNamesOut = verbose;
        Signature = signature;
        var names = new List<string>();
        foreach (var e in entries)
            foreach (var f in e.Model.FeatureNamesOut)
                names.Add(verbose ? $"{e.Name}__{f}" : f);
        var duplicates = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).Take(5).ToArray();
        if (duplicates.Length > 0)
            throw new AugurException(
                $"ColumnTransformer output names are not unique ({string.Join(", ", duplicates.Select(d => $"'{d}'"))}); turn VerboseFeatureNamesOut on to prefix them with the entry names");
        FeatureNamesOut = names.ToArray();
    }

    /// <summary>The fitted entries in output order (the remainder, when fitted, last).</summary>
    public IReadOnlyList<FittedColumnTransform> Transformers => _entries;

    /// <summary>Whether output names carry the entry prefix.</summary>
    public bool VerboseFeatureNamesOut { get; }

    /// <summary>The fitted entry called <paramref name="name"/>.</summary>
    public FittedColumnTransform this[string name] =>
        _entries.FirstOrDefault(e => e.Name == name) ?? throw new AugurException($"the ColumnTransformer has no fitted entry '{name}'; entries: {string.Join(", ", _entries.Select(e => e.Name))}");

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x)
    {
        var input = Signature.Conform(x, "ColumnTransformer");
        var parts = new Frame[_entries.Length];
        for (var i = 0; i < parts.Length; i++) parts[i] = _entries[i].Model.Transform(input.Select(_entries[i].Columns));
        var columns = new List<Column>(FeatureNamesOut.Count);
        var k = 0;
        foreach (var part in parts)
        {
            foreach (var c in part.Columns)
            {
                var name = FeatureNamesOut[k++];
                columns.Add(c.Name == name ? c : c.Rename(name));
            }
        }
        if (k != FeatureNamesOut.Count)
            throw new InvalidOperationException("a ColumnTransformer entry produced a different number of columns than it announced");
        return new Frame(columns);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("signature", Signature);
        writer.Write("verbose_feature_names_out", VerboseFeatureNamesOut);
        writer.Write("names", _entries.Select(e => e.Name).ToArray());
        for (var i = 0; i < _entries.Length; i++) writer.Write($"columns{i}", _entries[i].Columns.ToArray());
        writer.Write("models", _entries.Select(e => (IModel)e.Model).ToArray());
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static ColumnTransformerModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var signature = TransformerSupport.ReadSignature(reader);
        var verbose = reader.ReadBoolean("verbose_feature_names_out");
        var names = TransformerSupport.ReadNames(reader, "names");
        var models = reader.ReadModels<ITransformerModel>("models");
        reader.Require(models.Count == names.Length, "models", "one model per entry is expected");
        var inputs = signature.InputNames.ToHashSet(StringComparer.Ordinal);
        var entries = new FittedColumnTransform[names.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var columns = TransformerSupport.ReadNames(reader, $"columns{i}");
            reader.Require(columns.All(inputs.Contains), $"columns{i}", "an entry reads a column the signature does not list");
            entries[i] = new FittedColumnTransform(names[i], columns, models[i]);
        }
        return new ColumnTransformerModel(entries, verbose, signature);
    }
}
