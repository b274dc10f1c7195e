using Augur.Data;
using Augur.Explain;
using Augur.Profiling;
using Augur.Serialization;

namespace Augur.Server.Explanations;

/// <summary>
/// The server's SHAP explainers, built on <see cref="Explainers"/>: tree SHAP for trees, forests and gradient boosting,
/// linear SHAP for linear models (both exact and fast), kernel SHAP for any other classifier or regressor. Pipelines are
/// explained in terms of their input columns.
/// </summary>
/// <remarks>
/// The reference the values are measured from is, in order of preference: the background rows given to the
/// constructor (for example <c>augur serve --background train.csv</c>; kernel SHAP summarises them with k-means once per
/// model version), or else one typical row built from the training profile in the model card (the median of each
/// numeric column, the most frequent value of every other column). Tree SHAP of Augur's own trees and of boosting is
/// path-dependent and needs no reference: its base value is the expected output over the training data.
/// </remarks>
public sealed class ShapExplainerFactory : IExplainerFactory
{
    private readonly Frame? _background;
    private readonly ShapOptions _options;

    /// <summary>Creates the factory.</summary>
    /// <param name="background">Background rows holding (at least) each served model's input columns; null uses the model cards' profiles.</param>
    /// <param name="options">SHAP options (algorithm, output space, kernel SHAP budget); null uses the defaults.</param>
    public ShapExplainerFactory(Frame? background = null, ShapOptions? options = null)
    {
        if (background is { RowCount: 0 }) throw new AugurException("the background data has no rows");
        _background = background;
        _options = options ?? new ShapOptions();
    }

    /// <inheritdoc />
    public IModelExplainer? Create(IModel model, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(card);
        if (model is not IPredictor predictor || model is not (IClassifier or IRegressor)) return null;
        var background = Background(model, card);
        if (background is null) return null;
        var algorithm = _options.Algorithm == ShapAlgorithm.Auto ? Explainers.Choose(predictor, _options.OutputSpace) : _options.Algorithm;
        if (algorithm == ShapAlgorithm.Kernel)
        {
            var kernel = new KernelShap
            {
                NSamples = _options.NSamples,
                BackgroundClusters = _options.BackgroundClusters,
                OutputSpace = _options.OutputSpace,
                RandomState = _options.RandomState,
            };
            var summary = _options.BackgroundClusters > 0 && background.RowCount > _options.BackgroundClusters
                ? WeightedBackground.KMeans(background, _options.BackgroundClusters, _options.RandomState)
                : WeightedBackground.Uniform(background);
            return new Explainer(x => kernel.Explain(predictor, summary, x));
        }
        var options = _options with { Algorithm = algorithm };
        return new Explainer(x => Explainers.Shap(predictor, background, x, null, options));
    }

    /// <summary>The model's input columns of the user's background, or a typical row from the card's profile; null when neither is available.</summary>
    private Frame? Background(IModel model, ModelCard card)
    {
        var names = model.Signature.InputNames;
        if (_background is not null && names.All(_background.Contains)) return _background.Select(names);
        return card.Profile is { } profile ? TypicalRow(model.Signature, profile) : null;
    }

    /// <summary>
    /// One row of typical values from a training profile: the median of numeric columns (rounded for integers), the most
    /// frequent value otherwise. Null when a column is not profiled (or has no typical value) and the model does not
    /// accept missing values there.
    /// </summary>
    public static Frame? TypicalRow(ModelSignature signature, ReferenceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(profile);
        var byName = new Dictionary<string, ColumnProfile>(StringComparer.Ordinal);
        foreach (var c in profile.Columns) byName.TryAdd(c.Name, c);
        var columns = new Column[signature.Inputs.Count];
        for (var j = 0; j < columns.Length; j++)
        {
            var input = signature.Inputs[j];
            var p = byName.GetValueOrDefault(input.Name);
            var median = p?.Quantiles is { Length: > 5 } q ? q[5] : p?.Mean;
            var top = p?.TopCategories?.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).FirstOrDefault();
            Column? column = input.Type switch
            {
                ColumnType.Float64 when median is { } m => new Float64Column(input.Name, [m]),
                ColumnType.Int64 when median is { } m => new Int64Column(input.Name, [(long)Math.Round(m)]),
                ColumnType.Bool when top is not null && bool.TryParse(top, out var b) => new BoolColumn(input.Name, [b]),
                ColumnType.String when top is not null => new StringColumn(input.Name, [top]),
                ColumnType.Categorical when top is not null => CategoricalColumn.FromStrings(input.Name, [top],
                    input.Categories is { } cats && cats.Contains(top) ? cats.ToArray() : [top]),
                _ => null,
            };
            if (column is null)
            {
                if (!input.AllowsMissing) return null;
                column = input.Type switch
                {
                    ColumnType.Float64 => new Float64Column(input.Name, [double.NaN]),
                    ColumnType.Int64 => new Int64Column(input.Name, [0], [true]),
                    ColumnType.Bool => new BoolColumn(input.Name, [false], [true]),
                    ColumnType.DateTime => new DateTimeColumn(input.Name, [0L], [true]),
                    ColumnType.String => new StringColumn(input.Name, [(string?)null]),
                    ColumnType.Categorical => new CategoricalColumn(input.Name, [-1], input.Categories?.ToArray() ?? []),
                    _ => null,
                };
                if (column is null) return null;
            }
            columns[j] = column;
        }
        return new Frame(columns);
    }

    /// <summary>Turns Augur's explanation into the server's row-major SHAP values.</summary>
    internal static ShapValues ToShapValues(ShapExplanation e)
    {
        var rows = e.RowCount;
        var outputs = e.OutputCount;
        var features = e.FeatureNames.Count;
        var values = new double[(long)rows * outputs * features];
        var output = new double[(long)rows * outputs];
        for (var i = 0; i < rows; i++)
            for (var k = 0; k < outputs; k++)
            {
                e.Values[k].Row(i).CopyTo(values.AsSpan((i * outputs + k) * features, features));
                output[i * outputs + k] = e.ModelOutput[i, k];
            }
        return new ShapValues
        {
            FeatureNames = e.FeatureNames,
            OutputNames = e.OutputNames,
            BaseValues = e.BaseValues.ToArray(),
            Values = values,
            Rows = rows,
            ModelOutput = output,
            OutputSpace = e.OutputSpace.ToName(),
            Method = e.Method,
        };
    }

    private sealed class Explainer(Func<Frame, ShapExplanation> explain) : IModelExplainer
    {
        public ShapValues Explain(Frame x) => ToShapValues(explain(x));
    }
}
