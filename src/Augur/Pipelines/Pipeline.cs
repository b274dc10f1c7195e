using Augur.Data;

namespace Augur.Pipelines;

/// <summary>
/// A chain of estimators: every step but the last must fit a transformer; the last may be any estimator
/// (a predictor, a clusterer or another transformer). Fitting fits each step on the output of the previous
/// fitted steps. A pipeline is itself an estimator, so it can be cross-validated, tuned and saved as one model.
/// </summary>
public sealed record Pipeline : IEstimator<PipelineModel>
{
    /// <summary>Creates a pipeline from its steps, in order.</summary>
    public Pipeline(params IEnumerable<IEstimator<IModel>> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        Steps = steps.ToArray();
        if (Steps.Count == 0) throw new ArgumentException("a pipeline needs at least one step", nameof(steps));
        if (Steps.Any(s => s is null)) throw new ArgumentException("a pipeline step is null", nameof(steps));
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<IEstimator<IModel>> Steps { get; init; }

    /// <summary>
    /// The step names, as scikit-learn's <c>make_pipeline</c> derives them: the lower-case type name, with
    /// <c>-1</c>, <c>-2</c>, … added where a type appears more than once.
    /// </summary>
    public IReadOnlyList<string> StepNames
    {
        get
        {
            var baseNames = Steps.Select(s => s.GetType().Name.ToLowerInvariant()).ToArray();
            var counts = baseNames.GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
            var seen = new Dictionary<string, int>();
            return baseNames.Select(n =>
            {
                if (counts[n] == 1) return n;
                var k = seen.GetValueOrDefault(n) + 1;
                seen[n] = k;
                return $"{n}-{k}";
            }).ToArray();
        }
    }

    /// <summary>The last step.</summary>
    public IEstimator<IModel> FinalStep => Steps[^1];

    /// <inheritdoc />
    public PipelineModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var fitted = new List<IModel>(Steps.Count);
        var current = x;
        for (var i = 0; i < Steps.Count - 1; i++)
        {
            var model = Steps[i].Fit(current, y, sampleWeight);
            if (model is not ITransformerModel t)
                throw new AugurException(
                    $"pipeline step {i + 1} ({Steps[i].GetType().Name}) is not a transformer; only the last step of a pipeline may be a predictor");
            fitted.Add(t);
            current = t.Transform(current);
        }
        fitted.Add(Steps[^1].Fit(current, y, sampleWeight));
        return PipelineModel.Create(fitted);
    }

    /// <inheritdoc />
    public override string ToString() => $"Pipeline({string.Join(" → ", Steps.Select(s => s.GetType().Name))})";
}
