using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Svm;

/// <summary>
/// C-support vector classification (scikit-learn's <c>SVC</c>, libsvm's C-SVC): a kernel SVM trained by SMO with
/// second-order working-set selection, shrinking and an LRU kernel cache; more than two classes are handled one
/// against one (k(k−1)/2 binary machines, majority vote). With <see cref="Probability"/>, Platt scaling is fitted on
/// decision values from an internal, seeded 5-fold cross-validation, and classes are coupled pairwise.
/// </summary>
public sealed record Svc : IEstimator<SvcModel>
{
    /// <summary>Regularisation: the penalty on margin violations (larger fits the training data more closely).</summary>
    public double C { get; init; } = 1.0;

    /// <summary>The kernel.</summary>
    public SvmKernel Kernel { get; init; } = SvmKernel.Rbf;

    /// <summary>Degree of the polynomial kernel.</summary>
    public int Degree { get; init; } = 3;

    /// <summary>Kernel coefficient γ of rbf, poly and sigmoid: <c>scale</c> (1 / (features · Var(X))), <c>auto</c> (1 / features) or a number.</summary>
    public string Gamma { get; init; } = "scale";

    /// <summary>Independent term of the poly and sigmoid kernels.</summary>
    public double Coef0 { get; init; }

    /// <summary>Use the shrinking heuristic.</summary>
    public bool Shrinking { get; init; } = true;

    /// <summary>Fit probability estimates (5-fold internal cross-validation; slower).</summary>
    public bool Probability { get; init; }

    /// <summary>Stopping tolerance on the maximal KKT violation.</summary>
    public double Tol { get; init; } = 1e-3;

    /// <summary>Kernel cache size in megabytes.</summary>
    public double CacheSize { get; init; } = 200;

    /// <summary>Class weights multiplying C: null, <c>balanced</c>, or <c>label:weight,…</c>.</summary>
    public string? ClassWeight { get; init; }

    /// <summary>Iteration limit per binary problem; −1 uses libsvm's default of max(10⁷, 100·rows).</summary>
    public int MaxIter { get; init; } = -1;

    /// <summary>Shape of the decision function for more than two classes.</summary>
    public DecisionFunctionShape DecisionFunctionShape { get; init; } = DecisionFunctionShape.Ovr;

    /// <summary>With more than two classes and the ovr shape, predict the argmax of the decision function instead of the vote.</summary>
    public bool BreakTies { get; init; }

    /// <summary>Seed of the probability cross-validation.</summary>
    public int RandomState { get; init; }

    /// <inheritdoc />
    public SvcModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = "SVC";
        SvmCommon.CheckOptions(name, C, Tol, CacheSize, Degree, Kernel);
        if (BreakTies && DecisionFunctionShape == DecisionFunctionShape.Ovo)
            throw new AugurException($"{name} option 'break_ties' needs decision_function_shape=ovr");
        var m = SvmCommon.ReadTraining(x, name);
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, x.RowCount, name, minClasses: 2);
        var weights = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var classWeight = SvmCommon.ClassWeights(ClassWeight, classes, encoded, name);
        var gamma = KernelSpec.ResolveGamma(Gamma, m, name);
        var spec = new KernelSpec(Kernel, gamma, Degree, Coef0);
        var signature = ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), allowsMissing: false, y, classes);

        // Group the rows (with positive weight) by class, keeping their order.
        var rows = SvmCommon.PositiveRows(weights, m.Rows);
        var k = classes.Count;
        var byClass = new List<int>[k];
        for (var c = 0; c < k; c++) byClass[c] = [];
        foreach (var r in rows) byClass[encoded[r]].Add(r);
        for (var c = 0; c < k; c++)
            if (byClass[c].Count == 0)
                throw new AugurException($"{name}: class '{classes[c]}' has no rows with a positive sample weight");

        var pairs = new List<(int I, int J)>();
        for (var i = 0; i < k; i++)
            for (var j = i + 1; j < k; j++) pairs.Add((i, j));
        var concurrent = Math.Min(pairs.Count, Environment.ProcessorCount);
        var cacheMb = SvmCommon.CacheMegabytesPerSolver(CacheSize, concurrent);
        var results = new PairSolution[pairs.Count];
        void SolvePair(int pi)
        {
            var (ci, cj) = pairs[pi];
            var members = byClass[ci].Concat(byClass[cj]).ToArray();
            var yy = new double[members.Length];
            var cc = new double[members.Length];
            for (var t = 0; t < members.Length; t++)
            {
                var isI = t < byClass[ci].Count;
                yy[t] = isI ? 1 : -1;
                cc[t] = C * classWeight[isI ? ci : cj] * (weights?[members[t]] ?? 1.0);
            }
            var sub = m.TakeRows(members);
            double probA = 0, probB = 0;
            if (Probability)
                (probA, probB) = BinaryProbability(sub, yy, cc, spec, cacheMb, Rng.Derive(RandomState, pi));
            var (alpha, rho, converged) = TrainBinary(sub, yy, cc, spec, cacheMb);
            results[pi] = new PairSolution(members, alpha, rho, probA, probB, converged);
        }
        if (pairs.Count == 1 || (long)m.Rows * m.Cols < 4096) for (var pi = 0; pi < pairs.Count; pi++) SolvePair(pi);
        else Parallel.For(0, pairs.Count, new ParallelOptions { MaxDegreeOfParallelism = concurrent }, SolvePair);

        // Support vectors: rows with a non-zero coefficient in any pair, grouped by class in row order.
        var nonzero = new bool[m.Rows];
        foreach (var r in results)
            for (var t = 0; t < r.Members.Length; t++)
                if (r.Alpha[t] != 0) nonzero[r.Members[t]] = true;
        var support = new List<int>();
        var nSupport = new int[k];
        for (var c = 0; c < k; c++)
            foreach (var r in byClass[c])
                if (nonzero[r]) { support.Add(r); nSupport[c]++; }
        var svPos = new Dictionary<int, int>();
        for (var s = 0; s < support.Count; s++) svPos[support[s]] = s;
        var svCoef = new Matrix(k - 1, support.Count);
        var rhoAll = new double[pairs.Count];
        var pa = Probability ? new double[pairs.Count] : [];
        var pb = Probability ? new double[pairs.Count] : [];
        var allConverged = true;
        for (var pi = 0; pi < pairs.Count; pi++)
        {
            var (ci, cj) = pairs[pi];
            var r = results[pi];
            rhoAll[pi] = r.Rho;
            allConverged &= r.Converged;
            if (Probability) { pa[pi] = r.ProbA; pb[pi] = r.ProbB; }
            var countI = byClass[ci].Count;
            for (var t = 0; t < r.Members.Length; t++)
            {
                if (!svPos.TryGetValue(r.Members[t], out var s)) continue;
                var coef = r.Alpha[t] * (t < countI ? 1.0 : -1.0);
                if (t < countI) svCoef[cj - 1, s] = coef;
                else svCoef[ci, s] = coef;
            }
        }
        var sv = m.TakeRows(support.ToArray());
        return new SvcModel(this, signature, classes, gamma, sv, support.ToArray(), nSupport, svCoef, rhoAll, pa, pb, allConverged);
    }

    private sealed record PairSolution(int[] Members, double[] Alpha, double Rho, double ProbA, double ProbB, bool Converged);

    // One C-SVC problem: min ½αᵀQα − eᵀα, yᵀα = 0, 0 ≤ α ≤ C. Returns α (≥ 0, in the problem's row order) and ρ.
    private (double[] Alpha, double Rho, bool Converged) TrainBinary(Matrix x, double[] y, double[] c, KernelSpec spec, double cacheMb)
    {
        var kernel = new TrainingKernel(x, spec);
        var cache = new KernelCache(kernel, cacheMb);
        var l = y.Length;
        var p = Enumerable.Repeat(-1.0, l).ToArray();
        var result = SmoSolver.Solve(cache, kernel, Enumerable.Range(0, l).ToArray(), y, p, c, Tol, Shrinking, MaxIter);
        return (result.Alpha, result.Rho, result.Converged);
    }

    // Platt scaling on decision values from a seeded 5-fold cross-validation of the binary problem.
    private (double A, double B) BinaryProbability(Matrix x, double[] y, double[] c, KernelSpec spec, double cacheMb, long seed)
    {
        const int folds = 5;
        var l = y.Length;
        var perm = new Rng(seed).Permutation(l);
        var dec = new double[l];
        for (var f = 0; f < folds; f++)
        {
            var begin = f * l / folds;
            var end = (f + 1) * l / folds;
            var train = perm[..begin].Concat(perm[end..]).ToArray();
            var pos = train.Count(t => y[t] > 0);
            var neg = train.Length - pos;
            if (pos == 0 || neg == 0)
            {
                var constant = pos == 0 && neg == 0 ? 0.0 : pos > 0 ? 1.0 : -1.0;
                for (var t = begin; t < end; t++) dec[perm[t]] = constant;
                continue;
            }
            // Positive rows first, as the full problem orders its classes.
            var ordered = train.Where(t => y[t] > 0).Concat(train.Where(t => y[t] < 0)).ToArray();
            var subX = x.TakeRows(ordered);
            var subY = ordered.Select(t => y[t]).ToArray();
            var subC = ordered.Select(t => c[t]).ToArray();
            var (alpha, rho, _) = TrainBinary(subX, subY, subC, spec, cacheMb);
            var svRows = Enumerable.Range(0, ordered.Length).Where(t => alpha[t] != 0).ToArray();
            if (end > begin)
            {
                var held = x.TakeRows(perm[begin..end]);
                var kmat = spec.Matrix(held, subX.TakeRows(svRows));
                for (var h = 0; h < end - begin; h++)
                {
                    var row = kmat.Row(h);
                    var sum = 0.0;
                    for (var s = 0; s < svRows.Length; s++) sum += alpha[svRows[s]] * subY[svRows[s]] * row[s];
                    dec[perm[begin + h]] = sum - rho;
                }
            }
        }
        return SvmProbability.SigmoidTrain(dec, y);
    }
}

/// <summary>A fitted <see cref="Svc"/>: support vectors, their coefficients in each pairwise machine, and intercepts.</summary>
public sealed class SvcModel : IClassifier
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "svc";

    private const string Name = "SVC";
    private readonly Matrix _svCoef;    // libsvm layout: (classes − 1) × support vectors
    private readonly double[] _rho;      // per pair
    private readonly int[] _svStart;     // first support vector of each class
    private readonly double[] _svSq;
    private readonly KernelSpec _spec;

    internal SvcModel(Svc options, ModelSignature signature, ClassLabels classes, double gamma, Matrix supportVectors, int[] support,
        int[] nSupport, Matrix svCoef, double[] rho, double[] probA, double[] probB, bool converged)
    {
        Options = options;
        Signature = signature;
        Classes = classes;
        GammaValue = gamma;
        SupportVectors = supportVectors;
        Support = support;
        NSupport = nSupport;
        _svCoef = svCoef;
        _rho = rho;
        ProbA = probA;
        ProbB = probB;
        Converged = converged;
        _spec = new KernelSpec(options.Kernel, gamma, options.Degree, options.Coef0);
        _svStart = new int[classes.Count];
        for (var c = 1; c < classes.Count; c++) _svStart[c] = _svStart[c - 1] + nSupport[c - 1];
        _svSq = DenseOps.RowSquaredNorms(supportVectors);
        var binary = classes.Count == 2;
        DualCoef = svCoef.Clone();
        if (binary) System.Numerics.Tensors.TensorPrimitives.Negate(DualCoef.Data, DualCoef.Data);
        Intercept = rho.Select(r => binary ? r : -r).ToArray();
    }

    /// <summary>The options the model was fitted with.</summary>
    public Svc Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ModelTask Task => Signature.Task;

    /// <inheritdoc />
    public ClassLabels Classes { get; }

    /// <summary>The kernel coefficient γ actually used.</summary>
    public double GammaValue { get; }

    /// <summary>The support vectors (grouped by class, in training row order).</summary>
    public Matrix SupportVectors { get; }

    /// <summary>The training row index of each support vector.</summary>
    public IReadOnlyList<int> Support { get; }

    /// <summary>The number of support vectors of each class.</summary>
    public IReadOnlyList<int> NSupport { get; }

    /// <summary>
    /// Dual coefficients yᵢαᵢ in scikit-learn's <c>dual_coef_</c> layout ((classes − 1) × support vectors; for two
    /// classes, signed so that positive decision values favour the second class).
    /// </summary>
    public Matrix DualCoef { get; }

    /// <summary>Intercept of each pairwise machine, as scikit-learn's <c>intercept_</c>.</summary>
    public IReadOnlyList<double> Intercept { get; }

    /// <summary>Platt scaling slopes per pair (empty without probability estimates).</summary>
    public IReadOnlyList<double> ProbA { get; }

    /// <summary>Platt scaling offsets per pair (empty without probability estimates).</summary>
    public IReadOnlyList<double> ProbB { get; }

    /// <summary>False when some binary problem stopped at the iteration limit before reaching the tolerance.</summary>
    public bool Converged { get; }

    // Raw pairwise decision values (rows × pairs), positive favouring the lower class of each pair.
    private Matrix PairwiseDecision(Matrix x)
    {
        var k = Classes.Count;
        var kmat = _spec.Matrix(x, SupportVectors, _svSq);
        var pairs = k * (k - 1) / 2;
        var dec = new Matrix(x.Rows, pairs);
        for (var r = 0; r < x.Rows; r++)
        {
            var kv = kmat.Row(r);
            var p = 0;
            for (var i = 0; i < k; i++)
                for (var j = i + 1; j < k; j++)
                {
                    var sum = 0.0;
                    var coef1 = _svCoef.Row(j - 1);
                    var coef2 = _svCoef.Row(i);
                    for (var s = _svStart[i]; s < _svStart[i] + NSupport[i]; s++) sum += coef1[s] * kv[s];
                    for (var s = _svStart[j]; s < _svStart[j] + NSupport[j]; s++) sum += coef2[s] * kv[s];
                    dec[r, p] = sum - _rho[p];
                    p++;
                }
        }
        return dec;
    }

    /// <summary>
    /// Decision values: for two classes one column, positive favouring the second class; otherwise one column per pair
    /// (<see cref="DecisionFunctionShape.Ovo"/>) or per class (<see cref="DecisionFunctionShape.Ovr"/>), as scikit-learn.
    /// </summary>
    public Matrix DecisionFunction(Frame x)
    {
        var dec = PairwiseDecision(Signature.Features(x, Name));
        var k = Classes.Count;
        if (k == 2)
        {
            System.Numerics.Tensors.TensorPrimitives.Negate(dec.Data, dec.Data);
            return dec;
        }
        return Options.DecisionFunctionShape == DecisionFunctionShape.Ovo ? dec : OvrDecision(dec, k);
    }

    private static Matrix OvrDecision(Matrix dec, int k)
    {
        var result = new Matrix(dec.Rows, k);
        var votes = new double[k];
        var sums = new double[k];
        for (var r = 0; r < dec.Rows; r++)
        {
            Array.Clear(votes);
            Array.Clear(sums);
            var p = 0;
            for (var i = 0; i < k; i++)
                for (var j = i + 1; j < k; j++)
                {
                    var d = dec[r, p++];
                    var confidence = -d;
                    sums[i] -= confidence;
                    sums[j] += confidence;
                    if (d < 0) votes[j] += 1; else votes[i] += 1;
                }
            for (var c = 0; c < k; c++) result[r, c] = votes[c] + sums[c] / (3 * (Math.Abs(sums[c]) + 1));
        }
        return result;
    }

    /// <inheritdoc />
    public Column Predict(Frame x)
    {
        var dec = PairwiseDecision(Signature.Features(x, Name));
        var k = Classes.Count;
        var labels = new int[dec.Rows];
        if (Options.BreakTies && k > 2 && Options.DecisionFunctionShape == DecisionFunctionShape.Ovr)
        {
            var ovr = OvrDecision(dec, k);
            for (var r = 0; r < dec.Rows; r++)
            {
                var row = ovr.Row(r);
                var best = 0;
                for (var c = 1; c < k; c++) if (row[c] > row[best]) best = c;
                labels[r] = best;
            }
            return Classes.Decode(labels);
        }
        var votes = new int[k];
        for (var r = 0; r < dec.Rows; r++)
        {
            Array.Clear(votes);
            var p = 0;
            for (var i = 0; i < k; i++)
                for (var j = i + 1; j < k; j++)
                {
                    if (dec[r, p++] > 0) votes[i]++;
                    else votes[j]++;
                }
            var best = 0;
            for (var c = 1; c < k; c++) if (votes[c] > votes[best]) best = c;
            labels[r] = best;
        }
        return Classes.Decode(labels);
    }

    /// <summary>Class probabilities from Platt scaling and pairwise coupling; needs <see cref="Svc.Probability"/>.</summary>
    public Matrix PredictProba(Frame x)
    {
        if (ProbA.Count == 0)
            throw new AugurException("SVC was fitted without probability estimates; fit it with Probability = true (probability=true) to use PredictProba");
        var dec = PairwiseDecision(Signature.Features(x, Name));
        var k = Classes.Count;
        var proba = new Matrix(dec.Rows, k);
        var r = new double[k, k];
        Span<double> p = stackalloc double[k <= 64 ? k : 0];
        var pBuf = k <= 64 ? null : new double[k];
        for (var row = 0; row < dec.Rows; row++)
        {
            var pi = 0;
            for (var i = 0; i < k; i++)
                for (var j = i + 1; j < k; j++)
                {
                    var v = Math.Min(Math.Max(SvmProbability.SigmoidPredict(dec[row, pi], ProbA[pi], ProbB[pi]), SvmProbability.MinProbability),
                        1 - SvmProbability.MinProbability);
                    r[i, j] = v;
                    r[j, i] = 1 - v;
                    pi++;
                }
            var dst = proba.Row(row);
            if (k == 2)
            {
                dst[0] = r[0, 1];
                dst[1] = r[1, 0];
            }
            else
            {
                var target = pBuf is null ? p : pBuf.AsSpan();
                SvmProbability.Couple(k, r, target);
                target.CopyTo(dst);
            }
        }
        return proba;
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        writer.Write("classes", Classes);
        writer.Write("gamma", GammaValue);
        writer.Write("support_vectors", SupportVectors);
        writer.Write("support", Support.ToArray());
        writer.Write("n_support", NSupport.ToArray());
        writer.Write("sv_coef", _svCoef);
        writer.Write("rho", _rho);
        writer.Write("prob_a", ProbA.ToArray());
        writer.Write("prob_b", ProbB.ToArray());
        writer.Write("converged", Converged);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static SvcModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<Svc>();
        var signature = reader.ReadSignature("signature");
        var classes = reader.ReadClassLabels("classes");
        var k = classes.Count;
        reader.Require(k >= 2, "classes", "an SVC needs at least two classes");
        var sv = reader.ReadMatrix("support_vectors", cols: signature.Inputs.Count);
        var support = reader.ReadInt32s("support", sv.Rows);
        var nSupport = reader.ReadInt32s("n_support", k);
        reader.Require(nSupport.All(v => v >= 0) && nSupport.Sum() == sv.Rows, "n_support", "support vector counts do not add up");
        var svCoef = reader.ReadMatrix("sv_coef", k - 1, sv.Rows);
        var pairs = k * (k - 1) / 2;
        var rho = reader.ReadDoubles("rho", pairs);
        var probA = reader.ReadDoubles("prob_a");
        var probB = reader.ReadDoubles("prob_b", probA.Length);
        reader.Require(probA.Length == 0 || probA.Length == pairs, "prob_a", "one Platt slope per pair is needed");
        return new SvcModel(options, signature, classes, reader.ReadDouble("gamma"), sv, support, nSupport, svCoef, rho, probA, probB,
            reader.ReadBoolean("converged"));
    }
}
