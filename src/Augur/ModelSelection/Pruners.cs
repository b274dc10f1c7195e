namespace Augur.ModelSelection;

/// <summary>
/// The intermediate values reported so far by every trial of a search, keyed by step. Values are oriented so that higher
/// is better. Thread-safe.
/// </summary>
public sealed class IntermediateValues
{
    // Per trial: step → (value, best value of the same group at steps up to this one). Values of one group arrive in
    // increasing step order, so the running best is kept as they come and BestUpTo is a lookup, not a scan.
    private readonly Dictionary<int, TrialValues> _byTrial = new();
    private readonly HashSet<int> _complete = new();

    private sealed class TrialValues
    {
        public readonly Dictionary<long, (double Value, double Best)> Steps = new();
        public readonly Dictionary<long, long> LastStepOfGroup = new();
    }

    /// <summary>Records the value of <paramref name="trial"/> at <paramref name="step"/>.</summary>
    public void Report(int trial, long step, double value)
    {
        lock (_byTrial)
        {
            if (!_byTrial.TryGetValue(trial, out var d)) _byTrial[trial] = d = new TrialValues();
            var group = StepGroup(step);
            var known = d.LastStepOfGroup.TryGetValue(group, out var last);
            if (known && last >= step)
            {
                d.Steps[step] = (value, double.NaN);
                RecomputeBest(d, group);
                return;
            }
            var best = value;
            if (known)
            {
                var previous = d.Steps[last].Best;
                if (!double.IsNaN(previous) && (double.IsNaN(best) || previous > best)) best = previous;
            }
            d.Steps[step] = (value, best);
            d.LastStepOfGroup[group] = step;
        }
    }

    /// <summary>Rebuilds the running best of one group after a value arrived out of step order.</summary>
    private static void RecomputeBest(TrialValues d, long group)
    {
        var steps = d.Steps.Keys.Where(s => StepGroup(s) == group).Order().ToArray();
        var best = double.NaN;
        foreach (var s in steps)
        {
            var v = d.Steps[s].Value;
            if (!double.IsNaN(v) && (double.IsNaN(best) || v > best)) best = v;
            d.Steps[s] = (v, best);
        }
    }

    /// <summary>Marks <paramref name="trial"/> as finished without pruning (its values then count for the median rule).</summary>
    public void MarkComplete(int trial)
    {
        lock (_byTrial) _complete.Add(trial);
    }

    /// <summary>The value of <paramref name="trial"/> at <paramref name="step"/>, or NaN.</summary>
    public double At(int trial, long step)
    {
        lock (_byTrial) return _byTrial.TryGetValue(trial, out var d) && d.Steps.TryGetValue(step, out var v) ? v.Value : double.NaN;
    }

    /// <summary>The best value <paramref name="trial"/> reported at steps up to <paramref name="step"/> within the same group of steps (see <see cref="StepGroup"/>).</summary>
    public double BestUpTo(int trial, long step)
    {
        lock (_byTrial)
        {
            if (!_byTrial.TryGetValue(trial, out var d)) return double.NaN;
            if (d.Steps.TryGetValue(step, out var exact)) return exact.Best;
            var group = StepGroup(step);
            var floor = -1L;
            foreach (var s in d.Steps.Keys)
                if (StepGroup(s) == group && s <= step && s > floor) floor = s;
            return floor < 0 ? double.NaN : d.Steps[floor].Best;
        }
    }

    /// <summary>The values at <paramref name="step"/> of the trials other than <paramref name="except"/>; only finished trials when <paramref name="completeOnly"/>.</summary>
    public List<double> ValuesAt(long step, int except, bool completeOnly)
    {
        var result = new List<double>();
        lock (_byTrial)
        {
            foreach (var (trial, d) in _byTrial)
            {
                if (trial == except || (completeOnly && !_complete.Contains(trial))) continue;
                if (d.Steps.TryGetValue(step, out var v) && !double.IsNaN(v.Value)) result.Add(v.Value);
            }
        }
        return result;
    }

    /// <summary>The number of finished trials.</summary>
    public int CompleteCount
    {
        get { lock (_byTrial) return _complete.Count; }
    }

    /// <summary>Steps are <c>fold · 2³² + iteration</c> for iterative estimators (pruning compares values of the same fold and iteration); this is the fold.</summary>
    public static long StepGroup(long step) => step >> 32;

    /// <summary>The iteration within its fold.</summary>
    public static long StepWithinGroup(long step) => step & 0xFFFFFFFFL;

    /// <summary>The step of <paramref name="iteration"/> of fold <paramref name="fold"/>.</summary>
    public static long Step(int fold, long iteration) => ((long)fold << 32) | iteration;
}

/// <summary>Decides whether to stop a trial early from its intermediate values (Optuna's pruners).</summary>
public interface IPruner
{
    /// <summary>True to stop <paramref name="trial"/>, which just reported a value at <paramref name="step"/>.</summary>
    bool ShouldPrune(int trial, long step, IntermediateValues values);
}

/// <summary>
/// The median rule (Optuna's <c>MedianPruner</c>): after <see cref="NStartupTrials"/> trials have finished, a trial is
/// stopped at a step when the best value it has reported so far (in the same fold) is worse than the median of the
/// finished trials' values at that step.
/// </summary>
public sealed record MedianPruner : IPruner
{
    /// <summary>Finished trials needed before anything is pruned.</summary>
    public int NStartupTrials { get; init; } = 5;

    /// <summary>Steps (iterations within a fold) before pruning is considered.</summary>
    public int NWarmupSteps { get; init; }

    /// <summary>Only every this many steps is checked.</summary>
    public int IntervalSteps { get; init; } = 1;

    /// <inheritdoc />
    public bool ShouldPrune(int trial, long step, IntermediateValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var within = IntermediateValues.StepWithinGroup(step);
        if (values.CompleteCount < NStartupTrials || within < NWarmupSteps) return false;
        if (IntervalSteps > 1 && (within - NWarmupSteps) % IntervalSteps != 0) return false;
        var best = values.BestUpTo(trial, step);
        if (double.IsNaN(best)) return true;
        var others = values.ValuesAt(step, trial, completeOnly: true);
        if (others.Count == 0) return false;
        others.Sort();
        var n = others.Count;
        var median = n % 2 == 1 ? others[n / 2] : 0.5 * (others[n / 2 - 1] + others[n / 2]);
        return best < median;
    }
}

/// <summary>
/// Asynchronous successive halving (Li et al. 2018, as Optuna's <c>SuccessiveHalvingPruner</c>): rungs sit at iterations
/// <c>MinResource · ReductionFactor^(MinEarlyStoppingRate + k)</c> within a fold. When a trial reaches a rung it goes on only
/// if its value there is among the top <c>1 / ReductionFactor</c> of every value recorded at that rung so far (its own
/// included); otherwise it is pruned. Needs no finished trials, so it prunes from the start.
/// </summary>
public sealed record SuccessiveHalvingPruner : IPruner
{
    /// <summary>The first rung's iteration.</summary>
    public int MinResource { get; init; } = 1;

    /// <summary>η: rungs are this factor apart, and 1/η of the trials go on from each.</summary>
    public int ReductionFactor { get; init; } = 4;

    /// <summary>s: skips the first rungs.</summary>
    public int MinEarlyStoppingRate { get; init; }

    /// <inheritdoc />
    public bool ShouldPrune(int trial, long step, IntermediateValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (ReductionFactor < 2 || MinResource < 1) throw new AugurException("SuccessiveHalvingPruner needs reduction_factor ≥ 2 and min_resource ≥ 1");
        var within = IntermediateValues.StepWithinGroup(step);
        var fold = (int)IntermediateValues.StepGroup(step);
        // Is this step exactly a rung?
        long rung = (long)MinResource * Pow(ReductionFactor, MinEarlyStoppingRate);
        while (rung < within) rung *= ReductionFactor;
        if (rung != within) return false;
        var value = values.At(trial, step);
        if (double.IsNaN(value)) return true;
        var competing = values.ValuesAt(IntermediateValues.Step(fold, within), trial, completeOnly: false);
        competing.Add(value);
        competing.Sort((a, b) => b.CompareTo(a));
        var index = competing.Count / ReductionFactor - 1;
        if (index < 0) index = 0;
        return value < competing[index];
    }

    private static long Pow(int b, int e)
    {
        long r = 1;
        for (var i = 0; i < e; i++) r *= b;
        return r;
    }
}
