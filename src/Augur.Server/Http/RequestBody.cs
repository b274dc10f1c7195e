using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Augur.Server.Http;

/// <summary>A request body read into a pooled buffer, bounded by the server's body limit.</summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Reads the whole body; a body over <paramref name="limit"/> bytes is a 413.</summary>
    public static async Task<RequestBody> ReadAsync(HttpContext context, long limit)
    {
        var declared = context.Request.ContentLength;
        if (declared > limit) throw TooLarge(limit);
        var size = (int)Math.Min(declared is > 0 ? declared.Value : 4096, limit + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 256));
        var length = 0;
        try
        {
            var body = context.Request.Body;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit) throw TooLarge(limit);
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > limit) throw TooLarge(limit);
            }
            return new RequestBody(buffer, length);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge(limit) : new ServingException(e.StatusCode, $"the request body could not be read: {e.Message}");
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static ServingException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than this server's limit of {FormatSize(limit)} (--max-body)");

    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30}GB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20}MB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10}KB",
        _ => $"{bytes} bytes",
    };

    public void Dispose()
    {
        var b = _buffer;
        _buffer = null;
        if (b is not null) ArrayPool<byte>.Shared.Return(b);
    }
}
