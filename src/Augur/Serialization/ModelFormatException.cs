namespace Augur.Serialization;

/// <summary>
/// A model file cannot be read: it is not an Augur model, it is truncated or corrupted, it was written by a newer
/// Augur, or it names a model kind this Augur does not know. The message says which.
/// </summary>
public sealed class ModelFormatException : AugurException
{
    /// <summary>Creates the exception.</summary>
    public ModelFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public ModelFormatException(string message, Exception? innerException) : base(message, innerException) { }
}
