using System.Text;
using System.Text.Json;
using Augur.Data;

namespace Augur.Server.Inference;

/// <summary>How the server reads values for one input column.</summary>
internal enum ValueKind
{
    /// <summary>A float64 (or sparse) column: any JSON number.</summary>
    Float,
    /// <summary>An int64 column: integral numbers.</summary>
    Int,
    /// <summary>A bool column: true/false (or 0/1).</summary>
    Bool,
    /// <summary>A free-text column: strings.</summary>
    Text,
    /// <summary>A categorical column: strings, matched against the training categories.</summary>
    Category,
    /// <summary>A datetime column: ISO-8601 strings.</summary>
    DateTime,
}

/// <summary>A model's signature compiled for request parsing: column lookup by UTF-8 name, value kinds, wire types.</summary>
internal sealed class InputSchema
{
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public InputSchema(ModelSignature signature)
    {
        Inputs = signature.Inputs.ToArray();
        Names = Inputs.Select(i => i.Name).ToArray();
        Kinds = Inputs.Select(i => KindOf(i.Type)).ToArray();
        _index = new Dictionary<string, int>(Inputs.Length, StringComparer.Ordinal);
        for (var j = 0; j < Inputs.Length; j++) _index.TryAdd(Inputs[j].Name, j);
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        AllNumeric = Kinds.All(k => k is ValueKind.Float or ValueKind.Int or ValueKind.Bool);
        Categories = Inputs.Select(i => i.Categories is { Count: > 0 } c && KindOf(i.Type) == ValueKind.Category ? new CategoryTable(c) : null).ToArray();
        NameList = string.Join(", ", Names.Take(30)) + (Names.Length > 30 ? $", … ({Names.Length} in all)" : "");
    }

    public InputColumn[] Inputs { get; }
    public string[] Names { get; }
    public ValueKind[] Kinds { get; }
    public CategoryTable?[] Categories { get; }
    public int Count => Inputs.Length;
    public bool AllNumeric { get; }

    /// <summary>The input names for messages (the first 30).</summary>
    public string NameList { get; }

    public int IndexOf(string name) => _index.GetValueOrDefault(name, -1);

    public int IndexOf(ReadOnlySpan<char> name) => _lookup.TryGetValue(name, out var j) ? j : -1;

    /// <summary>Looks up the property name or string value the reader stands on, without allocating for short names.</summary>
    public int IndexOf(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (length <= 256)
        {
            Span<char> chars = stackalloc char[length];
            var n = reader.CopyString(chars);
            return IndexOf(chars[..n]);
        }
        return IndexOf(reader.GetString()!);
    }

    public static ValueKind KindOf(ColumnType type) => type switch
    {
        ColumnType.Float64 or ColumnType.Sparse => ValueKind.Float,
        ColumnType.Int64 => ValueKind.Int,
        ColumnType.Bool => ValueKind.Bool,
        ColumnType.Categorical => ValueKind.Category,
        ColumnType.DateTime => ValueKind.DateTime,
        _ => ValueKind.Text,
    };

    /// <summary>The Open Inference Protocol datatype of an input.</summary>
    public static string WireType(ColumnType type) => KindOf(type) switch
    {
        ValueKind.Float => "FP64",
        ValueKind.Int => "INT64",
        ValueKind.Bool => "BOOL",
        _ => "BYTES",
    };

    /// <summary>The Open Inference Protocol datatype of an output column.</summary>
    public static string WireType(Column column) => column.Type switch
    {
        ColumnType.Float64 or ColumnType.Sparse => "FP64",
        ColumnType.Int64 => "INT64",
        ColumnType.Bool => "BOOL",
        _ => "BYTES",
    };
}

/// <summary>The training categories of one column, looked up by span so known values reuse the training strings.</summary>
internal sealed class CategoryTable
{
    private readonly Dictionary<string, int> _codes;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CategoryTable(IReadOnlyList<string> categories)
    {
        Values = categories.ToArray();
        _codes = new Dictionary<string, int>(Values.Length, StringComparer.Ordinal);
        for (var i = 0; i < Values.Length; i++) _codes.TryAdd(Values[i], i);
        _lookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string[] Values { get; }

    public int CodeOf(ReadOnlySpan<char> value) => _lookup.TryGetValue(value, out var c) ? c : -1;

    public int CodeOf(string value) => _codes.GetValueOrDefault(value, -1);
}

/// <summary>Small text helpers for messages.</summary>
internal static class Describe
{
    public static string Token(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };

    public static string Expected(ValueKind kind) => kind switch
    {
        ValueKind.Float => "a number",
        ValueKind.Int => "an integer",
        ValueKind.Bool => "a boolean",
        ValueKind.DateTime => "an ISO-8601 date-time string",
        _ => "a string",
    };

    public static string Clip(string s) => s.Length <= 64 ? s : s[..64] + "…";

    public static string Clip(ReadOnlySpan<byte> utf8) => Clip(Encoding.UTF8.GetString(utf8.Length > 256 ? utf8[..256] : utf8));
}
