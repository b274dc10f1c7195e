using System.Globalization;
using Augur.Data;

namespace Augur.Tests;

/// <summary>Paths to the repository's bundled data sets and a tiny loader for them.</summary>
public static class TestData
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Augur.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Augur.slnx)");
    });

    /// <summary>The repository root.</summary>
    public static string RepoRoot => s_root.Value;

    /// <summary>The full path of a file under <c>data/</c>.</summary>
    public static string Path(string file) => System.IO.Path.Combine(RepoRoot, "data", file);

    /// <summary>
    /// Loads one of the bundled CSVs (simple files: header, commas, no quotes). Columns whose every value parses as a
    /// number become float64 (empty = NaN); others become string columns. Independent of Augur's own CSV reader on purpose.
    /// </summary>
    public static Frame Load(string file)
    {
        var lines = File.ReadAllLines(Path(file)).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var columns = new List<Column>();
        for (var j = 0; j < header.Length; j++)
        {
            var raw = cells.Select(r => r[j]).ToArray();
            var numbers = new double[raw.Length];
            var numeric = true;
            for (var i = 0; i < raw.Length && numeric; i++)
            {
                if (raw[i].Length == 0 || raw[i] == "NA") numbers[i] = double.NaN;
                else numeric = double.TryParse(raw[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]);
            }
            columns.Add(numeric ? new Float64Column(header[j], numbers) : new StringColumn(header[j], raw.Select(s => s.Length == 0 ? null : s).ToArray()));
        }
        return new Frame(columns);
    }

    /// <summary>Loads a bundled CSV and splits off the target column.</summary>
    public static (Frame X, Column Y) LoadXy(string file, string target)
    {
        var frame = Load(file);
        return (frame.Drop(target), frame[target]);
    }
}
