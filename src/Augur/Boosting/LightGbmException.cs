namespace Augur.Boosting;

/// <summary>
/// LightGBM refused a call: a bad parameter name or value, data it cannot use, or a model text it cannot read. The
/// message is LightGBM's own (from <c>LGBM_GetLastError</c>), prefixed with what Augur was doing.
/// </summary>
public sealed class LightGbmException : AugurException
{
    /// <summary>Creates the exception from LightGBM's message.</summary>
    public LightGbmException(string message) : base(message) { }

    /// <summary>Creates the exception from LightGBM's message and a cause.</summary>
    public LightGbmException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>LightGBM's own message, without Augur's prefix.</summary>
    public string NativeMessage { get; init; } = "";
}
