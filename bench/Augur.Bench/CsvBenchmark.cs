using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Augur.Data;
using Augur.Numerics;

namespace Augur.Bench;

/// <summary>
/// Reads a 1,000,000 × 28 numeric CSV (20 float and 8 integer columns; 100,000 rows with <c>--quick</c>) with
/// <see cref="Frame.ReadCsv(string, CsvReadOptions?)"/> and with <c>pandas.read_csv</c>: median time of several reads
/// in the same run, and peak memory of one read, each in a fresh child process.
/// Goals: at least 2× faster than pandas, peak memory no more than pandas'.
/// </summary>
public sealed class CsvBenchmark : IBenchmark
{
    private const string MemoryChild = "--memory-child";
    private const int Columns = 28;

    /// <inheritdoc />
    public string Name => "csv";

    /// <inheritdoc />
    public string Description => "CSV read, 1,000,000 x 28 numeric (--quick: 100,000 rows): Augur vs pandas.read_csv, time and peak memory";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var child = Array.IndexOf(context.Args, MemoryChild);
        if (child >= 0)
        {
            RunMemoryChild(context.Args[child + 1]);
            return;
        }

        var rows = context.Quick ? 100_000 : 1_000_000;
        var repeats = context.Quick ? 3 : 5;
        var path = Path.Combine(context.WorkDir, $"csv_{rows}x{Columns}_v1.csv");
        if (!File.Exists(path)) Generate(path, rows);
        var size = new FileInfo(path).Length;
        Console.WriteLine($"data: {path} ({size / 1e6:F0} MB)");

        Frame? frame = null;
        var augurSeconds = BenchContext.MedianSeconds(() => frame = Frame.ReadCsv(path), repeats);
        if (frame!.RowCount != rows || frame.ColumnCount != Columns) throw new InvalidOperationException("Augur read the wrong shape");
        frame = null;
        var pandas = context.RunPython("csv_read.py", "time", path, repeats.ToString(CultureInfo.InvariantCulture));
        if (pandas.GetProperty("rows").GetInt32() != rows) throw new InvalidOperationException("pandas read the wrong shape");
        var pandasSeconds = pandas.GetProperty("median_s").GetDouble();

        var augurMemory = RunSelfForMemory(path);
        var pandasMemory = context.RunPython("csv_read.py", "memory", path);
        var augurPeak = augurMemory.GetProperty("peak_mb").GetDouble();
        var augurBase = augurMemory.GetProperty("baseline_mb").GetDouble();
        var pandasPeak = pandasMemory.GetProperty("peak_mb").GetDouble();
        var pandasBase = pandasMemory.GetProperty("baseline_mb").GetDouble();

        var speedup = pandasSeconds / augurSeconds;
        var memoryRatio = augurPeak / pandasPeak;
        var md = new StringBuilder();
        md.AppendLine("## CSV reading");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{rows:N0} rows × {Columns} numeric columns (20 float, 8 integer), {size / 1e6:F0} MB; `Frame.ReadCsv` (type inference on, " +
            $"{Environment.ProcessorCount} cores) vs `pandas.read_csv` {pandas.GetProperty("pandas").GetString()} (defaults). " +
            $"Time: median of {repeats} reads after a warm-up, same run. Memory: peak resident set of a fresh process doing one read.");
        md.AppendLine();
        md.AppendLine("| measure | Augur | pandas | ratio | goal |");
        md.AppendLine("|---|---:|---:|---:|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| read time (s) | {augurSeconds:F3} | {pandasSeconds:F3} | {speedup:F2}× faster | ≥ 2× faster: {(speedup >= 2 ? "met" : "not met")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| peak memory (MB) | {augurPeak:F0} | {pandasPeak:F0} | {memoryRatio:F2} | ≤ 1: {(memoryRatio <= 1 ? "met" : "not met")} |");
        var pandasAbove = pandasPeak - pandasBase;
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| peak above start-up (MB) | {augurPeak - augurBase:F0} | {pandasAbove:F0} | {(pandasAbove > 0 ? ((augurPeak - augurBase) / pandasAbove).ToString("F2", CultureInfo.InvariantCulture) : "—")} | |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"The result itself takes {rows * Columns * 8 / 1e6:F0} MB (8 bytes per value) in both.");
        context.WriteSection(Name, md.ToString());
    }

    /// <summary>Writes the benchmark file: reproducible values from <see cref="Rng"/>, floats with six decimals at five scales, integers.</summary>
    private static void Generate(string path, int rows)
    {
        var rng = new Rng(20240601);
        var tmp = path + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using (var writer = new StreamWriter(tmp, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.Write(string.Join(",", Enumerable.Range(0, 20).Select(j => $"f{j}").Concat(Enumerable.Range(0, 8).Select(j => $"i{j}"))));
            writer.Write('\n');
            Span<char> buffer = stackalloc char[64];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < Columns; j++)
                {
                    if (j > 0) writer.Write(',');
                    int n;
                    if (j < 20)
                    {
                        var scale = Math.Pow(10, j % 5);
                        var v = Math.Round(rng.NextGaussian() * scale, 6);
                        v.TryFormat(buffer, out n, "R", CultureInfo.InvariantCulture);
                    }
                    else
                    {
                        var v = rng.NextInt(-1000, 100_000);
                        v.TryFormat(buffer, out n, default, CultureInfo.InvariantCulture);
                    }
                    writer.Write(buffer[..n]);
                }
                writer.Write('\n');
            }
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Starts this executable again to read the file once and report its peak memory.</summary>
    private static JsonElement RunSelfForMemory(string path)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(typeof(CsvBenchmark).Assembly.Location);
        foreach (var a in new[] { "csv", MemoryChild, path }) psi.ArgumentList.Add(a);
        psi.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the memory child");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"memory child failed ({p.ExitCode}): {stderr.Result}");
        var last = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        using var doc = JsonDocument.Parse(last);
        return doc.RootElement.Clone();
    }

    private static void RunMemoryChild(string path)
    {
        var baseline = PeakMegabytes();
        var frame = Frame.ReadCsv(path);
        var peak = PeakMegabytes();
        GC.KeepAlive(frame);
        Console.WriteLine(JsonSerializer.Serialize(new { peak_mb = peak, baseline_mb = baseline, rows = frame.RowCount, columns = frame.ColumnCount }));
    }

    /// <summary>The peak resident set size (VmHWM on Linux; the peak working set elsewhere).</summary>
    private static double PeakMegabytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return double.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
