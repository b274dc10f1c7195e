using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Augur.Plots;

public static partial class Charts
{
    /// <summary>
    /// A learning curve: mean training and cross-validation score against training-set size, each with a band of
    /// ± one standard deviation over folds (population standard deviation, as NumPy's <c>std</c>).
    /// </summary>
    /// <param name="trainSizes">The training-set sizes, ascending.</param>
    /// <param name="trainScores">Training score per size and fold: [size][fold].</param>
    /// <param name="testScores">Validation score per size and fold: [size][fold].</param>
    /// <param name="scoreName">The score's name for the axis label (for example <c>accuracy</c>).</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart LearningCurve(IReadOnlyList<int> trainSizes, IReadOnlyList<double[]> trainScores, IReadOnlyList<double[]> testScores,
        string scoreName = "score", ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainSizes);
        var x = trainSizes.Select(s => (double)s).ToArray();
        var kit = ChartKit.Start(options);
        Bands(kit, x, trainScores, testScores, "Training score", "Cross-validation score");
        kit.Legend(Alignment.LowerRight);
        return kit.Finish("learning_curve", "Learning curve", "Training examples", Capitalise(scoreName));
    }

    /// <summary>
    /// A validation curve: mean training and cross-validation score against the values of one option, with ± one
    /// standard deviation bands. Numeric values spread over more than two decades are drawn on a log₁₀ axis; text values
    /// are evenly spaced.
    /// </summary>
    /// <param name="parameter">The option's name.</param>
    /// <param name="values">The option's values, in order (numbers or anything with a readable <c>ToString</c>).</param>
    /// <param name="trainScores">Training score per value and fold: [value][fold].</param>
    /// <param name="testScores">Validation score per value and fold: [value][fold].</param>
    /// <param name="scoreName">The score's name for the axis label.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ValidationCurve(string parameter, IReadOnlyList<object?> values, IReadOnlyList<double[]> trainScores, IReadOnlyList<double[]> testScores,
        string scoreName = "score", ChartOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(parameter);
        ArgumentNullException.ThrowIfNull(values);
        ChartKit.NotEmpty(values.Count, "the list of option values");
        var numbers = values.Select(AsNumber).ToArray();
        var numeric = numbers.All(v => v is not null && double.IsFinite(v.Value));
        var log = numeric && numbers.All(v => v > 0) && numbers.Max()!.Value / numbers.Min()!.Value >= 100;
        var x = new double[values.Count];
        for (var i = 0; i < x.Length; i++) x[i] = !numeric ? i : log ? Math.Log10(numbers[i]!.Value) : numbers[i]!.Value;
        var kit = ChartKit.Start(options);
        Bands(kit, x, trainScores, testScores, "Training score", "Cross-validation score");
        if (!numeric || log)
        {
            var ticks = new NumericManual();
            for (var i = 0; i < x.Length; i++) ticks.AddMajor(x[i], Describe(values[i]));
            kit.Plot.Axes.Bottom.TickGenerator = ticks;
        }
        kit.Legend(Alignment.LowerRight);
        return kit.Finish("validation_curve", $"Validation curve: {parameter}", log ? $"{parameter} (log scale)" : parameter, Capitalise(scoreName));
    }

    /// <summary>
    /// Boosting history: a metric after each iteration on the training and validation sets, with the best iteration
    /// marked.
    /// </summary>
    /// <param name="training">Training metric name → value after each iteration (may be empty).</param>
    /// <param name="validation">Validation metric name → value after each iteration.</param>
    /// <param name="metric">The metric to draw (default: the first validation metric, else the first training one).</param>
    /// <param name="bestIteration">The 1-based best iteration to mark (0: none).</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart BoostingHistory(IReadOnlyDictionary<string, double[]> training, IReadOnlyDictionary<string, double[]> validation,
        string? metric = null, int bestIteration = 0, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        metric ??= validation.Keys.FirstOrDefault() ?? training.Keys.FirstOrDefault()
            ?? throw new AugurException("the boosting history records no metric; train with a validation set (or training evaluation) to chart it");
        var hasTrain = training.TryGetValue(metric, out var train);
        var hasValid = validation.TryGetValue(metric, out var valid);
        if (!hasTrain && !hasValid)
            throw new AugurException($"the boosting history has no metric '{metric}'; it has {string.Join(", ", training.Keys.Concat(validation.Keys).Distinct().Select(k => $"'{k}'"))}");
        var kit = ChartKit.Start(options);
        if (hasTrain && train!.Length > 0)
        {
            var line = kit.Plot.Add.ScatterLine(Iterations(train.Length), train, ChartKit.ColorAt(0));
            line.LineWidth = 2;
            line.LegendText = $"Training {metric}";
        }
        if (hasValid && valid!.Length > 0)
        {
            var line = kit.Plot.Add.ScatterLine(Iterations(valid.Length), valid, ChartKit.ColorAt(1));
            line.LineWidth = 2;
            line.LegendText = $"Validation {metric}";
        }
        if (bestIteration > 0)
        {
            var best = kit.Plot.Add.VerticalLine(bestIteration, 1.5f, ChartKit.Reference, LinePattern.Dashed);
            var value = hasValid && bestIteration <= valid!.Length ? $" ({metric} = {ChartKit.Format(valid[bestIteration - 1], 4)})" : "";
            best.LegendText = $"Best iteration {bestIteration}{value}";
        }
        kit.Legend(Alignment.UpperRight);
        return kit.Finish("boosting_history", $"Boosting history: {metric}", "Iteration", metric);
    }

    private static double[] Iterations(int n)
    {
        var x = new double[n];
        for (var i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }

    private static void Bands(ChartKit kit, double[] x, IReadOnlyList<double[]> trainScores, IReadOnlyList<double[]> testScores, string trainName, string testName)
    {
        ArgumentNullException.ThrowIfNull(trainScores);
        ArgumentNullException.ThrowIfNull(testScores);
        ChartKit.NotEmpty(x.Length, "the curve");
        ChartKit.SameLength(x.Length, trainScores.Count, "the x values", "the training scores");
        ChartKit.SameLength(x.Length, testScores.Count, "the x values", "the validation scores");
        Band(kit, x, trainScores, ChartKit.ColorAt(0), trainName);
        Band(kit, x, testScores, ChartKit.ColorAt(1), testName);
    }

    private static void Band(ChartKit kit, double[] x, IReadOnlyList<double[]> scores, Color color, string name)
    {
        var mean = new double[x.Length];
        var lower = new double[x.Length];
        var upper = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var s = scores[i].Where(double.IsFinite).ToArray();
            if (s.Length == 0) throw new AugurException($"{name.ToLowerInvariant()} has no finite value at position {i}");
            var m = s.Average();
            var sd = Math.Sqrt(s.Sum(v => (v - m) * (v - m)) / s.Length);
            mean[i] = m;
            lower[i] = m - sd;
            upper[i] = m + sd;
        }
        var fill = kit.Plot.Add.FillY(x, lower, upper);
        fill.FillColor = color.WithAlpha(0.2);
        fill.LineWidth = 0;
        var line = kit.Plot.Add.Scatter(x, mean, color);
        line.LineWidth = 2;
        line.MarkerSize = 7;
        line.LegendText = $"{name} (mean ± 1 sd)";
    }

    private static double? AsNumber(object? value) => value switch
    {
        null => null,
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        short s => s,
        byte b => b,
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static string Describe(object? value) => value switch
    {
        null => "none",
        double d => ChartKit.Format(d, 4),
        float f => ChartKit.Format(f, 4),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
