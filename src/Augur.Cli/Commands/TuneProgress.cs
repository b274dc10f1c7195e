using System.Diagnostics;
using System.Globalization;
using Augur.Cli.Infrastructure;
using Augur.Data;
using Augur.ModelSelection;
using Spectre.Console;

namespace Augur.Cli.Commands;

/// <summary>
/// Runs a search while showing how it goes: on a terminal a live Spectre display (trial n/N, the last trial's score, the
/// best so far, elapsed time and a progress bar); when piped, one plain line per trial on stderr; with <c>--json</c>
/// nothing (stdout holds only the JSON document; a terminal still sees the plain lines on stderr).
/// </summary>
internal sealed class TuneProgress
{
    private readonly CliIO _io;
    private readonly bool _json;
    private readonly string _metric;
    private readonly int? _total;
    private readonly Stopwatch _watch = new();
    private double _best = double.NegativeInfinity;
    private int _bestNumber = -1;
    private int _done;
    private int _pruned;
    private int _failed;

    public TuneProgress(CliIO io, bool json, string metric, int? total)
    {
        _io = io;
        _json = json;
        _metric = metric;
        _total = total;
    }

    /// <summary>Runs <paramref name="search"/> on the data, reporting every finished trial.</summary>
    public SearchResult Run(SearchBase search, Frame x, Column y)
    {
        _watch.Start();
        if (_io.IsTerminal && !_json) return RunLive(search, x, y);
        var lines = !_json || _io.IsTerminal;
        return (search with { OnTrialComplete = t => { Record(t); if (lines) _io.Err.WriteLine(Line(t)); } }).Run(x, y);
    }

    private SearchResult RunLive(SearchBase search, Frame x, Column y)
    {
        SearchResult? result = null;
        _io.Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(Status(null)), maxValue: _total ?? 1);
                task.IsIndeterminate = _total is null;
                result = (search with
                {
                    OnTrialComplete = t =>
                    {
                        Record(t);
                        task.Description = Markup.Escape(Status(t));
                        if (_total is not null) task.Value = Math.Min(_done, _total.Value);
                    },
                }).Run(x, y);
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result!;
    }

    private void Record(Trial t)
    {
        _done++;
        if (t.State == TrialState.Pruned) _pruned++;
        if (t.State == TrialState.Failed) _failed++;
        if (t.State == TrialState.Complete && t.Score > _best)
        {
            _best = t.Score;
            _bestNumber = t.Number;
        }
    }

    private string Counter => $"trial {_done}{(_total is { } n ? "/" + n.ToString(CultureInfo.InvariantCulture) : "")}";

    private string Best => _bestNumber >= 0 ? $"{CliIO.Number(_best)} (#{_bestNumber + 1})" : "-";

    private static string Outcome(Trial t) => t.State switch
    {
        TrialState.Complete => CliIO.Number(t.Score),
        TrialState.Pruned => $"pruned at {t.PrunedAt}",
        _ => "failed",
    };

    /// <summary>The live display's description: counter, last trial, best so far, pruned and failed counts.</summary>
    private string Status(Trial? last)
    {
        if (last is null) return $"trial 0{(_total is { } n ? "/" + n.ToString(CultureInfo.InvariantCulture) : "")}  {_metric}: starting";
        var extra = (_pruned > 0 ? $"  pruned {_pruned}" : "") + (_failed > 0 ? $"  failed {_failed}" : "");
        return $"{Counter}  {_metric} {Outcome(last)}  best {Best}{extra}";
    }

    /// <summary>One plain progress line.</summary>
    private string Line(Trial t) => $"{Counter}  {_metric} {Outcome(t)}  best {Best}  {CliIO.Number(_watch.Elapsed.TotalSeconds)} s";
}
