namespace Augur.Data;

public sealed partial class Frame
{
    /// <summary>
    /// Reads a Parquet file. Every flat column becomes a typed column (floating point → float64, integers → int64,
    /// booleans → bool, strings → string, timestamps and dates → datetime; nulls are missing values). Files written by
    /// <see cref="WriteParquet(string)"/> come back with the exact column types, including categorical columns with
    /// their categories in order. A file that is not Parquet, or is damaged, gives an <see cref="AugurException"/>.
    /// </summary>
    public static Frame ReadParquet(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new AugurException($"Parquet file '{path}' does not exist");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ParquetFrameIO.Read(stream, $"'{path}'");
    }

    /// <summary>Reads Parquet from a readable, seekable stream (left open).</summary>
    public static Frame ReadParquet(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        return ParquetFrameIO.Read(stream, "the stream");
    }

    /// <summary>
    /// Writes the frame as Parquet (Snappy-compressed, nullable columns, missing values as nulls). Datetimes are
    /// stored as INT96 timestamps (exact to the tick); categorical columns as dictionary-encoded strings with their
    /// categories kept in the file's key/value metadata, so that <see cref="ReadParquet(string)"/> restores them.
    /// </summary>
    public void WriteParquet(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        ParquetFrameIO.Write(this, stream);
    }

    /// <summary>Writes the frame as Parquet to a writable, seekable stream (left open).</summary>
    public void WriteParquet(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ParquetFrameIO.Write(this, stream);
    }
}
