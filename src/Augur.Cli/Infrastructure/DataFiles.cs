using Augur.Data;

namespace Augur.Cli.Infrastructure;

/// <summary>Reads and writes data files by extension: Parquet for <c>.parquet</c>, CSV (delimiter detected) otherwise.</summary>
public static class DataFiles
{
    /// <summary>Reads a data file.</summary>
    public static Frame Load(string path)
    {
        if (!File.Exists(path)) throw new AugurException($"data file '{path}' does not exist");
        return IsParquet(path) ? Frame.ReadParquet(path) : Frame.ReadCsv(path);
    }

    /// <summary>Writes a data file (Parquet for <c>.parquet</c>, CSV otherwise).</summary>
    public static void Save(Frame frame, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        if (IsParquet(path)) frame.WriteParquet(path);
        else frame.WriteCsv(path);
    }

    private static bool IsParquet(string path) =>
        path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pq", StringComparison.OrdinalIgnoreCase);
}
