using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;

namespace Augur.Data;

/// <summary>Reads and writes frames as Parquet with Parquet.Net, keeping Augur's column types in the file's key/value metadata.</summary>
internal static class ParquetFrameIO
{
    /// <summary>The key/value metadata entry that describes the frame's columns.</summary>
    public const string MetadataKey = "augur.frame";

    private const int RowGroupSize = 1 << 20;

    public static void Write(Frame frame, Stream stream)
    {
        if (!stream.CanWrite) throw new ArgumentException("the stream cannot be written", nameof(stream));
        if (!stream.CanSeek || !stream.CanRead)
        {
            using var buffer = new MemoryStream();
            Write(frame, buffer);
            buffer.Position = 0;
            buffer.CopyTo(stream);
            return;
        }
        WriteAsync(frame, stream).GetAwaiter().GetResult();
    }

    private static async Task WriteAsync(Frame frame, Stream stream)
    {
        if (frame.ColumnCount == 0) throw new AugurException("cannot write a frame with no columns as Parquet");
        var fields = new List<DataField>();
        var meta = new JsonArray();
        foreach (var c in frame.Columns)
        {
            fields.Add(c.Type switch
            {
                ColumnType.Float64 or ColumnType.Sparse => new DataField<double?>(c.Name),
                ColumnType.Int64 => new DataField<long?>(c.Name),
                ColumnType.Bool => new DataField<bool?>(c.Name),
                ColumnType.String or ColumnType.Categorical => new DataField<string>(c.Name, true),
                ColumnType.DateTime => new DateTimeDataField(c.Name, DateTimeFormat.Impala, false, null, true),
                _ => throw new AugurException($"column '{c.Name}' has type {c.Type.ToName()}, which cannot be written as Parquet"),
            });
            var entry = new JsonObject { ["name"] = c.Name, ["type"] = c.Type.ToName() };
            if (c is CategoricalColumn cat) entry["categories"] = new JsonArray(cat.Categories.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            meta.Add(entry);
        }
        var schema = new ParquetSchema(fields);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream).ConfigureAwait(false);
        writer.CustomMetadata = new Dictionary<string, string>
        {
            [MetadataKey] = new JsonObject { ["version"] = 1, ["columns"] = meta }.ToJsonString(),
        };
        var n = frame.RowCount;
        for (var start = 0; start < n || (n == 0 && start == 0); start += RowGroupSize)
        {
            var count = Math.Min(RowGroupSize, n - start);
            using var group = writer.CreateRowGroup();
            for (var j = 0; j < frame.ColumnCount; j++)
            {
                var c = frame[j];
                var field = fields[j];
                switch (c.Type)
                {
                    case ColumnType.Float64 or ColumnType.Sparse:
                    {
                        var values = new double?[count];
                        for (var i = 0; i < count; i++)
                        {
                            var v = c.GetDouble(start + i);
                            values[i] = double.IsNaN(v) ? null : v;
                        }
                        await group.WriteAsync<double>(field, values).ConfigureAwait(false);
                        break;
                    }
                    case ColumnType.Int64:
                    {
                        var col = (Int64Column)c;
                        var values = new long?[count];
                        for (var i = 0; i < count; i++) values[i] = col[start + i];
                        await group.WriteAsync<long>(field, values).ConfigureAwait(false);
                        break;
                    }
                    case ColumnType.Bool:
                    {
                        var col = (BoolColumn)c;
                        var values = new bool?[count];
                        for (var i = 0; i < count; i++) values[i] = col[start + i];
                        await group.WriteAsync<bool>(field, values).ConfigureAwait(false);
                        break;
                    }
                    case ColumnType.DateTime:
                    {
                        var col = (DateTimeColumn)c;
                        var values = new DateTime?[count];
                        for (var i = 0; i < count; i++) values[i] = col[start + i];
                        await group.WriteAsync<DateTime>(field, values).ConfigureAwait(false);
                        break;
                    }
                    default:
                    {
                        var values = new string?[count];
                        for (var i = 0; i < count; i++) values[i] = c.IsMissing(start + i) ? null : (string)c.GetValue(start + i)!;
                        await group.WriteAsync(field, values!).ConfigureAwait(false);
                        break;
                    }
                }
            }
            if (n == 0) break;
        }
    }

    public static Frame Read(Stream stream, string what)
    {
        try
        {
            return ReadAsync(stream).GetAwaiter().GetResult();
        }
        catch (AugurException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new AugurException($"cannot read {what} as Parquet: it is not a Parquet file or it is damaged ({e.Message})", e);
        }
    }

    private sealed record ColumnInfo(string Name, ColumnType Type, string[]? Categories);

    private static async Task<Frame> ReadAsync(Stream stream)
    {
        await using var reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true).ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        if (reader.Schema.Fields.Count != fields.Length || fields.Any(f => f.MaxRepetitionLevel > 0))
            throw new AugurException("the Parquet file has nested or repeated columns (structs, lists or maps), which a frame cannot hold; flatten them first");
        var info = ReadMetadata(reader.CustomMetadata, fields);
        var groups = Enumerable.Range(0, reader.RowGroupCount).Select(reader.OpenRowGroupReader).ToArray();
        var total = groups.Sum(g => g.RowCount);
        if (total > Array.MaxLength) throw new AugurException($"the Parquet file has {total} rows, more than a frame can hold");
        var n = (int)total;
        var columns = new Column[fields.Length];
        for (var j = 0; j < fields.Length; j++)
        {
            var field = fields[j];
            var name = field.Name;
            var type = field.ClrType;
            Column column;
            if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
            {
                var values = new string?[n];
                var offset = 0;
                foreach (var g in groups)
                {
                    var count = (int)g.RowCount;
                    await g.ReadAsync(field, values.AsMemory(offset, count)).ConfigureAwait(false);
                    offset += count;
                }
                column = new StringColumn(name, values);
            }
            else if (type == typeof(double)) column = Float(name, await ReadStruct<double>(groups, field, n).ConfigureAwait(false), v => v);
            else if (type == typeof(float)) column = Float(name, await ReadStruct<float>(groups, field, n).ConfigureAwait(false), v => v);
            else if (type == typeof(decimal)) column = Float(name, await ReadStruct<decimal>(groups, field, n).ConfigureAwait(false), v => (double)v);
            else if (type == typeof(long)) column = Int(name, await ReadStruct<long>(groups, field, n).ConfigureAwait(false), v => v);
            else if (type == typeof(int)) column = Int(name, await ReadStruct<int>(groups, field, n).ConfigureAwait(false), v => v);
            else if (type == typeof(short)) column = Int(name, await ReadStruct<short>(groups, field, n).ConfigureAwait(false), v => v);
            else if (type == typeof(sbyte)) column = Int(name, await ReadStruct<sbyte>(groups, field, n).ConfigureAwait(false), v => v);
            else if (type == typeof(byte)) column = Int(name, await ReadStruct<byte>(groups, field, n).ConfigureAwait(false), v => v);
            else if (type == typeof(ushort)) column = Int(name, await ReadStruct<ushort>(groups, field, n).ConfigureAwait(false), v => v);
            else if (type == typeof(uint)) column = Int(name, await ReadStruct<uint>(groups, field, n).ConfigureAwait(false), v => v);
            else if (type == typeof(ulong))
                column = Int(name, await ReadStruct<ulong>(groups, field, n).ConfigureAwait(false),
                    v => v <= long.MaxValue ? (long)v : throw new AugurException($"column '{name}' holds the unsigned value {v}, which does not fit in int64"));
            else if (type == typeof(bool))
            {
                var values = await ReadStruct<bool>(groups, field, n).ConfigureAwait(false);
                column = new BoolColumn(name, values.Select(v => v ?? false).ToArray(), values.Select(v => v is null).ToArray());
            }
            else if (type == typeof(DateTime))
            {
                var values = await ReadStruct<DateTime>(groups, field, n).ConfigureAwait(false);
                column = new DateTimeColumn(name, values.Select(v => v?.Ticks ?? 0).ToArray(), values.Select(v => v is null).ToArray());
            }
            else if (type == typeof(DateOnly))
            {
                var values = await ReadStruct<DateOnly>(groups, field, n).ConfigureAwait(false);
                column = new DateTimeColumn(name, values.Select(v => v?.ToDateTime(TimeOnly.MinValue).Ticks ?? 0).ToArray(), values.Select(v => v is null).ToArray());
            }
            else throw new AugurException($"column '{name}' of the Parquet file holds {type.Name} values, which a frame cannot hold");
            columns[j] = Restore(column, info?[j]);
        }
        return new Frame(columns);
    }

    private static async Task<T?[]> ReadStruct<T>(ParquetRowGroupReader[] groups, DataField field, int n) where T : struct
    {
        var values = new T?[n];
        var offset = 0;
        foreach (var g in groups)
        {
            var count = (int)g.RowCount;
            if (field.IsNullable) await g.ReadAsync<T>(field, values.AsMemory(offset, count)).ConfigureAwait(false);
            else
            {
                var plain = new T[count];
                await g.ReadAsync<T>(field, plain.AsMemory()).ConfigureAwait(false);
                for (var i = 0; i < count; i++) values[offset + i] = plain[i];
            }
            offset += count;
        }
        return values;
    }

    private static Float64Column Float<T>(string name, T?[] values, Func<T, double> convert) where T : struct =>
        new(name, values.Select(v => v is { } x ? convert(x) : double.NaN).ToArray());

    private static Int64Column Int<T>(string name, T?[] values, Func<T, long> convert) where T : struct =>
        new(name, values.Select(v => v is { } x ? convert(x) : 0L).ToArray(), values.Select(v => v is null).ToArray());

    /// <summary>The column types recorded by Augur, or null when the file has none (or they do not match its schema).</summary>
    private static ColumnInfo[]? ReadMetadata(IReadOnlyDictionary<string, string>? metadata, DataField[] fields)
    {
        if (metadata is null || !metadata.TryGetValue(MetadataKey, out var json)) return null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new AugurException($"the Parquet file's '{MetadataKey}' metadata is not valid JSON ({e.Message})", e);
        }
        if (root?["columns"] is not JsonArray array || array.Count != fields.Length) return null;
        var result = new ColumnInfo[array.Count];
        for (var j = 0; j < array.Count; j++)
        {
            var name = array[j]?["name"]?.GetValue<string>();
            var typeName = array[j]?["type"]?.GetValue<string>();
            if (name != fields[j].Name || typeName is null || !ColumnTypeExtensions.TryParse(typeName, out var type)) return null;
            var categories = array[j]?["categories"] is JsonArray cats ? cats.Select(c => c?.GetValue<string>() ?? "").ToArray() : null;
            result[j] = new ColumnInfo(name, type, categories);
        }
        return result;
    }

    private static Column Restore(Column column, ColumnInfo? info)
    {
        if (info is null) return column;
        switch (info.Type)
        {
            case ColumnType.Categorical when column is StringColumn s:
                if (info.Categories is null) return s.ToCategorical();
                try
                {
                    return CategoricalColumn.FromStrings(column.Name, s.Values, info.Categories);
                }
                catch (ArgumentException e)
                {
                    throw new AugurException($"the categories recorded for column '{column.Name}' in the Parquet metadata are invalid ({e.Message})", e);
                }
            case ColumnType.Sparse when column is Float64Column f:
            {
                var rows = new List<int>();
                var values = new List<double>();
                for (var i = 0; i < f.Length; i++)
                {
                    var v = f[i];
                    if (v != 0 && !double.IsNaN(v))
                    {
                        rows.Add(i);
                        values.Add(v);
                    }
                }
                return new SparseColumn(column.Name, f.Length, rows.ToArray(), values.ToArray());
            }
            default:
                return column;
        }
    }
}
