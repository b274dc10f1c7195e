using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Linear;

/// <summary>The loss of <see cref="LinearSvc"/>.</summary>
public enum LinearSvcLoss
{
    /// <summary>max(0, 1 − y·f)² (L2-loss SVM).</summary>
    SquaredHinge,
    /// <summary>max(0, 1 − y·f) (L1-loss SVM).</summary>
    Hinge,
}

/// <summary>The penalty of <see cref="LinearSvc"/>.</summary>
public enum LinearSvcPenalty
{
    /// <summary>½‖w‖², solved in the dual (Hsieh et al., 2008).</summary>
    L2,
    /// <summary>‖w‖₁ (sparse weights), squared hinge only, solved in the primal by coordinate descent with Newton steps (Yuan et al., 2010).</summary>
    L1,
}

/// <summary>
/// A linear support vector classifier (scikit-learn's <c>LinearSVC</c>, liblinear's L2-regularised dual solvers):
/// minimises ½‖w‖² + C·Σᵢ cᵢ·loss(yᵢ·(w·xᵢ + b)) by dual coordinate descent with shrinking (Hsieh, Chang, Lin, Keerthi
/// and Sundararajan, 2008). As in liblinear the intercept is the weight of a constant feature equal to
/// <see cref="InterceptScaling"/>, and so it is penalised too. One-vs-rest for more than two classes. Accepts sparse input.
/// </summary>
public sealed record LinearSvc : IEstimator<LinearSvcModel>
{
    /// <summary>The loss.</summary>
    public LinearSvcLoss Loss { get; init; } = LinearSvcLoss.SquaredHinge;

    /// <summary>The penalty; <see cref="LinearSvcPenalty.L1"/> needs the squared hinge loss.</summary>
    public LinearSvcPenalty Penalty { get; init; } = LinearSvcPenalty.L2;

    /// <summary>The stopping tolerance (L2: projected-gradient spread; L1: optimality violation relative to the first pass).</summary>
    public double Tol { get; init; } = 1e-4;

    /// <summary>The inverse penalty strength (&gt; 0).</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Whether to fit an intercept.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>The value of the constant feature whose weight gives the intercept (larger values penalise the intercept less).</summary>
    public double InterceptScaling { get; init; } = 1.0;

    /// <summary>
    /// Per-class weights multiplying C (null: every class weighs 1). As in liblinear, each one-vs-rest problem weighs only
    /// its positive class.
    /// </summary>
    public ClassWeight? ClassWeight { get; init; }

    /// <summary>The seed of the coordinate order.</summary>
    public int RandomState { get; init; }

    /// <summary>The maximum number of passes over the data.</summary>
    public int MaxIter { get; init; } = 1000;

    /// <inheritdoc />
    public LinearSvcModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = "LinearSvc";
        if (!(C > 0) || double.IsInfinity(C)) throw new AugurException($"{name} option 'c' must be a finite number > 0, not {C}");
        if (!(Tol > 0)) throw new AugurException($"{name} option 'tol' must be > 0, not {Tol}");
        if (MaxIter < 1) throw new AugurException($"{name} option 'max_iter' must be at least 1, not {MaxIter}");
        if (FitIntercept && !(InterceptScaling > 0)) throw new AugurException($"{name} option 'intercept_scaling' must be > 0, not {InterceptScaling}");
        if (Penalty == LinearSvcPenalty.L1 && Loss != LinearSvcLoss.SquaredHinge)
            throw new AugurException($"{name} with penalty 'l1' supports only the 'squared_hinge' loss");
        var (features, classes, encoded, sw, signature) = ClassifierState.Prepare(x, y, sampleWeight, null, name, allowSparse: true);
        var classWeights = ClassWeight?.Resolve(classes, encoded);
        var n = features.Rows;
        var p = features.Cols;
        var problems = classes.Count == 2 ? 1 : classes.Count;
        var coef = new double[problems * p];
        var intercepts = new double[problems];
        var iterations = new int[problems];
        var bias = FitIntercept ? InterceptScaling : 0.0;
        var sq = new double[n];
        for (var i = 0; i < n; i++)
        {
            var v = features.Dense is { } d ? d.Row(i) : features.Sparse!.RowValues(i);
            sq[i] = TensorPrimitives.Dot(v, v) + bias * bias;
        }
        var columns = Penalty == LinearSvcPenalty.L1 ? SparseColumns.From(features) : null;
        for (var c = 0; c < problems; c++)
        {
            var pos = problems == 1 ? 1 : c;
            var ys = new sbyte[n];
            for (var i = 0; i < n; i++) ys[i] = (sbyte)(encoded[i] == pos ? 1 : -1);
            // liblinear's costs: one-vs-rest weighs only the positive class (the rest keep C); two classes weigh both.
            var w = sw;
            if (classWeights is not null)
            {
                w = new double[n];
                for (var i = 0; i < n; i++)
                {
                    var cw = problems == 1 || encoded[i] == pos ? classWeights[encoded[i]] : 1.0;
                    w[i] = (sw?[i] ?? 1.0) * cw;
                }
            }
            var (wv, it) = Penalty == LinearSvcPenalty.L1
                ? L1Primal(columns!, ys, w, bias, Rng.Derive(RandomState, c))
                : DualCd(features, ys, w, sq, bias, Rng.Derive(RandomState, c));
            Array.Copy(wv, 0, coef, c * p, p);
            intercepts[c] = FitIntercept ? wv[p] * bias : 0.0;
            iterations[c] = it;
        }
        var state = new ClassifierState(signature, classes, coef, intercepts, LinearLink.Identity, ovrNormalize: false);
        return new LinearSvcModel(this, state, iterations);
    }

    /// <summary>
    /// L1-regularised squared-hinge SVM in the primal: min ‖w‖₁ + Σᵢ Cᵢ·max(0, 1 − yᵢ w·xᵢ)², with the bias as a
    /// (penalised) constant feature, by coordinate descent: a Newton step on each coordinate's smooth part, the
    /// soft-threshold for the L1 term, and an Armijo line search (Yuan, Chang, Hsieh and Lin, 2010; liblinear's
    /// solver 5). Features whose optimality holds with margin are shrunk out and checked again at the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double[] W, int Iterations) L1Primal(SparseColumns x, sbyte[] y, double[]? sw, double bias, long seed)
    {
        var n = x.Rows;
        var p = x.Cols;
        var cols = p + (bias > 0 ? 1 : 0);
        var w = new double[p + 1];
        var b = new double[n];
        Array.Fill(b, 1.0);
        var ci = new double[n];
        for (var i = 0; i < n; i++) ci[i] = C * (sw?[i] ?? 1.0);
        var xjSq = new double[cols];
        for (var j = 0; j < cols; j++)
        {
            var acc = 0.0;
            if (j < p)
            {
                var rows = x.ColumnRows(j);
                var vals = x.ColumnValues(j);
                for (var k = 0; k < rows.Length; k++) acc += ci[rows[k]] * vals[k] * vals[k];
            }
            else for (var i = 0; i < n; i++) acc += ci[i] * bias * bias;
            xjSq[j] = acc;
        }
        var index = Enumerable.Range(0, cols).ToArray();
        var active = cols;
        var rng = new Rng(seed);
        var gmaxOld = double.PositiveInfinity;
        var gnormInit = 0.0;
        var iter = 0;
        const double sigma = 0.01;
        while (iter < MaxIter)
        {
            var gmaxNew = 0.0;
            var gnormNew = 0.0;
            rng.Shuffle(index.AsSpan(0, active));
            for (var s = 0; s < active; s++)
            {
                var j = index[s];
                ReadOnlySpan<int> rows = default;
                ReadOnlySpan<double> vals = default;
                var isBias = j == p;
                if (!isBias)
                {
                    rows = x.ColumnRows(j);
                    vals = x.ColumnValues(j);
                }
                var count = isBias ? n : rows.Length;
                double gLoss = 0, h = 0;
                for (var k = 0; k < count; k++)
                {
                    var i = isBias ? k : rows[k];
                    if (b[i] <= 0) continue;
                    var v = isBias ? bias : vals[k];
                    var t = ci[i] * y[i] * v;
                    gLoss -= t * b[i];
                    h += ci[i] * v * v;
                }
                gLoss *= 2;
                h = Math.Max(2 * h, 1e-12);
                var gp = gLoss + 1;
                var gn = gLoss - 1;
                var violation = 0.0;
                var wj = w[j];
                if (wj == 0)
                {
                    if (gp < 0) violation = -gp;
                    else if (gn > 0) violation = gn;
                    else if (gp > gmaxOld / n && gn < -gmaxOld / n)
                    {
                        active--;
                        (index[s], index[active]) = (index[active], index[s]);
                        s--;
                        continue;
                    }
                }
                else violation = wj > 0 ? Math.Abs(gp) : Math.Abs(gn);
                gmaxNew = Math.Max(gmaxNew, violation);
                gnormNew += violation;
                double d;
                if (gp < h * wj) d = -gp / h;
                else if (gn > h * wj) d = -gn / h;
                else d = -wj;
                if (Math.Abs(d) < 1e-12) continue;
                var delta = Math.Abs(wj + d) - Math.Abs(wj) + gLoss * d;
                var dOld = 0.0;
                var lossOld = 0.0;
                var accepted = false;
                for (var ls = 0; ls < 20; ls++)
                {
                    var dDiff = dOld - d;
                    var cond = Math.Abs(wj + d) - Math.Abs(wj) - sigma * delta;
                    var approx = xjSq[j] * d * d + gLoss * d + cond;
                    if (approx <= 0)
                    {
                        for (var k = 0; k < count; k++)
                        {
                            var i = isBias ? k : rows[k];
                            b[i] += dDiff * y[i] * (isBias ? bias : vals[k]);
                        }
                        accepted = true;
                        break;
                    }
                    var lossNew = 0.0;
                    for (var k = 0; k < count; k++)
                    {
                        var i = isBias ? k : rows[k];
                        if (ls == 0 && b[i] > 0) lossOld += ci[i] * b[i] * b[i];
                        var bNew = b[i] + dDiff * y[i] * (isBias ? bias : vals[k]);
                        b[i] = bNew;
                        if (bNew > 0) lossNew += ci[i] * bNew * bNew;
                    }
                    cond += lossNew - lossOld;
                    if (cond <= 0)
                    {
                        accepted = true;
                        break;
                    }
                    dOld = d;
                    d *= 0.5;
                    delta *= 0.5;
                }
                w[j] += d;
                if (!accepted)
                {
                    // The line search gave up: rebuild the margins from the weights.
                    Array.Fill(b, 1.0);
                    for (var q = 0; q < cols; q++)
                    {
                        if (w[q] == 0) continue;
                        if (q == p) { for (var i = 0; i < n; i++) b[i] -= y[i] * w[q] * bias; continue; }
                        var r2 = x.ColumnRows(q);
                        var v2 = x.ColumnValues(q);
                        for (var k = 0; k < r2.Length; k++) b[r2[k]] -= y[r2[k]] * w[q] * v2[k];
                    }
                }
            }
            if (iter == 0) gnormInit = gnormNew;
            iter++;
            if (gnormNew <= Tol * gnormInit)
            {
                if (active == cols) break;
                active = cols;
                gmaxOld = double.PositiveInfinity;
                continue;
            }
            gmaxOld = gmaxNew;
        }
        return (w, iter);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double[] W, int Iterations) DualCd(LinearFeatures x, sbyte[] y, double[]? sw, double[] sq, double bias, long seed)
    {
        var n = x.Rows;
        var p = x.Cols;
        var w = new double[p + 1];
        var alpha = new double[n];
        var upper = new double[n];
        var diag = new double[n];
        var qd = new double[n];
        var index = new int[n];
        var active = 0;
        for (var i = 0; i < n; i++)
        {
            var ci = C * (sw?[i] ?? 1.0);
            if (ci <= 0) continue;
            if (Loss == LinearSvcLoss.SquaredHinge) { upper[i] = double.PositiveInfinity; diag[i] = 0.5 / ci; }
            else { upper[i] = ci; diag[i] = 0; }
            qd[i] = sq[i] + diag[i];
            index[active++] = i;
        }
        var total = active;
        var rng = new Rng(seed);
        var pgMaxOld = double.PositiveInfinity;
        var pgMinOld = double.NegativeInfinity;
        var iter = 0;
        var dense = x.Dense;
        var sparse = x.Sparse;
        while (iter < MaxIter)
        {
            var pgMaxNew = double.NegativeInfinity;
            var pgMinNew = double.PositiveInfinity;
            rng.Shuffle(index.AsSpan(0, active));
            for (var s = 0; s < active; s++)
            {
                Prefetch.Ahead(index, s, dense, sparse, null, null);
                var i = index[s];
                var yi = y[i];
                double dot;
                if (dense is not null) dot = TensorPrimitives.Dot(dense.Row(i), w.AsSpan(0, p));
                else dot = LinearMath.SparseDot(sparse!.RowIndices(i), sparse.RowValues(i), w);
                dot += bias * w[p];
                var g = yi * dot - 1 + diag[i] * alpha[i];
                var pg = 0.0;
                if (alpha[i] == 0)
                {
                    if (g > pgMaxOld)
                    {
                        active--;
                        (index[s], index[active]) = (index[active], index[s]);
                        s--;
                        continue;
                    }
                    if (g < 0) pg = g;
                }
                else if (alpha[i] == upper[i])
                {
                    if (g < pgMinOld)
                    {
                        active--;
                        (index[s], index[active]) = (index[active], index[s]);
                        s--;
                        continue;
                    }
                    if (g > 0) pg = g;
                }
                else pg = g;
                pgMaxNew = Math.Max(pgMaxNew, pg);
                pgMinNew = Math.Min(pgMinNew, pg);
                if (Math.Abs(pg) > 1e-12)
                {
                    var old = alpha[i];
                    alpha[i] = Math.Min(Math.Max(old - g / qd[i], 0), upper[i]);
                    var delta = (alpha[i] - old) * yi;
                    if (dense is not null) TensorPrimitives.MultiplyAdd(dense.Row(i), delta, w.AsSpan(0, p), w.AsSpan(0, p));
                    else
                    {
                        var idx = sparse!.RowIndices(i);
                        var val = sparse.RowValues(i);
                        for (var q = 0; q < idx.Length; q++) w[idx[q]] += delta * val[q];
                    }
                    w[p] += delta * bias;
                }
            }
            iter++;
            if (pgMaxNew - pgMinNew <= Tol)
            {
                if (active == total) break;
                active = total;
                pgMaxOld = double.PositiveInfinity;
                pgMinOld = double.NegativeInfinity;
                continue;
            }
            pgMaxOld = pgMaxNew <= 0 ? double.PositiveInfinity : pgMaxNew;
            pgMinOld = pgMinNew >= 0 ? double.NegativeInfinity : pgMinNew;
        }
        return (w, iter);
    }
}

/// <summary>A fitted <see cref="LinearSvc"/>.</summary>
public sealed class LinearSvcModel : LinearClassifierModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "linear_svc";

    private readonly int[] _iterations;

    internal LinearSvcModel(LinearSvc options, ClassifierState state, int[] iterations) : base("LinearSvc", state)
    {
        Options = options;
        _iterations = iterations;
    }

    /// <summary>The options the model was fitted with.</summary>
    public LinearSvc Options { get; }

    /// <summary>The passes over the data run, per binary problem.</summary>
    public IReadOnlyList<int> Iterations => _iterations;

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override void Save(ModelWriter writer)
    {
        State.Save(writer, Options);
        writer.Write("iterations", _iterations);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static LinearSvcModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new LinearSvcModel(reader.ReadOptions<LinearSvc>(), ClassifierState.Load(reader, LinearLink.Identity), reader.ReadInt32s("iterations"));
    }
}
