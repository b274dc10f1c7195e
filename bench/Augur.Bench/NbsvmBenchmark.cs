using System.Globalization;
using System.Text;
using Augur.Data;
using Augur.Decomposition;
using Augur.NaiveBayes;
using Augur.Neighbors;
using Augur.Numerics;
using Augur.Svm;

namespace Augur.Bench;

/// <summary>
/// Neighbours, naive Bayes, SVM and PCA against scikit-learn on the same data in the same run, with every library using
/// all cores: kNN predict on digits, PCA (10 components) fit on make_blobs(200000, 20, centers=8), and for information
/// SVC fit on breast_cancer and digits, SVC with probabilities, and GaussianNB.
/// </summary>
public sealed class NbsvmBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "nbsvm";

    /// <inheritdoc />
    public string Description => "kNN predict (digits), PCA fit (blobs 200k×20), SVC fit, GaussianNB vs scikit-learn";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var quick = context.Quick;
        var repeats = quick ? 3 : 7;
        var args = new List<string> { context.WorkDir };
        if (quick) args.Add("--quick");
        var py = context.RunPython("nbsvm.py", [.. args]);

        var digits = Load(Path.Combine(context.RepoRoot, "data", "digits.csv"));
        var y = digits["target"];
        var x = digits.Drop("target");
        var train = Enumerable.Range(0, x.RowCount).Where(i => i % 4 != 0).ToArray();
        var test = Enumerable.Range(0, x.RowCount).Where(i => i % 4 == 0).ToArray();
        var (xtr, ytr, xte, yte) = (x.Take(train), y.Take(train), x.Take(test), y.Take(test));

        var knn = new KNeighborsClassifier().Fit(xtr, ytr);
        var knnS = BenchContext.MedianSeconds(() => knn.Predict(xte), repeats * 3);
        var knnPred = knn.Predict(xte);
        var knnAcc = Enumerable.Range(0, yte.Length).Count(i => knnPred.Format(i) == yte.Format(i)) / (double)yte.Length;

        var blobs = ReadBlobs(Path.Combine(context.WorkDir, "nbsvm_blobs.f64"));
        var pca = new Pca { NComponents = 10 };
        var pcaS = BenchContext.MedianSeconds(() => pca.Fit(blobs), repeats);
        var pcaRatio = pca.Fit(blobs).ExplainedVarianceRatio.Sum();

        var cancer = Load(Path.Combine(context.RepoRoot, "data", "breast_cancer.csv"));
        var zc = Standardize(cancer.Drop("diagnosis"));
        var yc = cancer["diagnosis"];
        var svcCancerS = BenchContext.MedianSeconds(() => new Svc().Fit(zc, yc), repeats);
        var svcCancerNsv = new Svc().Fit(zc, yc).NSupport.Sum();
        var zd = Frame.FromMatrix(Scale(xtr.ToMatrix(), 1.0 / 16), xtr.ColumnNames);
        var svcDigitsS = BenchContext.MedianSeconds(() => new Svc().Fit(zd, ytr), repeats);
        var svcDigitsNsv = new Svc().Fit(zd, ytr).NSupport.Sum();
        var svcProbS = BenchContext.MedianSeconds(() => new Svc { Probability = true }.Fit(zc, yc), Math.Max(3, repeats / 2));

        var gnbS = BenchContext.MedianSeconds(() => new GaussianNB().Fit(xtr, ytr), repeats * 3);
        var gnb = new GaussianNB().Fit(xtr, ytr);
        var gnbPredS = BenchContext.MedianSeconds(() => gnb.PredictProba(xte), repeats * 3);

        static string Ms(double s) => (s * 1000).ToString("F2", CultureInfo.InvariantCulture);
        static string Ratio(double a, double b) => (a / b).ToString("F2", CultureInfo.InvariantCulture);
        double P(string key) => py.GetProperty(key).GetDouble();
        var sb = new StringBuilder();
        sb.AppendLine("## nbsvm: neighbours, naive Bayes, SVM, PCA");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"scikit-learn {py.GetProperty("sklearn").GetString()}; both sides use all {Environment.ProcessorCount} cores; median of {repeats}–{repeats * 3} runs after a warm-up{(quick ? "; **--quick** (blobs 20 000 rows)" : "")}.");
        sb.AppendLine();
        sb.AppendLine("| task | data | scikit-learn ms | Augur ms | ratio (Augur / sklearn) | goal | check |");
        sb.AppendLine("|---|---|---:|---:|---:|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| kNN predict (k=5, brute) | digits 1347 train / 450 test × 64 | {Ms(P("knn_predict_s"))} | {Ms(knnS)} | {Ratio(knnS, P("knn_predict_s"))} | ≤ 1.0 | accuracy {P("knn_accuracy"):F4} vs {knnAcc:F4} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| PCA fit (10 components) | make_blobs {blobs.RowCount} × 20, 8 centres | {Ms(P("pca_fit_s"))} | {Ms(pcaS)} | {Ratio(pcaS, P("pca_fit_s"))} | ≤ 1.0 | variance ratio sum {P("pca_ratio_sum"):F10} vs {pcaRatio:F10} (sklearn solver: {py.GetProperty("pca_solver").GetString()}) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| SVC fit (rbf, C=1) | breast_cancer 569 × 30, standardized | {Ms(P("svc_cancer_fit_s"))} | {Ms(svcCancerS)} | {Ratio(svcCancerS, P("svc_cancer_fit_s"))} | info | support vectors {P("svc_cancer_nsv")} vs {svcCancerNsv} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| SVC fit (rbf, 45 one-vs-one machines) | digits 1347 × 64, /16 | {Ms(P("svc_digits_fit_s"))} | {Ms(svcDigitsS)} | {Ratio(svcDigitsS, P("svc_digits_fit_s"))} | info | support vectors {P("svc_digits_nsv")} vs {svcDigitsNsv} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| SVC fit, probability=True | breast_cancer | {Ms(P("svc_prob_cancer_fit_s"))} | {Ms(svcProbS)} | {Ratio(svcProbS, P("svc_prob_cancer_fit_s"))} | info | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| GaussianNB fit | digits 1347 × 64 | {Ms(P("gnb_fit_s"))} | {Ms(gnbS)} | {Ratio(gnbS, P("gnb_fit_s"))} | info | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| GaussianNB predict_proba | digits 450 × 64 | {Ms(P("gnb_predict_s"))} | {Ms(gnbPredS)} | {Ratio(gnbPredS, P("gnb_predict_s"))} | info | |");
        sb.AppendLine();
        sb.AppendLine("Augur's PCA uses its exact solver here (eigendecomposition of the centred Gram matrix, 20 × 20); scikit-learn's `auto` picks its randomized solver for this shape. Augur's times include reading the frame into a matrix.");
        context.WriteSection(Name, sb.ToString());
    }

    private static Frame ReadBlobs(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var rows = (int)BitConverter.ToInt64(bytes, 0);
        var cols = (int)BitConverter.ToInt64(bytes, 8);
        var m = new Matrix(rows, cols);
        Buffer.BlockCopy(bytes, 16, m.Data, 0, rows * cols * 8);
        return Frame.FromMatrix(m);
    }

    private static Matrix Scale(Matrix m, double f)
    {
        var r = m.Clone();
        for (var i = 0; i < r.Data.Length; i++) r.Data[i] *= f;
        return r;
    }

    private static Frame Standardize(Frame x)
    {
        var m = x.ToMatrix();
        for (var j = 0; j < m.Cols; j++)
        {
            var col = m.Column(j);
            var mean = col.Average();
            var std = Math.Sqrt(col.Select(v => (v - mean) * (v - mean)).Average());
            for (var i = 0; i < m.Rows; i++) m[i, j] = (m[i, j] - mean) / std;
        }
        return Frame.FromMatrix(m, x.ColumnNames);
    }

    // A minimal reader for the bundled CSVs (header, commas, numbers or labels).
    private static Frame Load(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var columns = new List<Column>();
        for (var j = 0; j < header.Length; j++)
        {
            var raw = cells.Select(r => r[j]).ToArray();
            var nums = new double[raw.Length];
            var numeric = raw.All(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            if (numeric)
            {
                for (var i = 0; i < raw.Length; i++) nums[i] = double.Parse(raw[i], CultureInfo.InvariantCulture);
                columns.Add(new Float64Column(header[j], nums));
            }
            else columns.Add(new StringColumn(header[j], raw));
        }
        return new Frame(columns);
    }
}
