using System.CommandLine;
using Augur.Cli.Commands;
using Augur.Cli.Infrastructure;

namespace Augur.Cli;

/// <summary>The <c>augur</c> tool: builds the command tree, runs it, and maps failures to exit codes and one-line messages.</summary>
public static class CliApp
{
    /// <summary>The verbs, in the order help lists them.</summary>
    internal static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new QuickstartCommand(),
        new DescribeCommand(),
        new TrainCommand(),
        new EvaluateCommand(),
        new PredictCommand(),
        new CvCommand(),
        new TuneCommand(),
        new ExplainCommand(),
        new ServeCommand(),
    ];

    /// <summary>Runs the tool with <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool isTerminal = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        var io = new CliIO(stdout, stderr, isTerminal);
        try
        {
            var root = new RootCommand("Augur: the predictive-modeling lifecycle for .NET — describe data, train, evaluate, predict, tune, explain and serve models.");
            foreach (var c in Commands) root.Subcommands.Add(c.Build(io));
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors) stderr.WriteLine($"augur: {OneLine(e.Message)}");
                stderr.WriteLine("Run 'augur --help' or 'augur <command> --help' for usage.");
                return ExitCodes.UsageError;
            }
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (Unwrap(e) is var inner && inner is UsageException or UnknownParameterException)
        {
            stderr.WriteLine($"augur: {OneLine(inner.Message)}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (Unwrap(e) is var inner && inner is AugurException or FileNotFoundException or DirectoryNotFoundException
                                      or UnauthorizedAccessException or IOException)
        {
            stderr.WriteLine($"augur: error: {OneLine(inner.Message)}");
            return ExitCodes.UserError;
        }
        catch (Exception e)
        {
            var inner = Unwrap(e);
            stderr.WriteLine($"augur: internal error: {inner.GetType().Name}: {OneLine(inner.Message)} (set AUGUR_DEBUG=1 for details)");
            if (Environment.GetEnvironmentVariable("AUGUR_DEBUG") is "1" or "true") stderr.WriteLine(inner);
            return ExitCodes.UserError;
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
        while (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
        return e;
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
