using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;
using Augur.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Augur.Bench;

/// <summary>
/// Serving throughput and latency: <c>wrk</c> on loopback sends single-row Open Inference Protocol requests (64
/// connections, 30 s) to Augur's server (Kestrel, in this process) and, in the same run, to a Flask + scikit-learn app of
/// the same model shape under gunicorn. Models: a logistic regression and a 100-tree gradient-boosting classifier (plus
/// Gaussian naive Bayes) on 10 numeric features. wrk shares the machine's cores with the server under test.
/// </summary>
public sealed partial class ServingBenchmark : IBenchmark
{
    private const int Features = 10;

    /// <inheritdoc />
    public string Name => "serving";

    /// <inheritdoc />
    public string Description => "augur serve vs Flask+gunicorn: single-row requests/s and p50/p99 latency under wrk (64 connections)";

    private sealed record Reading(double Rps, double P50, double P99, long Requests, long Errors);

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        if (!File.Exists("/usr/bin/wrk") && Which("wrk") is null)
            throw new InvalidOperationException("the serving benchmark needs wrk (Debian: apt-get install wrk) and Flask/gunicorn (apt-get install python3-flask gunicorn)");
        var duration = context.Quick ? 5 : 30;
        const int connections = 64;
        const int threads = 2;

        var (x, y) = MakeData(5000);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", x.ColumnNames) + ",label");
        var cols = x.Columns.Select(c => c.ToDoubleArray()).ToArray();
        var labels = ((Int64Column)y).Values.ToArray();
        for (var i = 0; i < x.RowCount; i++)
            csv.AppendLine(string.Join(",", cols.Select(c => c[i].ToString("R", CultureInfo.InvariantCulture))) + "," + labels[i].ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(context.WorkDir, "serving.csv"), csv.ToString());

        var folder = Path.Combine(context.WorkDir, "serving-models");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var models = new List<(string Kind, string Shape)>();
        foreach (var (kind, shape, options) in new (string, string, Dictionary<string, object?>)[]
        {
            ("logistic", "logistic regression", new()),
            ("gbdt", "gradient boosting, 100 trees", new() { ["n_estimators"] = 100 }),
            ("gaussian-nb", "Gaussian naive Bayes", new()),
        })
        {
            if (!EstimatorCatalog.TryGet(kind, out _))
            {
                Console.WriteLine($"serving: model '{kind}' is not in this build; skipped");
                continue;
            }
            var estimator = EstimatorCatalog.Create(kind, ModelTask.BinaryClassification);
            if (options.Count > 0) estimator = EstimatorParameters.With(estimator, options);
            var model = estimator.Fit(x, y);
            ModelFile.Save(model, Path.Combine(folder, kind, "1", "model.augur"));
            models.Add((kind, shape));
        }

        // One row, as a single 2-D FP64 tensor: the request both servers get.
        var row = string.Join(", ", cols.Select(c => c[17].ToString("R", CultureInfo.InvariantCulture)));
        var body = $$"""{"inputs": [{"name": "input", "datatype": "FP64", "shape": [1, {{Features}}], "data": [[{{row}}]]}]}""";
        var lua = Path.Combine(context.WorkDir, "serving.lua");
        File.WriteAllText(lua, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [==[" + body + "]==]\n");

        var augur = new Dictionary<string, Reading>();
        var flask = new Dictionary<string, Reading>();
        var flaskServer = "flask+gunicorn";
        var app = StartServer(folder);
        try
        {
            var address = AugurServer.Addresses(app).Single();
            using (var client = new HttpClient())
                foreach (var (kind, _) in models)
                {
                    var response = client.PostAsync($"{address}/v2/models/{kind}/infer", new StringContent(body, Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
                    if (!response.IsSuccessStatusCode)
                        throw new InvalidOperationException($"{kind}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
                }
            // Warm every model (JIT tiers, pools, connections) before measuring any.
            foreach (var (kind, _) in models) Wrk(threads, connections, 3, lua, $"{address}/v2/models/{kind}/infer", latency: false);
            foreach (var (kind, _) in models)
            {
                var target = $"{address}/v2/models/{kind}/infer";
                augur[kind] = Wrk(threads, connections, duration, lua, target, latency: true);
                Console.WriteLine($"serving: augur {kind}: {augur[kind]}");
            }
        }
        finally
        {
            app.StopAsync().GetAwaiter().GetResult();
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        foreach (var (kind, _) in models)
        {
            var py = context.RunPython("serving.py", context.WorkDir, kind, FreePort().ToString(CultureInfo.InvariantCulture), lua,
                duration.ToString(CultureInfo.InvariantCulture), connections.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture));
            flask[kind] = new Reading(py.GetProperty("rps").GetDouble(), py.GetProperty("p50").GetDouble(), py.GetProperty("p99").GetDouble(),
                py.GetProperty("requests").GetInt64(), py.GetProperty("errors").GetInt64());
            flaskServer = py.GetProperty("server").GetString()!;
            Console.WriteLine($"serving: flask {kind}: {flask[kind]}");
        }

        var md = new StringBuilder();
        md.AppendLine("## serving");
        md.AppendLine();
        md.AppendLine($"Single-row Open Inference Protocol requests (`POST /v2/models/<m>/infer`, one `[1, {Features}]` FP64 tensor; the answer holds the label and the class");
        md.AppendLine($"probabilities) from `wrk -t{threads} -c{connections} -d{duration}s --latency` on loopback, sharing the machine's {Environment.ProcessorCount} cores with the server.");
        md.AppendLine($"Augur: `augur serve` (Kestrel, in the benchmark process). Reference: the same model shape in scikit-learn {SklearnNote()} behind Flask under {flaskServer}.");
        md.AppendLine("Models trained on the same 5,000 × 10 synthetic rows. Goals: ≥ 15,000 requests/s, p99 < 5 ms, ≥ 10× Flask's throughput.");
        md.AppendLine();
        md.AppendLine("| model | server | requests/s | p50 | p99 | non-2xx | Augur / Flask |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var (kind, shape) in models)
        {
            var a = augur[kind];
            var f = flask[kind];
            md.AppendLine($"| {shape} | augur serve | {a.Rps:N0} | {Ms(a.P50)} | {Ms(a.P99)} | {a.Errors} | **{a.Rps / f.Rps:F1}×** |");
            md.AppendLine($"| {shape} | Flask + scikit-learn | {f.Rps:N0} | {Ms(f.P50)} | {Ms(f.P99)} | {f.Errors} | |");
        }
        md.AppendLine();
        foreach (var (kind, shape) in models)
        {
            var a = augur[kind];
            var ok = a.Rps >= 15000 && a.P99 < 0.005 && a.Rps >= 10 * flask[kind].Rps;
            md.AppendLine($"- {shape}: {(ok ? "meets" : "misses")} the goals ({a.Rps:N0} req/s, p99 {Ms(a.P99)}, {a.Rps / flask[kind].Rps:F1}× Flask).");
        }
        if (context.Quick) md.AppendLine("- `--quick`: 5-second runs; the numbers are indicative only.");
        if (LoadAverage() is { } load)
            md.AppendLine($"- Load average when the run ended: {load} (on {Environment.ProcessorCount} cores; wrk, the server and the Flask workers account for most of it — a much higher figure means something else was running and the latencies are not representative).");
        context.WriteSection("serving", md.ToString());
    }

    private static string SklearnNote() => "1.2.1 (LogisticRegression, HistGradientBoostingClassifier max_iter=100, GaussianNB)";

    private static string Ms(double seconds) => (seconds * 1000).ToString("F2", CultureInfo.InvariantCulture) + " ms";

    private static WebApplication StartServer(string folder)
    {
        var builder = AugurServer.CreateBuilder(new ServerOptions { ModelPath = folder, Port = 0, HotReload = false });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = AugurServer.Build(builder);
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }

    /// <summary>Reproducible data: 10 standard-normal features, a logistic label with an interaction so trees have work.</summary>
    private static (Frame X, Column Y) MakeData(int n)
    {
        var rng = new Rng(42);
        var columns = new double[Features][];
        for (var j = 0; j < Features; j++) columns[j] = new double[n];
        var y = new long[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < Features; j++) columns[j][i] = rng.NextGaussian();
            var s = 0.8 * columns[0][i] - 0.6 * columns[1][i] + 0.5 * columns[2][i] * columns[3][i] + 0.3 * columns[4][i] - 0.2;
            y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-2 * s)) ? 1 : 0;
        }
        var x = new Frame(Enumerable.Range(0, Features).Select(j => (Column)new Float64Column($"f{j}", columns[j])));
        return (x, new Int64Column("label", y));
    }

    private static Reading Wrk(int threads, int connections, int seconds, string lua, string url, bool latency)
    {
        var psi = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "-s", lua })
            psi.ArgumentList.Add(a);
        if (latency) psi.ArgumentList.Add("--latency");
        psi.ArgumentList.Add(url);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start wrk");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"wrk failed: {stderr.Result}");
        return Parse(stdout.Result);
    }

    private static Reading Parse(string text)
    {
        double Seconds(Match m) => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * m.Groups[3].Value switch
        {
            "us" => 1e-6,
            "ms" => 1e-3,
            "m" => 60,
            _ => 1,
        };
        var lat = LatencyLine().Matches(text).ToDictionary(m => m.Groups[1].Value, Seconds);
        var rps = double.Parse(RpsLine().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var total = long.Parse(TotalLine().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = ErrorsLine().Match(text) is { Success: true } e ? long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new Reading(rps, lat.GetValueOrDefault("50", double.NaN), lat.GetValueOrDefault("99", double.NaN), total, errors);
    }

    [GeneratedRegex(@"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsLine();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex ErrorsLine();

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
