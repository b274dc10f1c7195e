using Augur.Data;

namespace Augur.Server.Inference;

/// <summary>One <see cref="ColumnBuffer"/> per input column; builds the request's single <see cref="Frame"/>.</summary>
internal sealed class FrameBuilder
{
    private readonly ColumnBuffer?[] _buffers;

    public FrameBuilder(InputSchema schema, int maxBatch, int capacity = 1)
    {
        Schema = schema;
        MaxBatch = maxBatch;
        Capacity = capacity;
        _buffers = new ColumnBuffer?[schema.Count];
    }

    public InputSchema Schema { get; }

    public int MaxBatch { get; }

    private int Capacity { get; }

    /// <summary>The buffer of input <paramref name="index"/>, created on first use.</summary>
    public ColumnBuffer this[int index] => _buffers[index] ??= new ColumnBuffer(Schema, index, Capacity);

    /// <summary>The request body's length in bytes; bounds how many values a declared shape can really hold.</summary>
    public int BodyLength { get; init; } = int.MaxValue;

    /// <summary>
    /// Room to reserve for <paramref name="rows"/> declared rows of <paramref name="columns"/> values each: no more than the
    /// body can hold (a value takes at least two bytes with its separator), so a small body declaring a huge shape
    /// allocates little. Buffers grow if the data really is larger.
    /// </summary>
    public int Plausible(long rows, int columns) => (int)Math.Clamp(Math.Min(rows, BodyLength / 2 / Math.Max(columns, 1) + 1), 1, MaxBatch);

    /// <summary>The buffer of input <paramref name="index"/>, created with room for <paramref name="capacity"/> rows.</summary>
    public ColumnBuffer Create(int index, int capacity) => _buffers[index] ??= new ColumnBuffer(Schema, index, capacity);

    /// <summary>True when input <paramref name="index"/> has received values (or was declared).</summary>
    public bool Has(int index) => _buffers[index] is not null;

    /// <summary>Throws the 400 for a request with more rows than allowed.</summary>
    public void CheckRows(long rows)
    {
        if (rows > MaxBatch)
            throw ServingException.BadRequest($"the request holds {rows} rows; this server accepts at most {MaxBatch} per request (--max-batch)");
    }

    /// <summary>The frame of every input column, in signature order. Every column must be present with the same number of rows.</summary>
    public Frame Build()
    {
        var columns = new Column[_buffers.Length];
        var rows = -1;
        string? first = null;
        for (var j = 0; j < _buffers.Length; j++)
        {
            var b = _buffers[j] ?? throw ServingException.BadRequest(
                $"input '{Schema.Names[j]}' is missing; the model's inputs are: {Schema.NameList}");
            if (rows < 0) { rows = b.Count; first = b.Name; }
            else if (b.Count != rows)
                throw ServingException.BadRequest($"input '{b.Name}' has {b.Count} rows but input '{first}' has {rows}");
            columns[j] = b.Build();
        }
        if (rows == 0) throw ServingException.BadRequest("the request holds no rows");
        CheckRows(rows);
        return new Frame(columns);
    }
}
