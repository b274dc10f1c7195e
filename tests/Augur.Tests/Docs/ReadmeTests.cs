using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Augur.Tests.Docs;

/// <summary>The README's promises: the two set-up commands, CI calling the same test command, and a library example that compiles and runs.</summary>
public sealed partial class ReadmeTests
{
    private static string Readme => File.ReadAllText(Path.Combine(TestData.RepoRoot, "README.md")).ReplaceLineEndings("\n");

    private static List<(string Lang, string Code)> CodeBlocks() =>
        FenceRegex().Matches(Readme).Select(m => (m.Groups[1].Value, m.Groups[2].Value.TrimEnd('\n'))).ToList();

    [GeneratedRegex(@"^```([a-z]*)\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FenceRegex();

    [Fact]
    public void FirstCodeBlockHoldsExactlyTheTwoCommands()
    {
        var first = CodeBlocks()[0].Code.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, first.Length);
        Assert.Equal("dotnet run --project src/Augur.Cli -- quickstart", first[0]);
        Assert.Equal("./test.sh", first[1]);
    }

    [Fact]
    public void CiRunsTheReadmeTestCommand()
    {
        var ci = File.ReadAllLines(Path.Combine(TestData.RepoRoot, ".ci", "run"))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("set ", StringComparison.Ordinal) && !l.StartsWith("cd ", StringComparison.Ordinal) && !l.StartsWith("export ", StringComparison.Ordinal))
            .ToArray();
        var testCommand = CodeBlocks()[0].Code.Split('\n')[1];
        Assert.Equal([testCommand], ci);
    }

    [Fact]
    public void LibraryExampleInTheReadmeIsTheCompiledExample()
    {
        var example = File.ReadAllText(Path.Combine(TestData.RepoRoot, "examples", "QuickExample", "Program.cs")).ReplaceLineEndings("\n").TrimEnd('\n');
        Assert.Contains(CodeBlocks(), b => b.Lang == "csharp" && b.Code == example);
    }

    [Fact]
    public void LibraryExampleRuns()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QuickExample.dll"));
        psi.ArgumentList.Add(TestData.Path("breast_cancer.csv"));
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        Assert.Matches(@"accuracy 0\.9\d\d", stdout);
        Assert.Matches(@"ROC AUC  0\.9\d\d", stdout);
        Assert.Contains("reloaded: same predictions", stdout);
        Assert.Matches(@"margin -?\d+\.\d{3} = base -?\d+\.\d{3} \+ the SHAP values", stdout);
    }
}
