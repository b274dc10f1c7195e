using System.Text.Json;
using Augur.Data;
using Augur.Server.Inference;
using Augur.Server.Models;

namespace Augur.Server.Protocols;

/// <summary>
/// TensorFlow Serving <c>:predict</c> and MLflow <c>/invocations</c> JSON requests, read straight into the model's input
/// frame: rows (<c>instances</c>, <c>dataframe_records</c>, <c>dataframe_split</c>) or columns (<c>inputs</c>).
/// </summary>
internal sealed class RowRequest
{
    public required Frame Frame { get; init; }

    /// <summary>True when the input was columnar (<c>inputs</c> as an object), which TensorFlow Serving answers as <c>outputs</c>.</summary>
    public bool Columnar { get; init; }

    public static RowRequest ParseTfServing(ReadOnlySpan<byte> body, ServedModel model, int maxBatch)
    {
        try
        {
            var frame = new FrameBuilder(model.Schema, maxBatch);
            var reader = JsonInput.Reader(body);
            JsonInput.StartObject(ref reader, "a predict request with 'instances' or 'inputs'");
            string? format = null;
            var columnar = false;
            while (true)
            {
                JsonInput.Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.ValueTextEquals("signature_name"u8))
                {
                    var sig = JsonInput.ReadString(ref reader, "signature_name");
                    if (sig is not ("serving_default" or "predict" or ""))
                        throw ServingException.BadRequest($"unknown signature_name '{Describe.Clip(sig)}'; this model has only 'serving_default'");
                }
                else if (reader.ValueTextEquals("instances"u8) || reader.ValueTextEquals("inputs"u8))
                {
                    var field = reader.GetString()!;
                    if (format is not null) throw ServingException.BadRequest($"the request has both '{format}' and '{field}'; send one");
                    format = field;
                    JsonInput.Read(ref reader);
                    if (field == "inputs" && reader.TokenType == JsonTokenType.StartObject)
                    {
                        JsonInput.ReadColumns(ref reader, frame, field);
                        columnar = true;
                    }
                    else JsonInput.ReadRows(ref reader, frame, field);
                }
                else JsonInput.Skip(ref reader);
            }
            JsonInput.End(ref reader);
            if (format is null) throw ServingException.BadRequest("the request has neither 'instances' (rows) nor 'inputs' (columns)");
            return new RowRequest { Frame = frame.Build(), Columnar = columnar };
        }
        catch (JsonException e)
        {
            throw JsonInput.Malformed(e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader refuses strings that are not valid text (a lone surrogate escape such as "\ud800").
            throw JsonInput.InvalidText(e);
        }
    }

    public static RowRequest ParseMlflow(ReadOnlySpan<byte> body, ServedModel model, int maxBatch)
    {
        try
        {
            var frame = new FrameBuilder(model.Schema, maxBatch);
            var reader = JsonInput.Reader(body);
            JsonInput.StartObject(ref reader, "one of 'dataframe_split', 'dataframe_records', 'instances' or 'inputs'");
            string? format = null;
            var columnar = false;
            while (true)
            {
                JsonInput.Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject) break;
                string field;
                if (reader.ValueTextEquals("dataframe_split"u8)) field = "dataframe_split";
                else if (reader.ValueTextEquals("dataframe_records"u8)) field = "dataframe_records";
                else if (reader.ValueTextEquals("instances"u8)) field = "instances";
                else if (reader.ValueTextEquals("inputs"u8)) field = "inputs";
                else if (reader.ValueTextEquals("params"u8)) { JsonInput.SkipObject(ref reader, "params"); continue; }
                else
                    throw ServingException.BadRequest($"unknown field '{Describe.Clip(reader.GetString()!)}'; send one of 'dataframe_split', 'dataframe_records', 'instances' or 'inputs'");
                if (format is not null) throw ServingException.BadRequest($"the request has both '{format}' and '{field}'; send one");
                format = field;
                JsonInput.Read(ref reader);
                switch (field)
                {
                    case "dataframe_split":
                        ReadSplit(ref reader, frame);
                        break;
                    case "inputs" when reader.TokenType == JsonTokenType.StartObject:
                        JsonInput.ReadColumns(ref reader, frame, field);
                        columnar = true;
                        break;
                    default:
                        JsonInput.ReadRows(ref reader, frame, field);
                        break;
                }
            }
            JsonInput.End(ref reader);
            if (format is null) throw ServingException.BadRequest("the request has none of 'dataframe_split', 'dataframe_records', 'instances' or 'inputs'");
            return new RowRequest { Frame = frame.Build(), Columnar = columnar };
        }
        catch (JsonException e)
        {
            throw JsonInput.Malformed(e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader refuses strings that are not valid text (a lone surrogate escape such as "\ud800").
            throw JsonInput.InvalidText(e);
        }
    }

    /// <summary>Reads pandas' split orientation: <c>{"columns": [...], "data": [[...], ...], "index": [...]}</c>, fields in any order.</summary>
    private static void ReadSplit(ref Utf8JsonReader reader, FrameBuilder frame)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw ServingException.BadRequest($"'dataframe_split' must be an object with 'columns' and 'data', not {Describe.Token(reader.TokenType)}");
        var schema = frame.Schema;
        List<int>? columns = null;
        var data = default(Utf8JsonReader);
        var hasData = false;
        while (true)
        {
            JsonInput.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("columns"u8))
            {
                if (columns is not null) throw ServingException.BadRequest("'dataframe_split.columns' appears twice");
                JsonInput.Read(ref reader);
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw ServingException.BadRequest($"'dataframe_split.columns' must be an array of column names, not {Describe.Token(reader.TokenType)}");
                columns = [];
                while (true)
                {
                    JsonInput.Read(ref reader);
                    if (reader.TokenType == JsonTokenType.EndArray) break;
                    if (reader.TokenType != JsonTokenType.String)
                        throw ServingException.BadRequest($"'dataframe_split.columns' must hold column names (strings), not {Describe.Token(reader.TokenType)}");
                    var j = schema.IndexOf(ref reader);
                    if (j < 0)
                        throw ServingException.BadRequest($"'dataframe_split.columns' names unknown input '{Describe.Clip(reader.GetString()!)}'; the model's inputs are: {schema.NameList}");
                    if (columns.Contains(j)) throw ServingException.BadRequest($"'dataframe_split.columns' names '{schema.Names[j]}' twice");
                    columns.Add(j);
                }
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                if (hasData) throw ServingException.BadRequest("'dataframe_split.data' appears twice");
                JsonInput.Read(ref reader);
                data = reader;
                hasData = true;
                JsonInput.Skip(ref reader);
            }
            else JsonInput.Skip(ref reader);
        }
        if (columns is null) throw ServingException.BadRequest("'dataframe_split' has no 'columns'");
        if (!hasData) throw ServingException.BadRequest("'dataframe_split' has no 'data'");
        if (data.TokenType != JsonTokenType.StartArray)
            throw ServingException.BadRequest($"'dataframe_split.data' must be an array of rows, not {Describe.Token(data.TokenType)}");
        foreach (var j in columns) _ = frame[j];
        var row = 0;
        while (true)
        {
            JsonInput.Read(ref data);
            if (data.TokenType == JsonTokenType.EndArray) break;
            frame.CheckRows(row + 1);
            if (data.TokenType != JsonTokenType.StartArray)
                throw ServingException.BadRequest($"'dataframe_split.data' row {row} must be an array of {columns.Count} values, not {Describe.Token(data.TokenType)}");
            var k = 0;
            while (true)
            {
                JsonInput.Read(ref data);
                if (data.TokenType == JsonTokenType.EndArray) break;
                if (k >= columns.Count)
                    throw ServingException.BadRequest($"'dataframe_split.data' row {row} has more values than the {columns.Count} columns");
                if (data.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                    throw ServingException.BadRequest($"'dataframe_split.data' row {row}, column '{schema.Names[columns[k]]}': expected a scalar value, not {Describe.Token(data.TokenType)}");
                frame[columns[k]].Add(ref data);
                k++;
            }
            if (k != columns.Count)
                throw ServingException.BadRequest($"'dataframe_split.data' row {row} has {k} values but there are {columns.Count} columns");
            row++;
        }
        if (row == 0) throw ServingException.BadRequest("'dataframe_split.data' holds no rows");
    }
}
