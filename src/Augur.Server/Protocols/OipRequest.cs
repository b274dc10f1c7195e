using System.Text.Json;
using Augur.Data;
using Augur.Server.Inference;
using Augur.Server.Models;

namespace Augur.Server.Protocols;

/// <summary>
/// An Open Inference Protocol (KServe V2) inference request, read straight from the body into the model's input frame
/// (no JSON document object model): one tensor per input column (shape <c>[n]</c> or <c>[n, 1]</c>; BYTES for text,
/// categories and date-times; FP64/FP32/INT64/BOOL for numbers), or a single 2-D numeric tensor <c>[n, inputs]</c> in
/// signature order. Tensor data may be flat or nested row-major; <c>null</c> marks a missing value.
/// </summary>
internal sealed class OipRequest
{
    public string? Id { get; private set; }

    public required Frame Frame { get; init; }

    public bool WantPredictions { get; private set; } = true;

    public bool WantProbabilities { get; private set; }

    /// <summary>Reads a request for <paramref name="model"/>; throws a 400 <see cref="ServingException"/> naming the field at fault.</summary>
    public static OipRequest Parse(ReadOnlySpan<byte> body, ServedModel model, int maxBatch)
    {
        try
        {
            return ParseCore(body, model, maxBatch);
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

    private ref struct Tensor
    {
        public string? Name;
        public string? Datatype;
        public long[]? Shape;
        public bool HasData;
        public Utf8JsonReader Data;
    }

    private static OipRequest ParseCore(ReadOnlySpan<byte> body, ServedModel model, int maxBatch)
    {
        var schema = model.Schema;
        var frame = new FrameBuilder(schema, maxBatch) { BodyLength = body.Length };
        var reader = JsonInput.Reader(body);
        JsonInput.StartObject(ref reader, "an inference request with 'inputs'");
        string? id = null;
        List<string>? outputs = null;
        var sawInputs = false;
        var rows = -1L;
        var matrix = false;
        var columnTensors = 0;
        while (true)
        {
            JsonInput.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("id"u8))
            {
                JsonInput.Read(ref reader);
                if (reader.TokenType != JsonTokenType.String) throw ServingException.BadRequest($"'id' must be a string, not {Describe.Token(reader.TokenType)}");
                id = reader.GetString();
            }
            else if (reader.ValueTextEquals("parameters"u8)) ReadParameters(ref reader, "parameters");
            else if (reader.ValueTextEquals("outputs"u8)) outputs = ReadOutputs(ref reader, model);
            else if (reader.ValueTextEquals("inputs"u8))
            {
                if (sawInputs) throw ServingException.BadRequest("'inputs' appears twice");
                sawInputs = true;
                JsonInput.Read(ref reader);
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw ServingException.BadRequest($"'inputs' must be an array of tensors, not {Describe.Token(reader.TokenType)}");
                var index = 0;
                while (true)
                {
                    JsonInput.Read(ref reader);
                    if (reader.TokenType == JsonTokenType.EndArray) break;
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw ServingException.BadRequest($"inputs[{index}] must be a tensor object with name, datatype, shape and data, not {Describe.Token(reader.TokenType)}");
                    var tensor = ReadTensor(ref reader, index, schema);
                    var name = tensor.Name!;
                    var j = schema.IndexOf(name);
                    if (matrix)
                        throw ServingException.BadRequest($"inputs[{index}] ('{Describe.Clip(name)}'): a request with a 2-D tensor of all {schema.Count} inputs can hold no other tensor");
                    if (j < 0)
                    {
                        if (tensor.Shape!.Length == 2 && (tensor.Shape[1] == schema.Count || schema.Count > 1) && columnTensors == 0)
                        {
                            ReadMatrix(ref tensor, index, frame);
                            matrix = true;
                            rows = tensor.Shape![0];
                        }
                        else
                            throw ServingException.BadRequest($"inputs[{index}] names unknown input '{Describe.Clip(name)}'; the model's inputs are: {schema.NameList} (or send one 2-D FP64 tensor of shape [n, {schema.Count}] in that order)");
                    }
                    else
                    {
                        if (frame.Has(j)) throw ServingException.BadRequest($"input '{name}' is given twice");
                        var n = ReadColumn(ref tensor, index, j, frame);
                        if (rows >= 0 && n != rows)
                            throw ServingException.BadRequest($"input '{name}' has shape [{string.Join(", ", tensor.Shape!)}] but the other inputs have {rows} rows");
                        rows = n;
                        columnTensors++;
                    }
                    index++;
                }
                if (index == 0) throw ServingException.BadRequest("'inputs' is empty; send one tensor per input column: " + schema.NameList);
            }
            else JsonInput.Skip(ref reader);
        }
        JsonInput.End(ref reader);
        if (!sawInputs) throw ServingException.BadRequest("the request has no 'inputs'");
        var request = new OipRequest { Frame = frame.Build(), Id = id };
        if (outputs is not null)
        {
            request.WantPredictions = outputs.Contains(Outputs.Predictions);
            request.WantProbabilities = outputs.Contains(Outputs.Probabilities);
        }
        else request.WantProbabilities = model.Classifier is not null;
        return request;
    }

    /// <summary>
    /// Reads a parameters object: values must be scalars, as the protocol defines them. Parameters of the binary tensor
    /// data extension (binary_data, binary_data_output, binary_data_size) are refused, since answers here are JSON only.
    /// </summary>
    private static void ReadParameters(ref Utf8JsonReader reader, string field)
    {
        JsonInput.Read(ref reader);
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw ServingException.BadRequest($"'{field}' must be an object, not {Describe.Token(reader.TokenType)}");
        while (true)
        {
            JsonInput.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) return;
            var binary = reader.ValueTextEquals("binary_data"u8) || reader.ValueTextEquals("binary_data_output"u8) || reader.ValueTextEquals("binary_data_size"u8);
            var key = binary ? reader.GetString() : null;
            JsonInput.Read(ref reader);
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                throw ServingException.BadRequest($"'{field}' values must be strings, numbers or booleans, not {Describe.Token(reader.TokenType)}");
            if (binary && reader.TokenType != JsonTokenType.False)
                throw ServingException.BadRequest($"'{field}.{key}': the binary tensor data extension is not supported; tensor data are JSON only");
        }
    }

    private static List<string> ReadOutputs(ref Utf8JsonReader reader, ServedModel model)
    {
        JsonInput.Read(ref reader);
        if (reader.TokenType != JsonTokenType.StartArray)
            throw ServingException.BadRequest($"'outputs' must be an array of {{\"name\": …}} objects, not {Describe.Token(reader.TokenType)}");
        var names = new List<string>();
        var i = 0;
        while (true)
        {
            JsonInput.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) break;
            if (reader.TokenType != JsonTokenType.StartObject)
                throw ServingException.BadRequest($"outputs[{i}] must be an object with a 'name', not {Describe.Token(reader.TokenType)}");
            string? name = null;
            while (true)
            {
                JsonInput.Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.ValueTextEquals("name"u8)) name = JsonInput.ReadString(ref reader, $"outputs[{i}].name");
                else if (reader.ValueTextEquals("parameters"u8)) ReadParameters(ref reader, $"outputs[{i}].parameters");
                else JsonInput.Skip(ref reader);
            }
            if (name is null) throw ServingException.BadRequest($"outputs[{i}] has no 'name'");
            if (!model.OutputNames.Contains(name))
                throw ServingException.BadRequest($"outputs[{i}] asks for unknown output '{Describe.Clip(name)}'; this model's outputs are: {string.Join(", ", model.OutputNames)}");
            if (names.Contains(name)) throw ServingException.BadRequest($"output '{name}' is asked for twice");
            names.Add(name);
            i++;
        }
        if (names.Count == 0) throw ServingException.BadRequest("'outputs' is empty; leave it out to get every output");
        return names;
    }

    private static Tensor ReadTensor(ref Utf8JsonReader reader, int index, InputSchema schema)
    {
        var t = new Tensor();
        while (true)
        {
            JsonInput.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("name"u8)) t.Name = ReadName(ref reader, index, schema);
            else if (reader.ValueTextEquals("datatype"u8)) t.Datatype = ReadDatatype(ref reader, index);
            else if (reader.ValueTextEquals("shape"u8)) t.Shape = ReadShape(ref reader, index);
            else if (reader.ValueTextEquals("parameters"u8)) ReadParameters(ref reader, $"inputs[{index}].parameters");
            else if (reader.ValueTextEquals("data"u8))
            {
                if (t.HasData) throw ServingException.BadRequest($"inputs[{index}] has 'data' twice");
                JsonInput.Read(ref reader);
                t.Data = reader;
                t.HasData = true;
                JsonInput.Skip(ref reader);
            }
            else JsonInput.Skip(ref reader);
        }
        if (t.Name is null) throw ServingException.BadRequest($"inputs[{index}] has no 'name'");
        if (t.Datatype is null) throw ServingException.BadRequest($"{Label(index, t.Name)} has no 'datatype'");
        if (!KnownDatatype(t.Datatype))
            throw ServingException.BadRequest($"{Label(index, t.Name)} has unknown datatype '{Describe.Clip(t.Datatype)}'; use BOOL, INT8-64, UINT8-64, FP16, FP32, FP64 or BYTES");
        if (t.Shape is null) throw ServingException.BadRequest($"{Label(index, t.Name)} has no 'shape'");
        if (!t.HasData) throw ServingException.BadRequest($"{Label(index, t.Name)} has no 'data'");
        if (t.Data.TokenType != JsonTokenType.StartArray)
            throw ServingException.BadRequest($"{Label(index, t.Name)}: 'data' must be an array, not {Describe.Token(t.Data.TokenType)}");
        return t;
    }

    private static string Label(int index, string name) => $"inputs[{index}] ('{Describe.Clip(name)}')";

    /// <summary>The tensor name: the signature's own string when it names an input (no allocation), else a new string.</summary>
    private static string ReadName(ref Utf8JsonReader reader, int index, InputSchema schema)
    {
        JsonInput.Read(ref reader);
        if (reader.TokenType != JsonTokenType.String)
            throw ServingException.BadRequest($"'inputs[{index}].name' must be a string, not {Describe.Token(reader.TokenType)}");
        var j = schema.IndexOf(ref reader);
        return j >= 0 ? schema.Names[j] : reader.GetString()!;
    }

    private static readonly string[] s_datatypes = ["BOOL", "BYTES", "FP16", "FP32", "FP64", "BF16", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64"];
    private static readonly byte[][] s_datatypeBytes = s_datatypes.Select(System.Text.Encoding.ASCII.GetBytes).ToArray();

    /// <summary>The datatype as one of the protocol's constant strings (no allocation for known ones).</summary>
    private static string ReadDatatype(ref Utf8JsonReader reader, int index)
    {
        JsonInput.Read(ref reader);
        if (reader.TokenType != JsonTokenType.String)
            throw ServingException.BadRequest($"'inputs[{index}].datatype' must be a string, not {Describe.Token(reader.TokenType)}");
        for (var i = 0; i < s_datatypes.Length; i++)
            if (reader.ValueTextEquals(s_datatypeBytes[i])) return s_datatypes[i];
        return reader.GetString()!;
    }

    private static long[] ReadShape(ref Utf8JsonReader reader, int index)
    {
        JsonInput.Read(ref reader);
        if (reader.TokenType != JsonTokenType.StartArray)
            throw ServingException.BadRequest($"inputs[{index}].shape must be an array of integers, not {Describe.Token(reader.TokenType)}");
        Span<long> dims = stackalloc long[8];
        var count = 0;
        while (true)
        {
            JsonInput.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) break;
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var d) || d < 0)
                throw ServingException.BadRequest($"inputs[{index}].shape must hold non-negative integers");
            if (count == dims.Length) throw ServingException.BadRequest($"inputs[{index}].shape has too many dimensions");
            dims[count++] = d;
        }
        if (count == 0) throw ServingException.BadRequest($"inputs[{index}].shape is empty; use [n] or [n, 1]");
        return dims[..count].ToArray();
    }

    private static bool KnownDatatype(string dt) => dt is "BOOL" or "BYTES" or "FP16" or "FP32" or "FP64" or "BF16"
        or "INT8" or "INT16" or "INT32" or "INT64" or "UINT8" or "UINT16" or "UINT32" or "UINT64";

    private static bool IsNumericDatatype(string dt) => dt is "FP16" or "FP32" or "FP64" or "BF16"
        or "INT8" or "INT16" or "INT32" or "INT64" or "UINT8" or "UINT16" or "UINT32" or "UINT64";

    private static bool Accepts(ValueKind kind, string dt) => kind switch
    {
        ValueKind.Float or ValueKind.Int => IsNumericDatatype(dt),
        ValueKind.Bool => dt == "BOOL" || (IsNumericDatatype(dt) && dt.Contains("INT", StringComparison.Ordinal)),
        _ => dt == "BYTES",
    };

    private static long ReadColumn(ref Tensor t, int index, int j, FrameBuilder frame)
    {
        var schema = frame.Schema;
        var input = schema.Inputs[j];
        var shape = t.Shape!;
        if (!(shape.Length == 1 || (shape.Length == 2 && shape[1] == 1)))
            throw ServingException.BadRequest($"input '{input.Name}' has shape [{string.Join(", ", shape)}]; a column tensor has shape [n] or [n, 1]");
        if (!Accepts(schema.Kinds[j], t.Datatype!))
            throw ServingException.BadRequest($"input '{input.Name}' has datatype {t.Datatype} but the model was trained on a {input.Type.ToName()} column; send {InputSchema.WireType(input.Type)}");
        var n = shape[0];
        frame.CheckRows(n);
        var buffer = frame.Create(j, frame.Plausible(n, 1));
        ReadData(ref t.Data, shape, n, input.Name, buffer, null);
        return n;
    }

    private static void ReadMatrix(ref Tensor t, int index, FrameBuilder frame)
    {
        var schema = frame.Schema;
        var shape = t.Shape!;
        var p = schema.Count;
        if (shape[1] != p)
            throw ServingException.BadRequest($"inputs[{index}] ('{Describe.Clip(t.Name!)}') has shape [{string.Join(", ", shape)}] but the model takes {p} inputs: a 2-D tensor must have shape [n, {p}] (or name each input column: {schema.NameList})");
        if (!schema.AllNumeric)
        {
            var text = Enumerable.Range(0, p).First(j => schema.Kinds[j] is not (ValueKind.Float or ValueKind.Int or ValueKind.Bool));
            throw ServingException.BadRequest($"inputs[{index}] ('{Describe.Clip(t.Name!)}') is a 2-D tensor, but input '{schema.Names[text]}' is {schema.Inputs[text].Type.ToName()}: send one tensor per input column instead ({schema.NameList})");
        }
        if (!IsNumericDatatype(t.Datatype!))
            throw ServingException.BadRequest($"inputs[{index}] ('{Describe.Clip(t.Name!)}') has datatype {t.Datatype}; a 2-D tensor of all inputs must be FP64 or FP32");
        var n = shape[0];
        frame.CheckRows(n);
        var buffers = new ColumnBuffer[p];
        for (var j = 0; j < p; j++) buffers[j] = frame.Create(j, frame.Plausible(n, p));
        ReadData(ref t.Data, shape, n * p, t.Name!, null, buffers);
    }

    /// <summary>Walks tensor data (flat, or nested row-major to the tensor's rank), checking its element count against the shape.</summary>
    private static void ReadData(ref Utf8JsonReader r, long[] shape, long total, string name, ColumnBuffer? single, ColumnBuffer[]? many)
    {
        var rank = shape.Length;
        Span<long> counts = stackalloc long[rank + 1];
        counts.Clear();
        var depth = 1;
        long k = 0;
        var nested = false;
        var first = true;
        while (true)
        {
            JsonInput.Read(ref r);
            switch (r.TokenType)
            {
                case JsonTokenType.StartArray:
                    if (first) nested = true;
                    first = false;
                    if (!nested || depth >= rank)
                        throw ServingException.BadRequest($"input '{Describe.Clip(name)}': 'data' is nested deeper than its shape [{string.Join(", ", shape)}]");
                    counts[depth - 1]++;
                    depth++;
                    counts[depth - 1] = 0;
                    break;
                case JsonTokenType.EndArray:
                    if (nested && counts[depth - 1] != shape[depth - 1])
                        throw ServingException.BadRequest($"input '{Describe.Clip(name)}': 'data' does not match its shape [{string.Join(", ", shape)}] (dimension {depth - 1} holds {counts[depth - 1]} items)");
                    depth--;
                    if (depth == 0)
                    {
                        if (k != total)
                            throw ServingException.BadRequest($"input '{Describe.Clip(name)}': 'data' holds {k} values but shape [{string.Join(", ", shape)}] needs {total}");
                        return;
                    }
                    break;
                case JsonTokenType.StartObject:
                    throw ServingException.BadRequest($"input '{Describe.Clip(name)}': 'data' holds an object; tensor data are numbers, strings, booleans or null");
                default:
                    if (first) nested = false;
                    first = false;
                    if (nested && depth != rank)
                        throw ServingException.BadRequest($"input '{Describe.Clip(name)}': 'data' mixes values and arrays at one level");
                    if (k >= total)
                        throw ServingException.BadRequest($"input '{Describe.Clip(name)}': 'data' holds more values than shape [{string.Join(", ", shape)}] allows ({total})");
                    counts[depth - 1]++;
                    (single ?? many![k % many.Length]).Add(ref r);
                    k++;
                    break;
            }
        }
    }
}
