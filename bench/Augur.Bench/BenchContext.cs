using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Augur.Bench;

/// <summary>Shared services for benchmarks: paths, timing, running the Python reference, and writing results.</summary>
public sealed class BenchContext
{
    public BenchContext(string repoRoot, string[] args)
    {
        RepoRoot = repoRoot;
        Args = args;
        WorkDir = Path.Combine(repoRoot, "bench", ".work");
        Directory.CreateDirectory(WorkDir);
    }

    /// <summary>The repository root.</summary>
    public string RepoRoot { get; }

    /// <summary>Arguments after the benchmark name.</summary>
    public string[] Args { get; }

    /// <summary>A scratch folder for generated data (ignored by git).</summary>
    public string WorkDir { get; }

    /// <summary>True when <c>--quick</c> was passed: smaller data, for a smoke run.</summary>
    public bool Quick => Args.Contains("--quick");

    /// <summary>The Python with Debian's scientific packages.</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Runs <c>bench/python/{script}</c> with arguments and parses the JSON document it prints last on stdout.</summary>
    public JsonElement RunPython(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(RepoRoot, "bench", "python", script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start python");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{script} failed ({p.ExitCode}): {stderr.Result}");
        var last = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        using var doc = JsonDocument.Parse(last);
        return doc.RootElement.Clone();
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="repeats"/> times after <paramref name="warmup"/> warm-up runs and returns the median seconds.</summary>
    public static double MedianSeconds(Action action, int repeats = 5, int warmup = 1)
    {
        for (var i = 0; i < warmup; i++) action();
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }

    /// <summary>Writes (replacing) <c>bench/results/{name}.md</c>; <c>bench/RESULTS.md</c> is assembled from these files.</summary>
    public void WriteSection(string name, string markdown)
    {
        var dir = Path.Combine(RepoRoot, "bench", "results");
        Directory.CreateDirectory(dir);
        var header = new StringBuilder();
        header.AppendLine($"<!-- written by `dotnet run -c Release --project bench/Augur.Bench -- {name}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores -->");
        File.WriteAllText(Path.Combine(dir, name + ".md"), header + markdown);
        Console.WriteLine(markdown);
    }
}
