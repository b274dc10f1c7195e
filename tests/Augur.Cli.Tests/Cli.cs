using System.Text.Json.Nodes;

namespace Augur.Cli.Tests;

/// <summary>Runs the tool in-process and captures what it writes.</summary>
public static class Cli
{
    /// <summary>The result of one run.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Parses stdout as exactly one JSON document.</summary>
        public JsonObject Json()
        {
            Assert.True(ExitCode == 0, $"exit {ExitCode}: {Stderr}");
            return JsonNode.Parse(Stdout)!.AsObject();
        }
    }

    /// <summary>Runs <c>augur</c> with <paramref name="args"/> (not a terminal: plain output).</summary>
    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr, isTerminal: false);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs <c>augur</c> as if stdout were an interactive terminal (live displays, boxed tables).</summary>
    public static Result RunOnTerminal(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr, isTerminal: true);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The repository root.</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Augur.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>A file under data/.</summary>
    public static string Data(string file) => Path.Combine(RepoRoot, "data", file);

    /// <summary>A fresh temporary folder, deleted when the test host exits.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "augur-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
