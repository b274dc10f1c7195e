using System.Text.Json;
using Augur.Server.Inference;

namespace Augur.Server.Protocols;

/// <summary>Shared pieces of the JSON request readers: reader set-up, error wrapping and row-wise input.</summary>
internal static class JsonInput
{
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    public static Utf8JsonReader Reader(ReadOnlySpan<byte> body)
    {
        if (body.TrimStart(" \t\r\n"u8).IsEmpty) throw ServingException.BadRequest("the request body is empty; send a JSON object");
        return new Utf8JsonReader(body, isFinalBlock: true, new JsonReaderState(ReaderOptions));
    }

    /// <summary>Reads the next token; malformed JSON becomes a 400 naming the position.</summary>
    public static void Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw ServingException.BadRequest("the JSON body ends early");
    }

    /// <summary>Skips the value the reader stands on (a scalar, or a whole array or object).</summary>
    public static void Skip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.PropertyName) Read(ref reader);
        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            if (!reader.TrySkip()) throw ServingException.BadRequest("the JSON body ends early");
    }

    /// <summary>Reads to the first token and checks the body is a JSON object.</summary>
    public static void StartObject(ref Utf8JsonReader reader, string what)
    {
        if (!reader.Read()) throw ServingException.BadRequest("the request body is empty; send a JSON object");
        if (reader.TokenType != JsonTokenType.StartObject)
            throw ServingException.BadRequest($"the request body must be a JSON object ({what}), not {Describe.Token(reader.TokenType)}");
    }

    /// <summary>After the root object: nothing but whitespace may follow.</summary>
    public static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read()) throw ServingException.BadRequest("the JSON body has data after its end");
    }

    public static ServingException Malformed(JsonException e) =>
        ServingException.BadRequest($"the body is not valid JSON: {Shorten(e.Message)}");

    public static ServingException InvalidText(InvalidOperationException e) =>
        ServingException.BadRequest($"the body holds a string that is not valid text (for example a lone surrogate escape): {Shorten(e.Message)}");

    private static string Shorten(string message)
    {
        // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 12." which is what a client needs; keep it short.
        var s = message.Replace("\r", " ").Replace("\n", " ");
        return s.Length <= 300 ? s : s[..300] + "…";
    }

    public static string ReadString(ref Utf8JsonReader reader, string field)
    {
        Read(ref reader);
        if (reader.TokenType != JsonTokenType.String)
            throw ServingException.BadRequest($"'{field}' must be a string, not {Describe.Token(reader.TokenType)}");
        return reader.GetString()!;
    }

    /// <summary>Checks that the value the reader is about to read is an object and skips it (for <c>parameters</c>).</summary>
    public static void SkipObject(ref Utf8JsonReader reader, string field)
    {
        Read(ref reader);
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw ServingException.BadRequest($"'{field}' must be an object, not {Describe.Token(reader.TokenType)}");
        Skip(ref reader);
    }

    /// <summary>
    /// Reads rows given as a JSON array (the reader stands on its start): each row is an array of values in signature order,
    /// an object of column → value, or — for a one-input model — a bare value.
    /// </summary>
    public static void ReadRows(ref Utf8JsonReader reader, FrameBuilder frame, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw ServingException.BadRequest($"'{field}' must be an array of rows, not {Describe.Token(reader.TokenType)}");
        var schema = frame.Schema;
        var p = schema.Count;
        for (var j = 0; j < p; j++) _ = frame[j];
        Span<int> seen = p <= 512 ? stackalloc int[p] : new int[p];
        seen.Clear();
        var row = 0;
        while (true)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) break;
            frame.CheckRows(row + 1);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                {
                    var j = 0;
                    while (true)
                    {
                        Read(ref reader);
                        if (reader.TokenType == JsonTokenType.EndArray) break;
                        if (j >= p)
                            throw ServingException.BadRequest($"'{field}' row {row} has more than {p} values; the model's inputs are, in order: {schema.NameList}");
                        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                            throw ServingException.BadRequest($"'{field}' row {row}, input '{schema.Names[j]}': expected a scalar value, not {Describe.Token(reader.TokenType)}");
                        frame[j].Add(ref reader);
                        j++;
                    }
                    if (j != p)
                        throw ServingException.BadRequest($"'{field}' row {row} has {j} values but the model takes {p} inputs, in order: {schema.NameList}");
                    break;
                }
                case JsonTokenType.StartObject:
                {
                    var count = 0;
                    var stamp = row + 1;
                    while (true)
                    {
                        Read(ref reader);
                        if (reader.TokenType == JsonTokenType.EndObject) break;
                        var j = schema.IndexOf(ref reader);
                        if (j < 0)
                            throw ServingException.BadRequest($"'{field}' row {row} has unknown input '{Describe.Clip(reader.GetString()!)}'; the model's inputs are: {schema.NameList}");
                        if (seen[j] == stamp)
                            throw ServingException.BadRequest($"'{field}' row {row} gives input '{schema.Names[j]}' twice");
                        seen[j] = stamp;
                        Read(ref reader);
                        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                            throw ServingException.BadRequest($"'{field}' row {row}, input '{schema.Names[j]}': expected a scalar value, not {Describe.Token(reader.TokenType)}");
                        frame[j].Add(ref reader);
                        count++;
                    }
                    if (count != p)
                    {
                        for (var j = 0; j < p; j++)
                            if (seen[j] != stamp)
                                throw ServingException.BadRequest($"'{field}' row {row} lacks input '{schema.Names[j]}'; the model's inputs are: {schema.NameList}");
                    }
                    break;
                }
                default:
                    if (p != 1)
                        throw ServingException.BadRequest($"'{field}' row {row} is {Describe.Token(reader.TokenType)}; give each row as an array of {p} values or an object of column: value");
                    frame[0].Add(ref reader);
                    break;
            }
            row++;
        }
        if (row == 0) throw ServingException.BadRequest($"'{field}' holds no rows");
    }

    /// <summary>
    /// Reads columnar input (the reader stands on the object's start): each property is an input column with an array of
    /// values (or a single value for one row).
    /// </summary>
    public static void ReadColumns(ref Utf8JsonReader reader, FrameBuilder frame, string field)
    {
        var schema = frame.Schema;
        while (true)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            var j = schema.IndexOf(ref reader);
            if (j < 0)
                throw ServingException.BadRequest($"'{field}' has unknown input '{Describe.Clip(reader.GetString()!)}'; the model's inputs are: {schema.NameList}");
            if (frame.Has(j)) throw ServingException.BadRequest($"'{field}' gives input '{schema.Names[j]}' twice");
            var buffer = frame[j];
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var n = 0;
                while (true)
                {
                    Read(ref reader);
                    if (reader.TokenType == JsonTokenType.EndArray) break;
                    frame.CheckRows(++n);
                    if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                        throw ServingException.BadRequest($"'{field}' input '{schema.Names[j]}', row {n - 1}: expected a scalar value, not {Describe.Token(reader.TokenType)}");
                    buffer.Add(ref reader);
                }
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
                throw ServingException.BadRequest($"'{field}' input '{schema.Names[j]}' must be an array of values, not an object");
            else buffer.Add(ref reader);
        }
    }
}
