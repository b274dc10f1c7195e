using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>
/// Products of numeric features up to a degree, as scikit-learn's <c>PolynomialFeatures</c>: for features a and b and
/// degree 2 the outputs are <c>1</c>, <c>a</c>, <c>b</c>, <c>a^2</c>, <c>a b</c>, <c>b^2</c> (named so).
/// </summary>
public sealed record PolynomialFeatures : IEstimator<PolynomialFeaturesModel>
{
    /// <summary>The highest degree (default 2).</summary>
    public int Degree { get; init; } = 2;

    /// <summary>The lowest degree of the terms kept besides the bias (scikit-learn's <c>degree=(min, max)</c>; default 0).</summary>
    public int MinDegree { get; init; }

    /// <summary>Only products of distinct features (no powers, <c>interaction_only</c>).</summary>
    public bool InteractionOnly { get; init; }

    /// <summary>Include the constant column <c>1</c> (<c>include_bias</c>, default true).</summary>
    public bool IncludeBias { get; init; } = true;

    /// <inheritdoc />
    public PolynomialFeaturesModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string who = "PolynomialFeatures";
        if (Degree < 0 || MinDegree < 0 || MinDegree > Degree)
            throw new AugurException($"PolynomialFeatures needs 0 <= min_degree <= degree, not min_degree={MinDegree}, degree={Degree}");
        if (Degree == 0 && !IncludeBias)
            throw new AugurException("PolynomialFeatures with degree 0 and include_bias false would produce no columns");
        TransformerSupport.RequireData(x, who);
        TransformerSupport.RequireNumeric(x, who, allowSparse: false);
        var terms = Terms(x.ColumnCount);
        if (terms.Count > 100_000)
            throw new AugurException($"PolynomialFeatures would produce {terms.Count} columns from {x.ColumnCount}; lower the degree or select fewer columns");
        if (terms.Count == 0) throw new AugurException("PolynomialFeatures would produce no columns with these options");
        return new PolynomialFeaturesModel(this, TransformerSupport.Signature(x, allowsMissing: false), terms.ToArray());
    }

    /// <summary>The terms in scikit-learn's order: the bias, then combinations (with replacement unless interaction only) by degree.</summary>
    internal List<int[]> Terms(int features)
    {
        var terms = new List<int[]>();
        if (IncludeBias) terms.Add([]);
        var start = Math.Max(1, MinDegree);
        for (var d = start; d <= Degree; d++)
        {
            var combo = new int[d];
            void Recurse(int position, int from)
            {
                if (position == d)
                {
                    terms.Add((int[])combo.Clone());
                    return;
                }
                for (var f = from; f < features; f++)
                {
                    combo[position] = f;
                    Recurse(position + 1, InteractionOnly ? f + 1 : f);
                    if (terms.Count > 100_000) return;
                }
            }
            Recurse(0, 0);
        }
        return terms;
    }
}

/// <summary>A fitted <see cref="PolynomialFeatures"/>.</summary>
public sealed class PolynomialFeaturesModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "polynomial_features";

    private readonly int[][] _terms;

    internal PolynomialFeaturesModel(PolynomialFeatures options, ModelSignature signature, int[][] terms)
    {
        Options = options;
        Signature = signature;
        _terms = terms;
        var inputs = signature.InputNames;
        FeatureNamesOut = terms.Select(t => Name(t, inputs)).ToArray();
        TransformerSupport.RequireDistinct(FeatureNamesOut, "PolynomialFeatures");
    }

    private static string Name(int[] term, IReadOnlyList<string> inputs)
    {
        if (term.Length == 0) return "1";
        var parts = new List<string>();
        var i = 0;
        while (i < term.Length)
        {
            var f = term[i];
            var power = 0;
            while (i < term.Length && term[i] == f) { power++; i++; }
            parts.Add(power == 1 ? inputs[f] : $"{inputs[f]}^{power}");
        }
        return string.Join(' ', parts);
    }

    /// <summary>The options the transformer was fitted with.</summary>
    public PolynomialFeatures Options { get; }

    /// <summary>The power of each input in each output term (rows: outputs; <c>powers_</c>).</summary>
    public IReadOnlyList<IReadOnlyList<int>> Powers =>
        _terms.Select(t =>
        {
            var p = new int[Signature.Inputs.Count];
            foreach (var f in t) p[f]++;
            return (IReadOnlyList<int>)p;
        }).ToArray();

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x)
    {
        var input = Signature.Conform(x, "PolynomialFeatures");
        var n = input.RowCount;
        var values = input.Columns.Select(c => c.ToDoubleArray()).ToArray();
        var result = new Column[_terms.Length];
        TransformerSupport.For(_terms.Length, n, t =>
        {
            var term = _terms[t];
            var v = new double[n];
            if (term.Length == 0) Array.Fill(v, 1.0);
            else
            {
                values[term[0]].CopyTo(v, 0);
                for (var k = 1; k < term.Length; k++)
                {
                    var f = values[term[k]];
                    for (var i = 0; i < n; i++) v[i] *= f[i];
                }
            }
            result[t] = new Float64Column(FeatureNamesOut[t], v);
        });
        return new Frame(result);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
    }

    /// <summary>Rebuilds the model from a model file (the terms follow from the options and the number of inputs).</summary>
    public static PolynomialFeaturesModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<PolynomialFeatures>();
        reader.Require(options.Degree >= 0 && options.MinDegree >= 0 && options.MinDegree <= options.Degree, "options", "invalid degrees");
        var signature = TransformerSupport.ReadSignature(reader);
        var terms = options.Terms(signature.Inputs.Count);
        reader.Require(terms.Count is > 0 and <= 100_000, "options", "the options give an invalid number of terms");
        return new PolynomialFeaturesModel(options, signature, terms.ToArray());
    }
}
