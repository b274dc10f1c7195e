using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Augur.Server.Http;

/// <summary>Pooled JSON response buffers and small JSON helpers.</summary>
internal static class JsonText
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>A JSON array of strings, as text (for OIP parameters, whose values must be scalars).</summary>
    public static string StringArray(IEnumerable<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartArray();
            foreach (var v in values) w.WriteStringValue(v);
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>A pooled buffer and writer for one JSON response: rent, write, send (which returns it to the pool).</summary>
internal sealed class JsonResponse
{
    private static readonly ConcurrentQueue<JsonResponse> s_pool = new();
    private static int s_pooled;
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);

    private JsonResponse() => Writer = new Utf8JsonWriter(_buffer, JsonText.WriterOptions);

    public Utf8JsonWriter Writer { get; }

    public static JsonResponse Rent()
    {
        if (s_pool.TryDequeue(out var r))
        {
            Interlocked.Decrement(ref s_pooled);
            return r;
        }
        return new JsonResponse();
    }

    private void Return()
    {
        _buffer.ResetWrittenCount();
        Writer.Reset(_buffer);
        if (_buffer.Capacity > 1 << 20) return;
        if (Interlocked.Increment(ref s_pooled) > 256)
        {
            Interlocked.Decrement(ref s_pooled);
            return;
        }
        s_pool.Enqueue(this);
    }

    /// <summary>Sends the written JSON with <paramref name="status"/> and a Content-Length, then returns this to the pool.</summary>
    public async Task SendAsync(HttpContext context, int status)
    {
        try
        {
            Writer.Flush();
            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.ContentLength = _buffer.WrittenCount;
            if (!HttpMethods.IsHead(context.Request.Method))
                await response.Body.WriteAsync(_buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            Return();
        }
    }

    /// <summary>Sends text with a Content-Length (headers only for HEAD).</summary>
    public static Task SendTextAsync(HttpContext context, string contentType, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    /// <summary>Sends <c>{"error": message}</c>.</summary>
    public static Task SendErrorAsync(HttpContext context, int status, string message)
    {
        var r = Rent();
        r.Writer.WriteStartObject();
        r.Writer.WriteString("error"u8, message);
        r.Writer.WriteEndObject();
        return r.SendAsync(context, status);
    }
}
