using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Augur.Clustering;
using Augur.Data;
using Augur.Numerics;

namespace Augur.Bench;

/// <summary>
/// k-means on make_blobs(200000, 20, centers=8) with scikit-learn 1.2's defaults (k-means++, n_init=10), Lloyd and
/// Elkan, against scikit-learn on the same data and thread count; Gaussian mixture and DBSCAN on smaller data for
/// information.
/// </summary>
public sealed class ClusteringBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "clustering";

    /// <inheritdoc />
    public string Description => "KMeans (200k×20, k=8), GaussianMixture and DBSCAN against scikit-learn";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var work = Path.Combine(context.WorkDir, "clustering");
        var args = context.Quick ? new[] { work, "--quick" } : new[] { work };
        var py = context.RunPython("clustering.py", args);
        var repeats = context.Quick ? 1 : 3;
        var threads = Environment.ProcessorCount;
        var pyThreads = py.GetProperty("threads").GetInt32();

        Frame Load(string key)
        {
            var info = py.GetProperty(key);
            var rows = info.GetProperty("rows").GetInt32();
            var cols = info.GetProperty("cols").GetInt32();
            var bytes = File.ReadAllBytes(Path.Combine(work, info.GetProperty("file").GetString()!));
            var data = MemoryMarshal.Cast<byte, double>(bytes).ToArray();
            return Frame.FromMatrix(new Matrix(rows, cols, data));
        }

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
        var sb = new StringBuilder();
        sb.AppendLine("## clustering");
        sb.AppendLine();
        sb.AppendLine($"scikit-learn 1.2.1 ({pyThreads} OpenMP threads) and Augur ({threads} cores, Parallel.For) on the same data in the same run; median of {repeats} fits{(context.Quick ? " (--quick: smaller data)" : "")}; load average {load} when the run started.");
        sb.AppendLine();
        sb.AppendLine("| task | data | scikit-learn s | Augur s | ratio (Augur / sklearn) | quality: scikit-learn | quality: Augur |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|");

        var kx = Load("kmeans_data");
        var kdesc = $"make_blobs({kx.RowCount}, {kx.ColumnCount}, centers=8)";
        foreach (var (algorithm, key) in new[] { (KMeansAlgorithm.Lloyd, "kmeans_lloyd"), (KMeansAlgorithm.Elkan, "kmeans_elkan") })
        {
            var estimator = new KMeans { NClusters = 8, NInit = 10, Algorithm = algorithm, RandomState = 0 };
            KMeansModel? model = null;
            var seconds = BenchContext.MedianSeconds(() => model = estimator.Fit(kx), repeats, warmup: 1);
            var reference = py.GetProperty(key);
            var sk = reference.GetProperty("seconds").GetDouble();
            var skLabels = MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(Path.Combine(work, key + "_labels.bin"))).ToArray();
            var ari = AdjustedRandIndex(skLabels, model!.Labels);
            sb.AppendLine(Row($"KMeans k=8, n_init=10, {algorithm.ToString().ToLowerInvariant()}", kdesc, sk, seconds,
                $"inertia {F(reference.GetProperty("inertia").GetDouble())}",
                $"inertia {F(model.Inertia)} (ratio {model.Inertia / reference.GetProperty("inertia").GetDouble():F12}, ARI {ari:F4})"));
        }

        var gx = Load("gmm_data");
        {
            var estimator = new GaussianMixture { NComponents = 5, CovarianceType = CovarianceType.Full };
            GaussianMixtureModel? model = null;
            var seconds = BenchContext.MedianSeconds(() => model = estimator.Fit(gx), repeats, warmup: 1);
            var reference = py.GetProperty("gmm");
            sb.AppendLine(Row("GaussianMixture 5 full components", $"make_blobs({gx.RowCount}, {gx.ColumnCount}, centers=5)",
                reference.GetProperty("seconds").GetDouble(), seconds,
                $"mean log-lik {reference.GetProperty("score").GetDouble():F4}", $"mean log-lik {model!.Score(gx):F4}"));
        }

        var dx = Load("dbscan_data");
        {
            var estimator = new Dbscan { Eps = 0.3, MinSamples = 10 };
            DbscanModel? model = null;
            var seconds = BenchContext.MedianSeconds(() => model = estimator.Fit(dx), repeats, warmup: 1);
            var reference = py.GetProperty("dbscan");
            var expected = MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(Path.Combine(work, "dbscan_labels.bin"))).ToArray();
            var same = expected.SequenceEqual(model!.Labels);
            sb.AppendLine(Row("DBSCAN eps=0.3, min_samples=10", $"make_blobs({dx.RowCount}, 2, centers=5, std=0.5)",
                reference.GetProperty("seconds").GetDouble(), seconds,
                $"{reference.GetProperty("clusters").GetInt32()} clusters, {reference.GetProperty("noise").GetInt32()} noise",
                $"{model.NClusters} clusters, labels {(same ? "identical" : "DIFFER")}"));
        }
        sb.AppendLine();
        sb.AppendLine("Goal: KMeans fit-time ratio ≤ 1.0 at equal or better inertia. GaussianMixture and DBSCAN are for information.");
        context.WriteSection(Name, sb.ToString());
    }

    private static string Row(string task, string data, double sk, double augur, string skQuality, string augurQuality) =>
        $"| {task} | {data} | {sk:F3} | {augur:F3} | {augur / sk:F2} | {skQuality} | {augurQuality} |";

    private static double AdjustedRandIndex(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var table = new Dictionary<(int, int), long>();
        var ra = new Dictionary<int, long>();
        var rb = new Dictionary<int, long>();
        for (var i = 0; i < a.Count; i++)
        {
            table[(a[i], b[i])] = table.GetValueOrDefault((a[i], b[i])) + 1;
            ra[a[i]] = ra.GetValueOrDefault(a[i]) + 1;
            rb[b[i]] = rb.GetValueOrDefault(b[i]) + 1;
        }
        static double C2(long v) => v * (v - 1) / 2.0;
        var index = table.Values.Sum(C2);
        var sa = ra.Values.Sum(C2);
        var sb = rb.Values.Sum(C2);
        var expected = sa * sb / C2(a.Count);
        var max = (sa + sb) / 2;
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
