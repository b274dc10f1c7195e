using Augur.Numerics;

namespace Augur.ModelSelection;

/// <summary>
/// Bayesian search with the Tree-structured Parzen Estimator (Bergstra et al. 2011), univariate as Optuna's default
/// <c>TPESampler</c>: the first <see cref="NStartupTrials"/> settings are drawn at random; after that the finished trials are
/// split into a good group (the best <c>γ(n)</c>) and the rest, each parameter gets one Parzen estimator (a mixture of
/// truncated normals for numbers, in log space for log ranges; a smoothed histogram for categories, with a prior
/// component) per group, <see cref="NEiCandidates"/> values are drawn from the good group's estimator and the one that
/// maximises l(x)/g(x) (the expected-improvement criterion) is taken. Conditional parameters are modelled only from the
/// trials in which they were active. Pruned trials count as worse than every finished one (among themselves, those stopped later rank higher, then by their last value, as Optuna), and failed trials as worse still (so the search learns to avoid settings that fail; Optuna ignores them).
/// <para>
/// Parallelism: <see cref="ConcurrentTrials"/> settings are proposed together from the same history (each from its own
/// random stream) and evaluated at once; the next ones wait for the whole batch. The cores
/// (<see cref="SearchBase.MaxDegreeOfParallelism"/>) go to those trials and then to their folds, which run side by side.
/// With the default of one trial at a time every proposal sees every earlier trial, as in Optuna, and the results do not
/// depend on the number of cores; more concurrent trials finish sooner on many cores but later trials of a batch do not
/// see the earlier ones.
/// </para>
/// </summary>
public sealed record TpeSearch : SearchBase
{
    /// <summary>Creates the search.</summary>
    public TpeSearch(IEstimator<IModel> estimator, SearchSpace space) : base(estimator) =>
        Space = space ?? throw new ArgumentNullException(nameof(space));

    /// <summary>The distributions to search.</summary>
    public SearchSpace Space { get; init; }

    /// <summary>The number of trials.</summary>
    public int NTrials { get; init; } = 50;

    /// <summary>Trials proposed and run together (see the remarks on parallelism); 1 by default.</summary>
    public int ConcurrentTrials { get; init; } = 1;

    /// <summary>Trials drawn at random before the Parzen estimators take over.</summary>
    public int NStartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from the good group's estimator per parameter.</summary>
    public int NEiCandidates { get; init; } = 24;

    /// <summary>The weight of the prior component of every estimator.</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>The size of the good group for n scored trials; null means Optuna's <c>min(⌈0.1·n⌉, 25)</c>.</summary>
    public Func<int, int>? Gamma { get; init; }

    private protected override void Execute(SearchRunner runner)
    {
        if (NTrials < 1) throw new AugurException($"a TPE search needs n_trials ≥ 1, not {NTrials}");
        if (NEiCandidates < 1) throw new AugurException($"a TPE search needs n_ei_candidates ≥ 1, not {NEiCandidates}");
        Space.Validate(Estimator);
        if (ConcurrentTrials < 1) throw new AugurException($"a TPE search needs concurrent_trials ≥ 1, not {ConcurrentTrials}");
        var batchSize = ConcurrentTrials;
        while (runner.TrialCount < NTrials && !runner.OutOfTime)
        {
            var start = runner.TrialCount;
            var count = Math.Min(batchSize, NTrials - start);
            var history = runner.Trials;
            var candidates = new IReadOnlyDictionary<string, object?>[count];
            for (var b = 0; b < count; b++) candidates[b] = Propose(history, new Rng(Rng.Derive(RandomState, start + b)));
            var ran = runner.RunBatch(candidates);
            if (ran.Count < count) break;
        }
        if (runner.OutOfTime && runner.TrialCount < NTrials) runner.MarkTimedOut();
    }

    /// <summary>Proposes the next setting from the trials so far (random during start-up).</summary>
    internal IReadOnlyDictionary<string, object?> Propose(IReadOnlyList<Trial> history, Rng rng)
    {
        var ranked = history.Where(t => t.State == TrialState.Complete && !double.IsNaN(t.Score))
            .OrderByDescending(t => t.Score).ThenBy(t => t.Number)
            .Concat(history.Where(t => t.State == TrialState.Pruned || (t.State == TrialState.Complete && double.IsNaN(t.Score)))
                .OrderByDescending(t => t.PrunedAt)
                .ThenByDescending(t => double.IsNaN(t.LastIntermediate) ? double.NegativeInfinity : t.LastIntermediate).ThenBy(t => t.Number))
            .Concat(history.Where(t => t.State == TrialState.Failed).OrderBy(t => t.Number))
            .ToArray();
        if (ranked.Length < Math.Max(1, NStartupTrials)) return Space.Sample(rng);
        var nBelow = Math.Clamp(Gamma?.Invoke(ranked.Length) ?? Math.Min((int)Math.Ceiling(0.1 * ranked.Length), 25), 1, ranked.Length);
        var below = ranked.Take(nBelow).OrderBy(t => t.Number).ToArray();
        var above = ranked.Skip(nBelow).OrderBy(t => t.Number).ToArray();
        var chosen = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in Space.Parameters)
        {
            if (!SearchSpace.IsActive(p, chosen)) continue;
            chosen[p.Name] = SampleParameter(p, below, above, rng);
        }
        return chosen;
    }

    private object? SampleParameter(SearchParameter p, Trial[] below, Trial[] above, Rng rng)
    {
        if (p.Distribution is CategoricalDistribution cat)
        {
            var l = CategoricalEstimator(cat, Observed(p, below, v => cat.IndexOf(v)));
            var g = CategoricalEstimator(cat, Observed(p, above, v => cat.IndexOf(v)));
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var c = 0; c < NEiCandidates; c++)
            {
                var choice = SampleIndex(l, rng);
                var score = Math.Log(l[choice]) - Math.Log(g[choice]);
                if (best < 0 || score > bestScore) { best = choice; bestScore = score; }
            }
            return cat.Choices[best];
        }
        var domain = NumericDomain.Of(p.Distribution);
        var lo = NumericEstimator(domain, Observed(p, below, domain.ToInternal));
        var go = NumericEstimator(domain, Observed(p, above, domain.ToInternal));
        var bestX = double.NaN;
        var bestEi = double.NegativeInfinity;
        for (var c = 0; c < NEiCandidates; c++)
        {
            var x = domain.Round(lo.Sample(rng));
            var ei = lo.LogDensity(x, domain) - go.LogDensity(x, domain);
            if (double.IsNaN(bestX) || ei > bestEi) { bestX = x; bestEi = ei; }
        }
        return domain.FromInternal(bestX);
    }

    private static double[] Observed(SearchParameter p, Trial[] trials, Func<object?, double> map)
    {
        var list = new List<double>(trials.Length);
        foreach (var t in trials)
            if (t.Params.TryGetValue(p.Name, out var v))
            {
                var x = map(v);
                if (!double.IsNaN(x) && x >= 0 || p.Distribution is not CategoricalDistribution) list.Add(x);
            }
        return list.Where(double.IsFinite).ToArray();
    }

    /// <summary>Optuna's default observation weights: equal up to 25 observations, then a ramp from 1/n for the oldest.</summary>
    private static double[] ObservationWeights(int n)
    {
        var w = new double[n];
        if (n < 25) { Array.Fill(w, 1.0); return w; }
        var ramp = n - 25;
        for (var i = 0; i < ramp; i++) w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        for (var i = ramp; i < n; i++) w[i] = 1.0;
        return w;
    }

    private double[] CategoricalEstimator(CategoricalDistribution cat, double[] observed)
    {
        var k = cat.Choices.Count;
        var n = observed.Length;
        var weights = ObservationWeights(n);
        var kernels = n + 1;
        var probs = new double[k];
        var total = 0.0;
        for (var i = 0; i <= n; i++)
        {
            var w = i < n ? weights[i] : PriorWeight;
            total += w;
            var row = new double[k];
            Array.Fill(row, PriorWeight / kernels);
            if (i < n) row[(int)observed[i]] += 1;
            var rowSum = row.Sum();
            for (var c = 0; c < k; c++) probs[c] += w * row[c] / rowSum;
        }
        for (var c = 0; c < k; c++) probs[c] /= total;
        return probs;
    }

    private static int SampleIndex(double[] probs, Rng rng)
    {
        var u = rng.NextDouble();
        var acc = 0.0;
        for (var i = 0; i < probs.Length; i++)
        {
            acc += probs[i];
            if (u < acc) return i;
        }
        return probs.Length - 1;
    }

    private ParzenEstimator NumericEstimator(NumericDomain d, double[] observed)
    {
        var n = observed.Length;
        var mus = new double[n + 1];
        Array.Copy(observed, mus, n);
        mus[n] = 0.5 * (d.Low + d.High);
        var range = d.High - d.Low;
        var sigmas = new double[n + 1];
        var order = Enumerable.Range(0, n + 1).OrderBy(i => mus[i]).ToArray();
        var sorted = order.Select(i => mus[i]).ToArray();
        var ext = new double[sorted.Length + 2];
        ext[0] = d.Low;
        ext[^1] = d.High;
        Array.Copy(sorted, 0, ext, 1, sorted.Length);
        var sortedSigma = new double[sorted.Length];
        for (var i = 0; i < sorted.Length; i++) sortedSigma[i] = Math.Max(ext[i + 1] - ext[i], ext[i + 2] - ext[i + 1]);
        if (ext.Length >= 4)
        {
            sortedSigma[0] = ext[2] - ext[1];
            sortedSigma[^1] = ext[^2] - ext[^3];
        }
        for (var i = 0; i < order.Length; i++) sigmas[order[i]] = sortedSigma[i];
        var maxSigma = range;
        var minSigma = range / Math.Min(100.0, 1.0 + (n + 1));
        for (var i = 0; i <= n; i++) sigmas[i] = Math.Clamp(sigmas[i], minSigma, Math.Max(minSigma, maxSigma));
        sigmas[n] = range > 0 ? range : 1.0;
        var w = new double[n + 1];
        Array.Copy(ObservationWeights(n), w, n);
        w[n] = PriorWeight;
        var total = w.Sum();
        for (var i = 0; i <= n; i++) w[i] /= total;
        return new ParzenEstimator(mus, sigmas.Select(s => s > 0 ? s : 1e-12).ToArray(), w, d.Low, d.High);
    }

    /// <summary>A mixture of normals truncated to [low, high].</summary>
    private sealed class ParzenEstimator(double[] mus, double[] sigmas, double[] weights, double low, double high)
    {
        private readonly double[] _logNorm = mus.Select((m, i) =>
            Math.Log(Math.Max(Normal.Cdf((high - m) / sigmas[i]) - Normal.Cdf((low - m) / sigmas[i]), 1e-300))).ToArray();

        // The constant part of each component's log density: log w − log σ − ½ log 2π − log(truncation mass).
        private double[]? _logCoefficient;

        private double[] LogCoefficient => _logCoefficient ??= mus.Select((_, k) =>
            Math.Log(weights[k]) - Math.Log(sigmas[k]) - 0.5 * Math.Log(2 * Math.PI) - _logNorm[k]).ToArray();

        public double Sample(Rng rng)
        {
            var u = rng.NextDouble();
            var k = 0;
            var acc = weights[0];
            while (u >= acc && k < weights.Length - 1) acc += weights[++k];
            if (high <= low) return low;
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var x = mus[k] + sigmas[k] * rng.NextGaussian();
                if (x >= low && x <= high) return x;
            }
            // Far tails: inverse CDF of the truncated normal.
            var a = Normal.Cdf((low - mus[k]) / sigmas[k]);
            var b = Normal.Cdf((high - mus[k]) / sigmas[k]);
            return Math.Clamp(mus[k] + sigmas[k] * Normal.InverseCdf(a + rng.NextDouble() * (b - a)), low, high);
        }

        /// <summary>The log density at x, or the log mass of the bucket around x for discrete domains.</summary>
        public double LogDensity(double x, NumericDomain d)
        {
            var max = double.NegativeInfinity;
            Span<double> terms = mus.Length <= 256 ? stackalloc double[mus.Length] : new double[mus.Length];
            for (var k = 0; k < mus.Length; k++)
            {
                double t;
                if (d.BucketHalfWidth > 0)
                {
                    var lo = Math.Max(x - d.BucketHalfWidth, low);
                    var hi = Math.Min(x + d.BucketHalfWidth, high);
                    var mass = Normal.Cdf((hi - mus[k]) / sigmas[k]) - Normal.Cdf((lo - mus[k]) / sigmas[k]);
                    t = Math.Log(weights[k]) + Math.Log(Math.Max(mass, 1e-300)) - _logNorm[k];
                }
                else
                {
                    var z = (x - mus[k]) / sigmas[k];
                    t = LogCoefficient[k] - 0.5 * z * z;
                }
                terms[k] = t;
                if (t > max) max = t;
            }
            if (double.IsNegativeInfinity(max)) return max;
            var sum = 0.0;
            foreach (var t in terms) sum += Math.Exp(t - max);
            return max + Math.Log(sum);
        }
    }

    /// <summary>A numeric parameter in the space the estimators work in (log for log ranges; integers widened by half a step).</summary>
    private sealed record NumericDomain(double Low, double High, bool Log, bool Integer, double Step, double BucketHalfWidth, ParameterDistribution Source)
    {
        public static NumericDomain Of(ParameterDistribution d) => d switch
        {
            FloatDistribution { Log: true } f => new(Math.Log(f.Low), Math.Log(f.High), true, false, 0, 0, f),
            FloatDistribution { Step: { } s } f => new(f.Low - s / 2, f.High + s / 2, false, false, s, s / 2, f),
            FloatDistribution f => new(f.Low, f.High, false, false, 0, 0, f),
            IntDistribution { Log: true } i => new(Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), true, true, 1, 0, i),
            IntDistribution i => new(i.Low - 0.5 * i.Step, i.High + 0.5 * i.Step, false, true, i.Step, 0.5 * i.Step, i),
            _ => throw new ArgumentException("not a numeric distribution"),
        };

        public double ToInternal(object? v)
        {
            if (v is null) return double.NaN;
            double x;
            try { x = Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture); }
            catch (Exception e) when (e is FormatException or InvalidCastException) { return double.NaN; }
            if (Log) return x > 0 ? Math.Log(x) : double.NaN;
            return x;
        }

        /// <summary>Snaps an internal value to an allowed value (still internal).</summary>
        public double Round(double x)
        {
            switch (Source)
            {
                case IntDistribution i:
                    var snapped = i.Snap(Log ? Math.Exp(x) : x);
                    return Log ? Math.Log(snapped) : snapped;
                case FloatDistribution { Step: { } s } f:
                    return f.Snap(x, s);
                case FloatDistribution f when Log:
                    return Math.Clamp(x, Math.Log(f.Low), Math.Log(f.High));
                case FloatDistribution f:
                    return Math.Clamp(x, f.Low, f.High);
                default:
                    return x;
            }
        }

        public object FromInternal(double x) => Source switch
        {
            IntDistribution i => i.Snap(Log ? Math.Exp(x) : x),
            FloatDistribution f when Log => Math.Clamp(Math.Exp(x), f.Low, f.High),
            _ => x,
        };
    }
}

/// <summary>The standard normal distribution's CDF and its inverse.</summary>
internal static class Normal
{
    /// <summary>Φ(z), through erfc (absolute error below 1e-14).</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>erfc by W. J. Cody's rational approximations.</summary>
    public static double Erfc(double x)
    {
        var ax = Math.Abs(x);
        double r;
        if (ax < 0.5)
        {
            var t = x * x;
            var top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
            var bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
            return 1 - x * top / bot;
        }
        if (ax < 4)
        {
            var top = (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax + 66.1191906371416295) * ax
                + 298.635138197400131) * ax + 881.952221241769090) * ax + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
            var bot = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax + 1621.38957456669019) * ax
                + 3290.79923573345963) * ax + 4362.61909014324716) * ax + 3439.36767414372164) * ax + 1230.33935480374942;
            r = Math.Exp(-ax * ax) * top / bot;
        }
        else
        {
            var z = 1 / (ax * ax);
            var top = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4;
            var bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z + 0.0605183413124413191) * z + 2.33520497626869185e-3;
            r = Math.Exp(-ax * ax) / ax * (0.564189583547756287 - z * top / bot);
        }
        return x < 0 ? 2 - r : r;
    }

    /// <summary>Φ⁻¹(p) by Acklam's rational approximation refined with one Newton step.</summary>
    public static double InverseCdf(double p)
    {
        if (p <= 0) return double.NegativeInfinity;
        if (p >= 1) return double.PositiveInfinity;
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        double x;
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        else if (p <= 1 - 0.02425)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        var e = Cdf(x) - p;
        var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }
}
