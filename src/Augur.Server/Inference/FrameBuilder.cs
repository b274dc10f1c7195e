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
