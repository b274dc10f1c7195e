namespace Augur.Cli.Infrastructure;

/// <summary>The tool's exit codes (DESIGN.md): 0 success, 1 user error, 2 usage error.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The input (data, model file, options' values) was wrong; one line on stderr says why.</summary>
    public const int UserError = 1;

    /// <summary>The command line itself was wrong (unknown option, missing argument, unknown --set key).</summary>
    public const int UsageError = 2;
}

/// <summary>A mistake in how the command was called (exit code 2).</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UsageException(string message) : base(message) { }
}
