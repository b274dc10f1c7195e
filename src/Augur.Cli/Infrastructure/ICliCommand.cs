using System.CommandLine;

namespace Augur.Cli.Infrastructure;

/// <summary>One verb of the tool. Implementations build their System.CommandLine command over the invocation's output.</summary>
public interface ICliCommand
{
    /// <summary>Builds the command; its action writes through <paramref name="io"/> and returns an exit code.</summary>
    Command Build(CliIO io);
}
