namespace Augur.Server;

/// <summary>
/// A request the server refuses: carries the HTTP status (400, 401, 404, 413, …) and one sentence naming the field
/// at fault. The server answers it as <c>{"error": "…"}</c>.
/// </summary>
public sealed class ServingException : AugurException
{
    /// <summary>Creates the exception.</summary>
    public ServingException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    /// <summary>The HTTP status code of the answer.</summary>
    public int StatusCode { get; }

    /// <summary>A 400 Bad Request.</summary>
    public static ServingException BadRequest(string message) => new(400, message);

    /// <summary>A 404 Not Found.</summary>
    public static ServingException NotFound(string message) => new(404, message);
}
