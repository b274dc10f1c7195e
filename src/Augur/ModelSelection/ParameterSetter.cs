using Augur.Pipelines;

namespace Augur.ModelSelection;

/// <summary>
/// Sets estimator options by snake_case name, reaching into pipelines: a plain name addresses the final step's option
/// (the step that predicts), and <c>step__option</c> addresses a named step as scikit-learn does (step names are
/// <see cref="Pipeline.StepNames"/>, or the step's index). Nested pipelines nest the prefixes.
/// </summary>
public static class ParameterSetter
{
    /// <summary>A copy of <paramref name="estimator"/> with <paramref name="values"/> set; the original is not changed.</summary>
    public static IEstimator<IModel> With(IEstimator<IModel> estimator, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return estimator;
        if (estimator is not Pipeline pipeline) return EstimatorParameters.With(estimator, values);
        var names = pipeline.StepNames;
        var perStep = new Dictionary<int, Dictionary<string, object?>>();
        foreach (var (name, value) in values)
        {
            var step = pipeline.Steps.Count - 1;
            var option = name;
            var cut = name.IndexOf("__", StringComparison.Ordinal);
            if (cut > 0)
            {
                var prefix = name[..cut];
                step = IndexOfStep(names, prefix);
                if (step < 0)
                {
                    if (int.TryParse(prefix, out var k) && k >= 0 && k < names.Count) step = k;
                    else throw new AugurException($"the pipeline has no step '{prefix}' (in '{name}'); its steps are: {string.Join(", ", names)}");
                }
                option = name[(cut + 2)..];
            }
            if (!perStep.TryGetValue(step, out var d)) perStep[step] = d = new Dictionary<string, object?>(StringComparer.Ordinal);
            d[option] = value;
        }
        var steps = pipeline.Steps.ToArray();
        foreach (var (step, d) in perStep) steps[step] = With(steps[step], d);
        return pipeline with { Steps = steps };
    }

    /// <summary>The settable options of an estimator: for a pipeline, the final step's plain names and every step's prefixed names.</summary>
    public static IReadOnlyList<EstimatorParameter> Describe(IEstimator<IModel> estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        if (estimator is not Pipeline p) return EstimatorParameters.Describe(estimator);
        var result = new List<EstimatorParameter>(Describe(p.FinalStep));
        var names = p.StepNames;
        for (var i = 0; i < p.Steps.Count; i++)
            result.AddRange(Describe(p.Steps[i]).Select(d => d with { Name = names[i] + "__" + d.Name }));
        return result;
    }

    /// <summary>The estimator whose options a search tunes: the final step of a pipeline (recursively), else the estimator itself.</summary>
    public static IEstimator<IModel> FinalEstimator(IEstimator<IModel> estimator) =>
        estimator is Pipeline p ? FinalEstimator(p.FinalStep) : estimator;

    private static int IndexOfStep(IReadOnlyList<string> names, string prefix)
    {
        for (var i = 0; i < names.Count; i++) if (string.Equals(names[i], prefix, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
