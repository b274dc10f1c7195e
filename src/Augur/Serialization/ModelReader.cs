using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data;
using Augur.Numerics;

namespace Augur.Serialization;

/// <summary>
/// Reads one model's fitted state back from a model file. Every getter checks presence, type and size, and throws
/// <see cref="ModelFormatException"/> naming the field when the file does not hold what the loader expects.
/// Nothing read here names a .NET type or runs code.
/// </summary>
public sealed class ModelReader
{
    private readonly JsonObject _fields;
    private readonly PayloadSource _source;
    private readonly string _path;

    internal ModelReader(string kind, JsonObject fields, PayloadSource source, string path)
    {
        Kind = kind;
        _fields = fields;
        _source = source;
        _path = path;
    }

    /// <summary>The kind of the model being read.</summary>
    public string Kind { get; }

    internal static IModel ReadModel(JsonNode? node, PayloadSource source, string path)
    {
        if (node is not JsonObject o) throw Corrupt(path, "a model section is not an object");
        var kind = o["kind"] is JsonValue kv && kv.TryGetValue<string>(out var k) ? k : throw Corrupt(path, "a model section has no kind");
        var fields = o["fields"] as JsonObject ?? throw Corrupt(path, "a model section has no fields");
        var loader = ModelRegistry.GetLoader(kind)
            ?? throw new ModelFormatException(
                $"the model file holds a model of kind '{kind}', which this Augur ({ModelFile.AugurVersion}) does not know; it may need a newer Augur or an Augur package that is not loaded");
        var reader = new ModelReader(kind, fields, source, path);
        IModel model;
        try
        {
            model = loader(reader);
        }
        catch (ModelFormatException) { throw; }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or
                                      OverflowException or FormatException or JsonException or KeyNotFoundException or
                                      InvalidCastException or AugurException or NullReferenceException)
        {
            throw Corrupt(path, $"the '{kind}' model could not be rebuilt from its data ({e.Message})", e);
        }
        if (model.Kind != kind) throw Corrupt(path, $"loader for '{kind}' returned a '{model.Kind}' model");
        return model;
    }

    private static ModelFormatException Corrupt(string path, string what, Exception? inner = null) =>
        new($"corrupt model file: {what} (at {path})", inner);

    private ModelFormatException Corrupt(string key, string what) => Corrupt($"{_path}.{key}", what, null);

    /// <summary>True when the field <paramref name="key"/> was written.</summary>
    public bool Has(string key) => _fields.ContainsKey(key);

    private JsonNode Get(string key) =>
        _fields.TryGetPropertyValue(key, out var node) && node is not null ? node : throw Corrupt(key, "a required field is missing");

    private JsonObject GetTagged(string key, string tag)
    {
        if (Get(key) is JsonObject o && o[tag] is not null) return o;
        throw Corrupt(key, $"the field does not hold a {tag.TrimStart('$')}");
    }

    /// <summary>Reads a double.</summary>
    public double ReadDouble(string key)
    {
        if (Get(key) is JsonValue v)
        {
            if (v.TryGetValue<double>(out var d)) return d;
            if (v.TryGetValue<string>(out var s))
                switch (s)
                {
                    case "NaN": return double.NaN;
                    case "Infinity": return double.PositiveInfinity;
                    case "-Infinity": return double.NegativeInfinity;
                }
        }
        throw Corrupt(key, "expected a number");
    }

    /// <summary>Reads a 64-bit integer.</summary>
    public long ReadInt64(string key) =>
        Get(key) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) ? l : throw Corrupt(key, "expected an integer");

    /// <summary>Reads a 32-bit integer.</summary>
    public int ReadInt32(string key)
    {
        var l = ReadInt64(key);
        return l is >= int.MinValue and <= int.MaxValue ? (int)l : throw Corrupt(key, "integer out of range");
    }

    /// <summary>Reads a 32-bit integer and checks it lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadInt32(string key, int min, int max)
    {
        var v = ReadInt32(key);
        return v >= min && v <= max ? v : throw Corrupt(key, $"value {v} is outside [{min}, {max}]");
    }

    /// <summary>Reads a boolean.</summary>
    public bool ReadBoolean(string key) =>
        Get(key) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw Corrupt(key, "expected true or false");

    /// <summary>Reads a string (an error when null or missing).</summary>
    public string ReadString(string key) =>
        Get(key) is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Corrupt(key, "expected a string");

    /// <summary>Reads a string that may be null.</summary>
    public string? ReadNullableString(string key)
    {
        if (!_fields.TryGetPropertyValue(key, out var node)) throw Corrupt(key, "a required field is missing");
        if (node is null) return null;
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Corrupt(key, "expected a string or null");
    }

    /// <summary>Reads a list of strings (entries may be null).</summary>
    public string?[] ReadStrings(string key)
    {
        var array = GetTagged(key, "$strings")["$strings"] as JsonArray ?? throw Corrupt(key, "expected a list of strings");
        return ReadStringArray(array, key);
    }

    private string?[] ReadStringArray(JsonArray array, string key)
    {
        var result = new string?[array.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var n = array[i];
            if (n is null) continue;
            result[i] = n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Corrupt(key, $"entry {i} is not a string");
        }
        return result;
    }

    private byte[] ReadPayload(JsonNode? descriptor, string dtype, int elementSize, int? expectedLength, string key)
    {
        if (descriptor is not JsonObject d) throw Corrupt(key, "expected an array");
        var actualType = d["$array"] is JsonValue tv && tv.TryGetValue<string>(out var t) ? t : null;
        if (actualType != dtype) throw Corrupt(key, $"expected an array of {dtype}, found {actualType ?? "something else"}");
        var length = d["length"] is JsonValue lv && lv.TryGetValue<long>(out var l) ? l : -1;
        if (length < 0 || length > int.MaxValue) throw Corrupt(key, "array length is invalid");
        if (expectedLength is { } e && e != length) throw Corrupt(key, $"array has {length} entries, expected {e}");
        var entry = d["entry"] is JsonValue ev && ev.TryGetValue<string>(out var en) ? en : throw Corrupt(key, "array has no payload entry");
        var sha = d["sha256"] is JsonValue sv && sv.TryGetValue<string>(out var s) ? s : throw Corrupt(key, "array has no checksum");
        return _source.Read(entry, length * elementSize, sha, $"{_path}.{key}");
    }

    private T[] ReadArray<T>(string key, string dtype, int? expectedLength) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(ReadPayload(Get(key), dtype, Marshal.SizeOf<T>(), expectedLength, key)).ToArray();

    /// <summary>Reads an array of doubles, optionally checking its length.</summary>
    public double[] ReadDoubles(string key, int? expectedLength = null) => ReadArray<double>(key, "f64", expectedLength);

    /// <summary>Reads an array of floats, optionally checking its length.</summary>
    public float[] ReadSingles(string key, int? expectedLength = null) => ReadArray<float>(key, "f32", expectedLength);

    /// <summary>Reads an array of 32-bit integers, optionally checking its length.</summary>
    public int[] ReadInt32s(string key, int? expectedLength = null) => ReadArray<int>(key, "i32", expectedLength);

    /// <summary>Reads an array of 64-bit integers, optionally checking its length.</summary>
    public long[] ReadInt64s(string key, int? expectedLength = null) => ReadArray<long>(key, "i64", expectedLength);

    /// <summary>Reads raw bytes.</summary>
    public byte[] ReadBytes(string key, int? expectedLength = null) => ReadPayload(Get(key), "u8", 1, expectedLength, key);

    /// <summary>Reads an array of booleans.</summary>
    public bool[] ReadBooleans(string key, int? expectedLength = null) => ToBools(ReadPayload(Get(key), "bool", 1, expectedLength, key), key);

    private bool[] ToBools(byte[] bytes, string key)
    {
        var result = new bool[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
            result[i] = bytes[i] switch { 0 => false, 1 => true, _ => throw Corrupt(key, "boolean payload holds a value other than 0 or 1") };
        return result;
    }

    /// <summary>Reads a large UTF-8 text.</summary>
    public string ReadText(string key)
    {
        var bytes = ReadPayload(Get(key), "utf8", 1, null, key);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ModelFormatException($"corrupt model file: text field '{key}' is not valid UTF-8 (at {_path})", e);
        }
    }

    /// <summary>Reads a dense matrix, optionally checking its shape.</summary>
    public Matrix ReadMatrix(string key, int? rows = null, int? cols = null)
    {
        var m = GetTagged(key, "$matrix")["$matrix"] as JsonObject ?? throw Corrupt(key, "expected a matrix");
        var r = m["rows"] is JsonValue rv && rv.TryGetValue<int>(out var ri) ? ri : -1;
        var c = m["cols"] is JsonValue cv && cv.TryGetValue<int>(out var ci) ? ci : -1;
        if (r < 0 || c < 0 || (long)r * c > int.MaxValue) throw Corrupt(key, "matrix shape is invalid");
        if (rows is { } er && er != r) throw Corrupt(key, $"matrix has {r} rows, expected {er}");
        if (cols is { } ec && ec != c) throw Corrupt(key, $"matrix has {c} columns, expected {ec}");
        var data = MemoryMarshal.Cast<byte, double>(ReadPayload(m["data"], "f64", 8, r * c, key)).ToArray();
        return new Matrix(r, c, data);
    }

    /// <summary>Reads a column, optionally checking its length.</summary>
    public Column ReadColumn(string key, int? expectedLength = null)
    {
        var o = GetTagged(key, "$column")["$column"] as JsonObject ?? throw Corrupt(key, "expected a column");
        return ReadColumnNode(o, key, expectedLength);
    }

    internal Column ReadColumnNode(JsonObject o, string key, int? expectedLength)
    {
        var name = o["name"] is JsonValue nv && nv.TryGetValue<string>(out var n) ? n : throw Corrupt(key, "column has no name");
        var typeName = o["type"] is JsonValue tv && tv.TryGetValue<string>(out var t) ? t : null;
        if (typeName is null || !ColumnTypeExtensions.TryParse(typeName, out var type)) throw Corrupt(key, "column has no valid type");
        var length = o["length"] is JsonValue lv && lv.TryGetValue<int>(out var l) && l >= 0 ? l : throw Corrupt(key, "column has no valid length");
        if (expectedLength is { } e && e != length) throw Corrupt(key, $"column has {length} rows, expected {e}");
        bool[]? Missing() => o["missing"] is null ? null : ToBools(ReadPayload(o["missing"], "bool", 1, length, key), key);
        switch (type)
        {
            case ColumnType.Float64:
                return new Float64Column(name, MemoryMarshal.Cast<byte, double>(ReadPayload(o["values"], "f64", 8, length, key)).ToArray());
            case ColumnType.Int64:
                return new Int64Column(name, MemoryMarshal.Cast<byte, long>(ReadPayload(o["values"], "i64", 8, length, key)).ToArray(), Missing());
            case ColumnType.Bool:
                return new BoolColumn(name, ToBools(ReadPayload(o["values"], "bool", 1, length, key), key), Missing());
            case ColumnType.String:
            {
                var values = o["values"] as JsonArray ?? throw Corrupt(key, "string column has no values");
                if (values.Count != length) throw Corrupt(key, "string column length does not match");
                return new StringColumn(name, ReadStringArray(values, key));
            }
            case ColumnType.Categorical:
            {
                var cats = o["categories"] as JsonArray ?? throw Corrupt(key, "categorical column has no categories");
                var categories = ReadStringArray(cats, key);
                if (categories.Any(c => c is null)) throw Corrupt(key, "a category is null");
                var codes = MemoryMarshal.Cast<byte, int>(ReadPayload(o["codes"], "i32", 4, length, key)).ToArray();
                return new CategoricalColumn(name, codes, categories!);
            }
            case ColumnType.DateTime:
                return new DateTimeColumn(name, MemoryMarshal.Cast<byte, long>(ReadPayload(o["values"], "i64", 8, length, key)).ToArray(), Missing());
            case ColumnType.Sparse:
            {
                var rowsNode = o["rows"] as JsonObject ?? throw Corrupt(key, "sparse column has no rows");
                var count = rowsNode["length"] is JsonValue cv && cv.TryGetValue<int>(out var ci) ? ci : throw Corrupt(key, "sparse column has no count");
                var rows = MemoryMarshal.Cast<byte, int>(ReadPayload(rowsNode, "i32", 4, count, key)).ToArray();
                var values = MemoryMarshal.Cast<byte, double>(ReadPayload(o["values"], "f64", 8, count, key)).ToArray();
                return new SparseColumn(name, length, rows, values);
            }
            default:
                throw Corrupt(key, $"unknown column type {typeName}");
        }
    }

    /// <summary>Reads class labels.</summary>
    public ClassLabels ReadClassLabels(string key) => ClassLabels.FromSorted(ReadColumn(key));

    /// <summary>Reads a model signature.</summary>
    public ModelSignature ReadSignature(string key)
    {
        var o = GetTagged(key, "$signature")["$signature"] as JsonObject ?? throw Corrupt(key, "expected a signature");
        return SignatureJson.FromNode(o, this, key);
    }

    /// <summary>Reads a plain data record written by <see cref="ModelWriter.WriteObject{T}"/>.</summary>
    public T ReadObject<T>(string key)
    {
        var node = GetTagged(key, "$json")["$json"];
        try
        {
            return node.Deserialize<T>(AugurJson.Options) ?? throw Corrupt(key, "the record is null");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"corrupt model file: field '{key}' does not hold valid {typeof(T).Name} data ({e.Message}) (at {_path})", e);
        }
    }

    /// <summary>Reads the estimator options written by <see cref="ModelWriter.WriteOptions{T}"/>.</summary>
    public T ReadOptions<T>() => ReadObject<T>("options");

    /// <summary>Reads a nested model.</summary>
    public IModel ReadModel(string key) =>
        ReadModel(GetTagged(key, "$model")["$model"], _source, $"{_path}.{key}");

    /// <summary>Reads a nested model and checks that it is a <typeparamref name="T"/>.</summary>
    public T ReadModel<T>(string key) where T : class, IModel =>
        ReadModel(key) as T ?? throw Corrupt(key, $"the nested model is not a {typeof(T).Name}");

    /// <summary>Reads a list of nested models.</summary>
    public IReadOnlyList<IModel> ReadModels(string key)
    {
        var array = GetTagged(key, "$models")["$models"] as JsonArray ?? throw Corrupt(key, "expected a list of models");
        var result = new IModel[array.Count];
        for (var i = 0; i < result.Length; i++) result[i] = ReadModel(array[i], _source, $"{_path}.{key}[{i}]");
        return result;
    }

    /// <summary>Reads a list of nested models, each of which must be a <typeparamref name="T"/>.</summary>
    public IReadOnlyList<T> ReadModels<T>(string key) where T : class, IModel =>
        ReadModels(key).Select((m, i) => m as T ?? throw Corrupt(key, $"nested model {i} is not a {typeof(T).Name}")).ToArray();

    /// <summary>Throws a <see cref="ModelFormatException"/> for field <paramref name="key"/> when <paramref name="condition"/> is false (for loaders' own consistency checks).</summary>
    public void Require(bool condition, string key, string what)
    {
        if (!condition) throw Corrupt(key, what);
    }
}
