using Augur.Data;
using Augur.Numerics;
using MathNet.Numerics;

namespace Augur.FeatureSelection;

/// <summary>The univariate statistic <see cref="SelectKBest"/> and <see cref="SelectPercentile"/> rank features by.</summary>
public enum ScoreFunction
{
    /// <summary>ANOVA F statistic between each feature and class labels (scikit-learn's <c>f_classif</c>).</summary>
    FClassif,
    /// <summary>F statistic of the linear correlation with a numeric target (<c>f_regression</c>).</summary>
    FRegression,
    /// <summary>Chi-squared statistic between non-negative features (counts, tf-idf) and class labels (<c>chi2</c>).</summary>
    Chi2,
    /// <summary>Mutual information with class labels (<c>mutual_info_classif</c>).</summary>
    MutualInfoClassif,
    /// <summary>Mutual information with a numeric target (<c>mutual_info_regression</c>).</summary>
    MutualInfoRegression,
}

/// <summary>A score per feature and, for the statistical tests, its p-value.</summary>
/// <param name="Scores">One score per feature, in column order.</param>
/// <param name="PValues">One p-value per feature, or null for mutual information.</param>
public sealed record FeatureScores(double[] Scores, double[]? PValues);

/// <summary>
/// Univariate feature scores as scikit-learn 1.2 computes them. Features are the numeric columns of a frame (float64,
/// int64, bool or sparse), read by column, so sparse columns (for example tf-idf) are scored without densifying.
/// </summary>
public static class ScoreFunctions
{
    /// <summary>Computes the scores of <paramref name="function"/> (mutual information uses the given options).</summary>
    public static FeatureScores Compute(ScoreFunction function, Frame x, Column y, bool? discreteFeatures = null, int nNeighbors = 3, int randomState = 0) =>
        function switch
        {
            ScoreFunction.FClassif => FClassif(x, y),
            ScoreFunction.FRegression => FRegression(x, y),
            ScoreFunction.Chi2 => Chi2(x, y),
            ScoreFunction.MutualInfoClassif => new FeatureScores(MutualInformation.Classif(x, y, discreteFeatures, nNeighbors, randomState), null),
            ScoreFunction.MutualInfoRegression => new FeatureScores(MutualInformation.Regression(x, y, discreteFeatures, nNeighbors, randomState), null),
            _ => throw new ArgumentOutOfRangeException(nameof(function)),
        };

    /// <summary>Checks that every column is numeric with no missing or infinite values.</summary>
    internal static void CheckFeatures(Frame x, Column? y, string who)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ColumnCount == 0) throw new AugurException($"{who} needs at least one feature column");
        if (x.RowCount == 0) throw new AugurException($"{who} needs at least one row");
        if (y is not null && y.Length != x.RowCount)
            throw new AugurException($"the target '{y.Name}' has {y.Length} rows but the features have {x.RowCount}");
        foreach (var c in x.Columns)
        {
            if (!c.IsNumeric)
                throw new AugurException($"column '{c.Name}' holds {c.Type.ToName()} values but {who} needs numbers; encode it first (for example with OneHotEncoder)");
            if (c.MissingCount > 0)
                throw new AugurException($"column '{c.Name}' has {c.MissingCount} missing values, which {who} does not accept; impute them first (for example with SimpleImputer)");
            if (c is Float64Column f)
                foreach (var v in f.Values)
                    if (double.IsInfinity(v)) throw new AugurException($"column '{c.Name}' holds an infinite value, which {who} does not accept");
        }
    }

    /// <summary>Runs <paramref name="body"/> for every column, in parallel when the work is large.</summary>
    internal static void ForColumns(Frame x, Action<int> body)
    {
        if ((long)x.RowCount * x.ColumnCount >= DenseOps.ParallelThreshold && x.ColumnCount > 1) Parallel.For(0, x.ColumnCount, body);
        else for (var j = 0; j < x.ColumnCount; j++) body(j);
    }

    /// <summary>Visits the non-zero (or all, for dense columns) values of a column as (row, value).</summary>
    private static void Visit(Column c, Action<int, double> visit)
    {
        if (c is SparseColumn s)
        {
            var rows = s.Rows;
            var vals = s.StoredValues;
            for (var k = 0; k < rows.Length; k++) visit(rows[k], vals[k]);
        }
        else if (c is Float64Column f)
        {
            var v = f.Values;
            for (var i = 0; i < v.Length; i++) visit(i, v[i]);
        }
        else
        {
            for (var i = 0; i < c.Length; i++) visit(i, c.GetDouble(i));
        }
    }

    /// <summary>
    /// The one-way ANOVA F statistic of each feature across the classes of <paramref name="y"/> and its p-value
    /// (scikit-learn's <c>f_classif</c>). Constant features give NaN or infinity.
    /// </summary>
    public static FeatureScores FClassif(Frame x, Column y)
    {
        const string who = "f_classif";
        ArgumentNullException.ThrowIfNull(y);
        CheckFeatures(x, y, who);
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, x.RowCount, who);
        var k = classes.Count;
        var perClass = new double[k];
        foreach (var c in encoded) perClass[c]++;
        var n = (double)x.RowCount;
        var dfBetween = k - 1.0;
        var dfWithin = n - k;
        var scores = new double[x.ColumnCount];
        var pvalues = new double[x.ColumnCount];
        ForColumns(x, j =>
        {
            var sums = new double[k];
            var squares = new double[k];
            Visit(x[j], (i, v) =>
            {
                sums[encoded[i]] += v;
                squares[encoded[i]] += v * v;
            });
            double ssAll = 0, sumAll = 0;
            for (var c = 0; c < k; c++)
            {
                ssAll += squares[c];
                sumAll += sums[c];
            }
            var squareOfSumsAll = sumAll * sumAll;
            var ssTotal = ssAll - squareOfSumsAll / n;
            var ssBetween = 0.0;
            for (var c = 0; c < k; c++) ssBetween += sums[c] * sums[c] / perClass[c];
            ssBetween -= squareOfSumsAll / n;
            var ssWithin = ssTotal - ssBetween;
            var f = ssBetween / dfBetween / (ssWithin / dfWithin);
            scores[j] = f;
            pvalues[j] = FSurvival(f, dfBetween, dfWithin);
        });
        return new FeatureScores(scores, pvalues);
    }

    /// <summary>
    /// The F statistic of each feature's correlation with the numeric target <paramref name="y"/> and its p-value
    /// (scikit-learn's <c>f_regression</c> with <c>center=True, force_finite=True</c>: a perfect correlation scores the largest
    /// double, a constant feature scores 0 with p-value 1).
    /// </summary>
    public static FeatureScores FRegression(Frame x, Column y)
    {
        const string who = "f_regression";
        CheckFeatures(x, y, who);
        var target = ModelInputs.RegressionTarget(y, x.RowCount, who);
        var n = target.Length;
        var yMean = 0.0;
        foreach (var v in target) yMean += v;
        yMean /= n;
        var centered = new double[n];
        var yNorm = 0.0;
        for (var i = 0; i < n; i++)
        {
            centered[i] = target[i] - yMean;
            yNorm += centered[i] * centered[i];
        }
        yNorm = Math.Sqrt(yNorm);
        double dof = n - 2;
        var scores = new double[x.ColumnCount];
        var pvalues = new double[x.ColumnCount];
        ForColumns(x, j =>
        {
            double sum = 0, squares = 0, dot = 0;
            Visit(x[j], (i, v) =>
            {
                sum += v;
                squares += v * v;
                dot += centered[i] * v;
            });
            var mean = sum / n;
            var norm = Math.Sqrt(squares - n * mean * mean);
            var r = dot / norm / yNorm;
            if (double.IsNaN(r)) r = 0;
            var r2 = r * r;
            var f = r2 / (1 - r2) * dof;
            var p = FSurvival(f, 1, dof);
            if (double.IsInfinity(f)) f = double.MaxValue;
            if (double.IsNaN(f))
            {
                f = 0;
                p = 1;
            }
            scores[j] = f;
            pvalues[j] = p;
        });
        return new FeatureScores(scores, pvalues);
    }

    /// <summary>
    /// The chi-squared statistic between each non-negative feature and the classes of <paramref name="y"/>, and its p-value
    /// (scikit-learn's <c>chi2</c>): observed per-class sums of the feature against those expected from the class sizes.
    /// </summary>
    public static FeatureScores Chi2(Frame x, Column y)
    {
        const string who = "chi2";
        ArgumentNullException.ThrowIfNull(y);
        CheckFeatures(x, y, who);
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, x.RowCount, who);
        var k = classes.Count;
        var n = (double)x.RowCount;
        var classProb = new double[k];
        foreach (var c in encoded) classProb[c]++;
        for (var c = 0; c < k; c++) classProb[c] /= n;
        var scores = new double[x.ColumnCount];
        var pvalues = new double[x.ColumnCount];
        ForColumns(x, j =>
        {
            var observed = new double[k];
            var total = 0.0;
            var negative = false;
            Visit(x[j], (i, v) =>
            {
                if (v < 0) negative = true;
                observed[encoded[i]] += v;
                total += v;
            });
            if (negative) throw new AugurException($"column '{x[j].Name}' holds negative values; chi2 needs non-negative features such as counts or tf-idf weights");
            var chi = 0.0;
            for (var c = 0; c < k; c++)
            {
                var expected = classProb[c] * total;
                var d = observed[c] - expected;
                chi += d * d / expected;
            }
            scores[j] = chi;
            pvalues[j] = double.IsNaN(chi) ? double.NaN : SpecialFunctions.GammaUpperRegularized((k - 1) / 2.0, chi / 2.0);
        });
        return new FeatureScores(scores, pvalues);
    }

    /// <summary>The upper tail of the F distribution with (<paramref name="d1"/>, <paramref name="d2"/>) degrees of freedom at <paramref name="f"/>.</summary>
    internal static double FSurvival(double f, double d1, double d2)
    {
        if (double.IsNaN(f) || d1 <= 0 || d2 <= 0) return double.NaN;
        if (double.IsPositiveInfinity(f)) return 0;
        if (f <= 0) return 1;
        // P(F > f) = I_{d2 / (d2 + d1 f)}(d2 / 2, d1 / 2), computed directly so tiny p-values keep their precision.
        var xValue = d2 / (d2 + d1 * f);
        return SpecialFunctions.BetaRegularized(d2 / 2, d1 / 2, xValue);
    }
}
