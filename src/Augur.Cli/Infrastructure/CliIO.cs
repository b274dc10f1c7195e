using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Augur.Cli.Infrastructure;

/// <summary>
/// Where a command writes: tables and progress on a terminal; plain aligned text when piped; exactly one JSON
/// document on stdout with <c>--json</c>. Errors and progress never go to stdout in JSON mode.
/// </summary>
public sealed class CliIO
{
    /// <summary>Creates the output for one invocation.</summary>
    public CliIO(TextWriter stdout, TextWriter stderr, bool isTerminal)
    {
        Out = stdout;
        Err = stderr;
        IsTerminal = isTerminal;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(stdout),
        });
        if (!isTerminal) Console.Profile.Width = 160;
    }

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Err { get; }

    /// <summary>True when stdout is an interactive terminal.</summary>
    public bool IsTerminal { get; }

    /// <summary>The Spectre console over stdout.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Writes a line of plain text.</summary>
    public void Line(string text = "") => Out.WriteLine(text);

    /// <summary>Writes a section heading.</summary>
    public void Heading(string text)
    {
        if (IsTerminal) Console.Write(new Rule($"[bold]{Markup.Escape(text)}[/]").LeftJustified());
        else
        {
            Out.WriteLine(text);
            Out.WriteLine(new string('-', Math.Min(text.Length, 100)));
        }
    }

    /// <summary>Writes a table: boxed on a terminal, aligned plain text otherwise. Numeric-looking cells are right-aligned.</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? title = null)
    {
        var data = rows.ToList();
        var numeric = new bool[headers.Count];
        for (var j = 0; j < headers.Count; j++)
            numeric[j] = data.Count > 0 && data.All(r => j >= r.Count || r[j].Length == 0 || double.TryParse(r[j], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (IsTerminal)
        {
            var table = new Table().Border(TableBorder.Rounded);
            if (title is not null) table.Title($"[bold]{Markup.Escape(title)}[/]");
            for (var j = 0; j < headers.Count; j++)
            {
                var col = new TableColumn(Markup.Escape(headers[j]));
                if (numeric[j]) col.RightAligned();
                table.AddColumn(col);
            }
            foreach (var r in data) table.AddRow(r.Select(c => (IRenderable)new Text(c)).ToArray());
            Console.Write(table);
            return;
        }
        if (title is not null) Out.WriteLine(title);
        var widths = headers.Select((h, j) => Math.Max(h.Length, data.Count == 0 ? 0 : data.Max(r => j < r.Count ? r[j].Length : 0))).ToArray();
        string Pad(string s, int j) => numeric[j] ? s.PadLeft(widths[j]) : s.PadRight(widths[j]);
        Out.WriteLine(string.Join("  ", headers.Select((h, j) => Pad(h, j))).TrimEnd());
        Out.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var r in data) Out.WriteLine(string.Join("  ", headers.Select((_, j) => Pad(j < r.Count ? r[j] : "", j))).TrimEnd());
    }

    /// <summary>Writes a key/value list as a two-column table.</summary>
    public void KeyValues(IEnumerable<(string Key, string Value)> items, string? title = null) =>
        Table(["name", "value"], items.Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value]), title);

    /// <summary>Writes exactly one JSON document on stdout.</summary>
    public void Json(JsonNode document)
    {
        Out.WriteLine(document.ToJsonString(CliJson.Options));
        Out.Flush();
    }

    /// <summary>Writes a progress note on stderr when on a terminal (never in JSON output, never when piped).</summary>
    public void Note(string text)
    {
        if (IsTerminal) Err.WriteLine(text);
    }

    /// <summary>
    /// Runs <paramref name="work"/>, showing its progress messages as a live status line (spinner) on a terminal; when
    /// piped or in JSON mode nothing is shown, so stdout stays clean.
    /// </summary>
    public T WithStatus<T>(string initial, bool quiet, Func<IProgress<string>, T> work)
    {
        if (!IsTerminal || quiet) return work(new SyncProgress(_ => { }));
        return Console.Status().Spinner(Spinner.Known.Dots).Start(initial, ctx => work(new SyncProgress(m => ctx.Status(Markup.Escape(m)))));
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread, in order (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    /// <summary>Formats a number for tables: up to 4 significant decimals, invariant culture.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "" :
        Math.Abs(value) >= 1e6 || (Math.Abs(value) < 1e-3 && value != 0) ? value.ToString("0.####e+0", CultureInfo.InvariantCulture) :
        value.ToString("0.####", CultureInfo.InvariantCulture);
}

/// <summary>JSON settings of the tool's <c>--json</c> output.</summary>
public static class CliJson
{
    /// <summary>Indented, snake_case, non-finite numbers written as null by the callers.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A JSON number, or null when the value is NaN or infinite.</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>A JSON object of metric name → value.</summary>
    public static JsonObject Metrics(IReadOnlyDictionary<string, double> metrics)
    {
        var o = new JsonObject();
        foreach (var (k, v) in metrics) o[k] = Number(v);
        return o;
    }
}
