using System.CommandLine;

namespace Augur.Cli.Infrastructure;

/// <summary>Options that read the same in every verb (DESIGN.md): --target, --model, --set, --seed, --out, --test-size, --json.</summary>
public static class CommonOptions
{
    /// <summary><c>--json</c>: print exactly one JSON document on stdout.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document on stdout instead of tables" };

    /// <summary><c>--target</c>.</summary>
    public static Option<string> Target(bool required) => new("--target", "-t") { Description = "The column to predict", Required = required };

    /// <summary><c>--model</c>.</summary>
    public static Option<string> Model() => new("--model", "-m")
    {
        Description = "Model name (auto compares several); see 'augur train --help' for the list",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary><c>--set key=value</c>, repeatable.</summary>
    public static Option<string[]> Set() => new("--set")
    {
        Description = "Model option as key=value in snake_case (repeatable), e.g. --set n_estimators=200",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--seed</c>.</summary>
    public static Option<int> Seed() => new("--seed") { Description = "Seed for every random choice", DefaultValueFactory = _ => 0 };

    /// <summary><c>--test-size</c>.</summary>
    public static Option<double> TestSize() => new("--test-size")
    {
        Description = "Fraction of rows held out for the reported metrics (0 fits on every row)",
        DefaultValueFactory = _ => 0.2,
    };

    /// <summary><c>--out</c>.</summary>
    public static Option<string> Out(string description, string? defaultValue = null)
    {
        var o = new Option<string>("--out", "-o") { Description = description };
        if (defaultValue is not null) o.DefaultValueFactory = _ => defaultValue;
        return o;
    }
}
