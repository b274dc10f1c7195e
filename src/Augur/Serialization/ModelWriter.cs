using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data;
using Augur.Numerics;

namespace Augur.Serialization;

/// <summary>
/// Writes one model's fitted state into a model file: scalars, strings and small records go into the JSON manifest;
/// arrays go into checksummed binary payloads; nested models get their own section. Each key may be written once.
/// </summary>
public sealed class ModelWriter
{
    private readonly PayloadSink _sink;
    private readonly JsonObject _fields = new();
    private readonly string _path;

    internal ModelWriter(string kind, PayloadSink sink, string path)
    {
        Kind = kind;
        _sink = sink;
        _path = path;
    }

    /// <summary>The kind of the model being written.</summary>
    public string Kind { get; }

    internal JsonObject ToNode() => new() { ["kind"] = Kind, ["fields"] = _fields };

    internal static JsonObject WriteModel(IModel model, PayloadSink sink, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!ModelRegistry.IsRegistered(model.Kind))
            throw new InvalidOperationException($"model kind '{model.Kind}' is not registered in ModelRegistry, so it could not be loaded back");
        var writer = new ModelWriter(model.Kind, sink, path);
        model.Save(writer);
        return writer.ToNode();
    }

    private void Put(string key, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (_fields.ContainsKey(key)) throw new InvalidOperationException($"field '{key}' of '{Kind}' was written twice");
        _fields[key] = value;
    }

    /// <summary>Writes a double (NaN and infinities allowed).</summary>
    public void Write(string key, double value) =>
        Put(key, double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity"));

    /// <summary>Writes a 64-bit integer.</summary>
    public void Write(string key, long value) => Put(key, JsonValue.Create(value));

    /// <summary>Writes a 32-bit integer.</summary>
    public void Write(string key, int value) => Put(key, JsonValue.Create(value));

    /// <summary>Writes a boolean.</summary>
    public void Write(string key, bool value) => Put(key, JsonValue.Create(value));

    /// <summary>Writes a short string (or null); use <see cref="WriteText"/> for large text.</summary>
    public void Write(string key, string? value) => Put(key, value is null ? null : JsonValue.Create(value));

    /// <summary>Writes a list of strings (null entries allowed).</summary>
    public void Write(string key, IReadOnlyList<string?> values)
    {
        var array = new JsonArray();
        foreach (var v in values) array.Add(v is null ? null : JsonValue.Create(v));
        Put(key, new JsonObject { ["$strings"] = array });
    }

    private JsonObject Payload(string dtype, int length, ReadOnlySpan<byte> bytes)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("model files are written little-endian");
        var (name, sha) = _sink.Add(bytes);
        return new JsonObject { ["$array"] = dtype, ["entry"] = name, ["length"] = length, ["sha256"] = sha };
    }

    /// <summary>Writes an array of doubles as a binary payload (bit-exact).</summary>
    public void Write(string key, ReadOnlySpan<double> values) => Put(key, Payload("f64", values.Length, MemoryMarshal.AsBytes(values)));

    /// <summary>Writes an array of floats as a binary payload.</summary>
    public void Write(string key, ReadOnlySpan<float> values) => Put(key, Payload("f32", values.Length, MemoryMarshal.AsBytes(values)));

    /// <summary>Writes an array of 32-bit integers as a binary payload.</summary>
    public void Write(string key, ReadOnlySpan<int> values) => Put(key, Payload("i32", values.Length, MemoryMarshal.AsBytes(values)));

    /// <summary>Writes an array of 64-bit integers as a binary payload.</summary>
    public void Write(string key, ReadOnlySpan<long> values) => Put(key, Payload("i64", values.Length, MemoryMarshal.AsBytes(values)));

    /// <summary>Writes raw bytes as a binary payload.</summary>
    public void WriteBytes(string key, ReadOnlySpan<byte> values) => Put(key, Payload("u8", values.Length, values));

    /// <summary>Writes a booleans array as a binary payload.</summary>
    public void Write(string key, ReadOnlySpan<bool> values)
    {
        var bytes = new byte[values.Length];
        for (var i = 0; i < values.Length; i++) bytes[i] = values[i] ? (byte)1 : (byte)0;
        Put(key, Payload("bool", values.Length, bytes));
    }

    /// <summary>Writes a large text (for example a LightGBM model) as a UTF-8 payload.</summary>
    public void WriteText(string key, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Put(key, Payload("utf8", bytes.Length, bytes));
    }

    /// <summary>Writes a dense matrix.</summary>
    public void Write(string key, Matrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var data = Payload("f64", matrix.Data.Length, MemoryMarshal.AsBytes(matrix.Data.AsSpan()));
        Put(key, new JsonObject { ["$matrix"] = new JsonObject { ["rows"] = matrix.Rows, ["cols"] = matrix.Cols, ["data"] = data } });
    }

    /// <summary>Writes a column of any type (values, missing flags, categories).</summary>
    public void Write(string key, Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var o = new JsonObject { ["name"] = column.Name, ["type"] = column.Type.ToName(), ["length"] = column.Length };
        switch (column)
        {
            case Float64Column f:
                o["values"] = Payload("f64", f.Length, MemoryMarshal.AsBytes(f.Values));
                break;
            case Int64Column i:
                o["values"] = Payload("i64", i.Length, MemoryMarshal.AsBytes(i.Values));
                if (i.MissingCount > 0) o["missing"] = BoolPayload(i.Missing);
                break;
            case BoolColumn b:
                o["values"] = BoolPayload(b.Values);
                if (b.MissingCount > 0) o["missing"] = BoolPayload(b.Missing);
                break;
            case StringColumn s:
            {
                var array = new JsonArray();
                foreach (var v in s.Values) array.Add(v is null ? null : JsonValue.Create(v));
                o["values"] = array;
                break;
            }
            case CategoricalColumn c:
            {
                o["codes"] = Payload("i32", c.Length, MemoryMarshal.AsBytes(c.Codes));
                var cats = new JsonArray();
                foreach (var v in c.Categories) cats.Add(JsonValue.Create(v));
                o["categories"] = cats;
                break;
            }
            case DateTimeColumn d:
                o["values"] = Payload("i64", d.Length, MemoryMarshal.AsBytes(d.Ticks));
                if (d.MissingCount > 0) o["missing"] = BoolPayload(d.Missing);
                break;
            case SparseColumn sp:
                o["rows"] = Payload("i32", sp.NonZeroCount, MemoryMarshal.AsBytes(sp.Rows));
                o["values"] = Payload("f64", sp.NonZeroCount, MemoryMarshal.AsBytes(sp.StoredValues));
                break;
            default:
                throw new NotSupportedException($"column type {column.GetType().Name} cannot be written");
        }
        Put(key, new JsonObject { ["$column"] = o });
    }

    private JsonObject BoolPayload(ReadOnlySpan<bool> values)
    {
        var bytes = new byte[values.Length];
        for (var i = 0; i < values.Length; i++) bytes[i] = values[i] ? (byte)1 : (byte)0;
        return Payload("bool", values.Length, bytes);
    }

    /// <summary>Writes class labels.</summary>
    public void Write(string key, ClassLabels classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        Write(key, classes.Values);
    }

    /// <summary>Writes a model signature.</summary>
    public void Write(string key, ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        Put(key, new JsonObject { ["$signature"] = SignatureJson.ToNode(signature, this, key) });
    }

    /// <summary>Writes a plain data record (options, settings) as JSON with <see cref="AugurJson.Options"/>.</summary>
    public void WriteObject<T>(string key, T value) =>
        Put(key, new JsonObject { ["$json"] = JsonSerializer.SerializeToNode(value, AugurJson.Options) });

    /// <summary>Writes the estimator options this model was fitted with (conventionally under the key <c>options</c>).</summary>
    public void WriteOptions<T>(T options) => WriteObject("options", options);

    /// <summary>Writes a nested model into its own section.</summary>
    public void Write(string key, IModel model) =>
        Put(key, new JsonObject { ["$model"] = WriteModel(model, _sink, $"{_path}.{key}") });

    /// <summary>Writes a list of nested models.</summary>
    public void Write(string key, IReadOnlyList<IModel> models)
    {
        var array = new JsonArray();
        for (var i = 0; i < models.Count; i++) array.Add(WriteModel(models[i], _sink, $"{_path}.{key}[{i}]"));
        Put(key, new JsonObject { ["$models"] = array });
    }

    /// <summary>Writes a column inside a signature node (used by <see cref="SignatureJson"/>).</summary>
    internal JsonNode ColumnNode(Column column)
    {
        var scratch = new ModelWriter(Kind, _sink, _path);
        scratch.Write("c", column);
        var node = scratch._fields["c"]!;
        scratch._fields.Remove("c");
        return node;
    }
}
