using System.Reflection;
using Augur.Bench;

var root = FindRoot();
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help" or "list")
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/Augur.Bench -- <benchmark|all> [--quick]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-20} {b.Description}");
    return args.Length == 0 ? 2 : 0;
}

var selected = args[0] == "all" ? benchmarks : benchmarks.Where(b => b.Name == args[0]).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'");
    return 2;
}
foreach (var b in selected)
{
    Console.WriteLine($"== {b.Name}: {b.Description}");
    b.Run(new BenchContext(root, args.Skip(1).ToArray()));
}
WriteSummary(root, benchmarks);
return 0;

// bench/RESULTS.md collects every benchmark's latest section, in a fixed order.
static void WriteSummary(string root, IReadOnlyList<IBenchmark> benchmarks)
{
    var dir = Path.Combine(root, "bench", "results");
    var sb = new System.Text.StringBuilder();
    sb.AppendLine("# Benchmark results");
    sb.AppendLine();
    sb.AppendLine("Each section is written by `dotnet run -c Release --project bench/Augur.Bench -- <name>`, which runs Augur and the");
    sb.AppendLine("Python reference on the same data in the same run; this file is reassembled from `bench/results/*.md` after every run.");
    sb.AppendLine("Ratios are Augur time / reference time (lower is better) unless a section says otherwise.");
    var intro = Path.Combine(dir, "_intro.md");
    if (File.Exists(intro)) { sb.AppendLine(); sb.Append(File.ReadAllText(intro)); }
    foreach (var b in benchmarks)
    {
        var file = Path.Combine(dir, b.Name + ".md");
        if (!File.Exists(file)) continue;
        sb.AppendLine();
        sb.Append(File.ReadAllText(file).TrimEnd());
        sb.AppendLine();
    }
    File.WriteAllText(Path.Combine(root, "bench", "RESULTS.md"), sb.ToString());
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Augur.slnx"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
