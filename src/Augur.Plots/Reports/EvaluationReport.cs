using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Augur.Data;
using Augur.Serialization;

namespace Augur.Plots;

/// <summary>
/// A model evaluation report as one self-contained HTML file: inline CSS, charts embedded as base64 PNG or inline
/// SVG, no scripts, fonts or anything else fetched from elsewhere. Build one step by step (model card, data
/// summary, metrics, charts) or all at once with <see cref="Build"/>; then <see cref="Save"/> it, or
/// <see cref="SavePlots"/> to write every chart as a PNG.
/// </summary>
public sealed partial class EvaluationReport
{
    private readonly List<(string Section, Chart Chart, string? Caption)> _charts = [];
    private readonly List<(string Section, string Text)> _notes = [];
    private readonly List<string> _sectionOrder = [];
    private readonly List<MetricEstimate> _metrics = [];
    private string? _metricsNote;
    private IModel? _model;
    private ModelCard? _card;
    private DataSummary? _data;

    /// <summary>Starts an empty report.</summary>
    /// <param name="title">The report's title.</param>
    public EvaluationReport(string title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        Title = title;
    }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>When the report was made (shown in its header).</summary>
    public DateTimeOffset CreatedAt { get; private set; } = DateTimeOffset.UtcNow;

    /// <summary>The charts, in the order they appear.</summary>
    public IReadOnlyList<Chart> Charts => _charts.Select(c => c.Chart).ToArray();

    /// <summary>The metrics, in order.</summary>
    public IReadOnlyList<MetricEstimate> Metrics => _metrics;

    /// <summary>The data summary, when one was added.</summary>
    public DataSummary? Data => _data;

    /// <summary>Sets the time shown in the header (for reproducible output).</summary>
    /// <param name="createdAt">The time.</param>
    public EvaluationReport WithCreatedAt(DateTimeOffset createdAt)
    {
        CreatedAt = createdAt;
        return this;
    }

    /// <summary>Adds the model card section: kind, options, signature, training data and provenance.</summary>
    /// <param name="model">The model (its kind and signature).</param>
    /// <param name="card">The card from the model file, if any.</param>
    public EvaluationReport WithModel(IModel model, ModelCard? card = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _card = card;
        return this;
    }

    /// <summary>Adds the data summary of the evaluation data.</summary>
    /// <param name="x">The features.</param>
    /// <param name="y">The target, if any.</param>
    public EvaluationReport WithData(Frame x, Column? y = null)
    {
        _data = DataSummary.Of(x, y);
        return this;
    }

    /// <summary>Adds metrics (with confidence intervals where they have them).</summary>
    /// <param name="metrics">The metrics, in display order.</param>
    /// <param name="note">A line under the table (for example how the intervals were made).</param>
    public EvaluationReport WithMetrics(IEnumerable<MetricEstimate> metrics, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics.AddRange(metrics);
        _metricsNote = note ?? _metricsNote;
        return this;
    }

    /// <summary>Adds a chart to a section (sections appear in the order first used).</summary>
    /// <param name="section">The section heading (for example "Performance").</param>
    /// <param name="chart">The chart.</param>
    /// <param name="caption">An optional caption.</param>
    public EvaluationReport AddChart(string section, Chart chart, string? caption = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        ArgumentNullException.ThrowIfNull(chart);
        Use(section);
        _charts.Add((section, chart, caption));
        return this;
    }

    /// <summary>Adds a paragraph of text to a section.</summary>
    /// <param name="section">The section heading.</param>
    /// <param name="text">The text (plain; it is escaped).</param>
    public EvaluationReport AddText(string section, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        ArgumentNullException.ThrowIfNull(text);
        Use(section);
        _notes.Add((section, text));
        return this;
    }

    /// <summary>Writes the report as one self-contained HTML file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="format">How charts are embedded.</param>
    public void Save(string path, ReportImageFormat format = ReportImageFormat.Png)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
            throw new AugurException($"cannot write the report to '{path}': the folder '{folder}' does not exist");
        File.WriteAllText(path, ToHtml(format), new UTF8Encoding(false));
    }

    /// <summary>Writes every chart as a PNG into <paramref name="folder"/> (created if needed), named by position and kind (<c>01-confusion_matrix.png</c>); returns the paths.</summary>
    /// <param name="folder">The folder.</param>
    public IReadOnlyList<string> SavePlots(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        for (var i = 0; i < _charts.Count; i++)
        {
            var path = Path.Combine(folder, $"{i + 1:00}-{_charts[i].Chart.Kind}.png");
            _charts[i].Chart.Save(path);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>The report as HTML text.</summary>
    /// <param name="format">How charts are embedded.</param>
    public string ToHtml(ReportImageFormat format = ReportImageFormat.Png)
    {
        var html = new StringBuilder(1 << 16);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // Nothing may be fetched: no scripts at all, and images only from data: URIs.
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n");
        html.Append("<title>").Append(E(Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<header><h1>").Append(E(Title)).Append("</h1><p class=\"meta\">Generated by Augur ")
            .Append(E(ModelFile.AugurVersion)).Append(" on ").Append(E(CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append("</p></header>\n<main>\n");

        var toc = new List<(string Id, string Name)>();
        if (_model is not null) toc.Add(("model", "Model card"));
        if (_data is not null) toc.Add(("data", "Data"));
        if (_metrics.Count > 0) toc.Add(("metrics", "Metrics"));
        foreach (var s in _sectionOrder) toc.Add((SectionId(s), s));
        if (toc.Count > 1)
        {
            html.Append("<nav><ul>");
            foreach (var (id, name) in toc) html.Append("<li><a href=\"#").Append(id).Append("\">").Append(E(name)).Append("</a></li>");
            html.Append("</ul></nav>\n");
        }

        if (_model is not null) AppendModel(html);
        if (_data is not null) AppendData(html, _data);
        if (_metrics.Count > 0) AppendMetrics(html);
        var figure = 0;
        foreach (var section in _sectionOrder)
        {
            html.Append("<section id=\"").Append(SectionId(section)).Append("\"><h2>").Append(E(section)).Append("</h2>\n");
            foreach (var (_, text) in _notes.Where(n => n.Section == section)) html.Append("<p>").Append(E(text)).Append("</p>\n");
            html.Append("<div class=\"grid\">\n");
            foreach (var (_, chart, caption) in _charts.Where(c => c.Section == section))
            {
                figure++;
                html.Append("<figure>");
                if (format == ReportImageFormat.Svg) html.Append(InlineSvg(chart, figure));
                else
                {
                    html.Append("<img src=\"").Append(chart.ToPngDataUri()).Append("\" width=\"").Append(chart.Width)
                        .Append("\" height=\"").Append(chart.Height).Append("\" alt=\"").Append(E(chart.Title.Length > 0 ? chart.Title : chart.Kind)).Append("\">");
                }
                if (caption is not null) html.Append("<figcaption>").Append(E(caption)).Append("</figcaption>");
                html.Append("</figure>\n");
            }
            html.Append("</div>\n</section>\n");
        }
        html.Append("</main>\n<footer>Self-contained report: no scripts, fonts or images are loaded from anywhere else.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private void Use(string section)
    {
        if (!_sectionOrder.Contains(section)) _sectionOrder.Add(section);
    }

    private void AppendModel(StringBuilder html)
    {
        var model = _model!;
        var card = _card;
        html.Append("<section id=\"model\"><h2>Model card</h2>\n<table class=\"kv\">\n");
        Row(html, "Name", card?.Name);
        Row(html, "Description", card?.Description);
        Row(html, "Model kind", model.Kind);
        Row(html, "Estimator", card?.Estimator);
        Row(html, "Task", (model as IPredictor)?.Task.ToString() ?? model.Signature.Task.ToString());
        Row(html, "Target", model.Signature.Target);
        if (model.Signature.Classes is { } classes)
            Row(html, "Classes", string.Join(", ", classes.Names));
        if (card?.TrainingData is { } fp)
        {
            Row(html, "Training data", $"{fp.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows × {fp.Columns.ToString(CultureInfo.InvariantCulture)} columns");
            Row(html, "Training data fingerprint", $"SHA-256 {fp.Sha256}", code: true);
        }
        if (card is not null)
        {
            Row(html, "Created", card.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
            Row(html, "Augur version", card.AugurVersion);
            if (card.Metrics is { Count: > 0 } stored)
                Row(html, $"Recorded metrics{(card.MetricsOn is null ? "" : $" ({card.MetricsOn})")}",
                    string.Join(", ", stored.Select(p => $"{p.Key} = {Number(p.Value)}")));
            if (card.Tags is { Count: > 0 } tags) Row(html, "Tags", string.Join(", ", tags.Select(p => $"{p.Key}={p.Value}")));
        }
        html.Append("</table>\n");
        if (card?.Options is { Count: > 0 } options)
        {
            html.Append("<h3>Options</h3>\n<table class=\"kv\">\n");
            foreach (var (k, v) in options.OrderBy(p => p.Key, StringComparer.Ordinal)) Row(html, k, v, code: true);
            html.Append("</table>\n");
        }
        html.Append("<h3>Signature</h3>\n<table>\n<thead><tr><th>Input</th><th>Type</th><th>Missing allowed</th><th>Categories</th></tr></thead>\n<tbody>\n");
        foreach (var input in model.Signature.Inputs)
        {
            html.Append("<tr><td>").Append(E(input.Name)).Append("</td><td>").Append(E(input.Type.ToName())).Append("</td><td>")
                .Append(input.AllowsMissing ? "yes" : "no").Append("</td><td>");
            if (input.Categories is { Count: > 0 } cats)
                html.Append(E(string.Join(", ", cats.Take(12)) + (cats.Count > 12 ? $", … ({cats.Count} in all)" : "")));
            html.Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void AppendData(StringBuilder html, DataSummary data)
    {
        html.Append("<section id=\"data\"><h2>Data</h2>\n<p>")
            .Append(data.Rows.ToString("N0", CultureInfo.InvariantCulture)).Append(" rows, ")
            .Append(data.Columns.Count(c => !c.IsTarget).ToString(CultureInfo.InvariantCulture)).Append(" feature columns")
            .Append(data.Columns.Any(c => c.IsTarget) ? " and a target" : "").Append("; ")
            .Append(data.MissingCells.ToString("N0", CultureInfo.InvariantCulture)).Append(" missing values.</p>\n");
        html.Append("<table>\n<thead><tr><th>Column</th><th>Type</th><th>Missing</th><th>Distinct</th><th>Mean</th><th>Std</th><th>Min</th><th>Max</th><th>Most frequent</th></tr></thead>\n<tbody>\n");
        foreach (var c in data.Columns)
        {
            html.Append(c.IsTarget ? "<tr class=\"target\">" : "<tr>")
                .Append("<td>").Append(E(c.Name)).Append(c.IsTarget ? " <span class=\"tag\">target</span>" : "").Append("</td>")
                .Append("<td>").Append(E(c.Type)).Append("</td>")
                .Append("<td class=\"num\">").Append(c.Missing.ToString("N0", CultureInfo.InvariantCulture));
            if (c.Missing > 0 && data.Rows > 0) html.Append(" (").Append((100.0 * c.Missing / data.Rows).ToString("0.#", CultureInfo.InvariantCulture)).Append("%)");
            html.Append("</td><td class=\"num\">").Append(c.Distinct.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td class=\"num\">").Append(Number(c.Mean)).Append("</td>")
                .Append("<td class=\"num\">").Append(Number(c.StandardDeviation)).Append("</td>")
                .Append("<td class=\"num\">").Append(Number(c.Min)).Append("</td>")
                .Append("<td class=\"num\">").Append(Number(c.Max)).Append("</td>")
                .Append("<td>").Append(E(c.Top ?? "")).Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private void AppendMetrics(StringBuilder html)
    {
        html.Append("<section id=\"metrics\"><h2>Metrics</h2>\n<table>\n<thead><tr><th>Metric</th><th>Value</th><th>Confidence interval</th></tr></thead>\n<tbody>\n");
        foreach (var m in _metrics)
        {
            html.Append("<tr><td>").Append(E(m.Name)).Append("</td><td class=\"num\">").Append(Number(m.Value, 4)).Append("</td><td class=\"num\">");
            if (m.Lower is { } lo && m.Upper is { } hi)
            {
                html.Append('[').Append(Number(lo, 4)).Append(", ").Append(Number(hi, 4)).Append(']');
                if (m.Confidence is { } c) html.Append(" <span class=\"muted\">").Append((100 * c).ToString("0.#", CultureInfo.InvariantCulture)).Append("%</span>");
            }
            else html.Append("<span class=\"muted\">—</span>");
            html.Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
        if (_metricsNote is not null) html.Append("<p class=\"muted\">").Append(E(_metricsNote)).Append("</p>\n");
        html.Append("</section>\n");
    }

    private static void Row(StringBuilder html, string key, string? value, bool code = false)
    {
        if (string.IsNullOrEmpty(value)) return;
        html.Append("<tr><th>").Append(E(key)).Append("</th><td>");
        if (code) html.Append("<code>").Append(E(value)).Append("</code>");
        else html.Append(E(value));
        html.Append("</td></tr>\n");
    }

    /// <summary>The chart's SVG, ready to sit inside HTML: no XML declaration, ids made unique per figure, scalable.</summary>
    private static string InlineSvg(Chart chart, int figure)
    {
        var svg = chart.ToSvg();
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException("the chart's SVG has no <svg> element");
        svg = svg[start..];
        var prefix = $"f{figure}-";
        svg = SvgId().Replace(svg, m => $"{m.Groups[1].Value}=\"{prefix}{m.Groups[2].Value}\"");
        svg = SvgUrl().Replace(svg, m => $"url(#{prefix}{m.Groups[1].Value})");
        svg = SvgHref().Replace(svg, m => $"{m.Groups[1].Value}=\"#{prefix}{m.Groups[2].Value}\"");
        var label = E(chart.Title.Length > 0 ? chart.Title : chart.Kind);
        svg = "<svg role=\"img\" aria-label=\"" + label + "\" viewBox=\"0 0 " + chart.Width.ToString(CultureInfo.InvariantCulture) + " " +
              chart.Height.ToString(CultureInfo.InvariantCulture) + "\"" + svg[4..];
        return svg;
    }

    private static string SectionId(string section) => "s-" + SectionSlug().Replace(section.ToLowerInvariant(), "-").Trim('-');

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string Number(double? value, int digits = 4) =>
        value is not { } v ? "" : double.IsNaN(v) ? "NaN" : ChartKit.Format(v, digits);

    [GeneratedRegex("\\b(id)=\"([^\"]+)\"")]
    private static partial Regex SvgId();

    [GeneratedRegex("url\\(#([^)]+)\\)")]
    private static partial Regex SvgUrl();

    [GeneratedRegex("((?:xlink:)?href)=\"#([^\"]+)\"")]
    private static partial Regex SvgHref();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SectionSlug();

    private const string Css = """
        :root { --fg: #1d2330; --muted: #5b6475; --line: #dde2ea; --accent: #1f77b4; --bg: #f6f8fb; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); line-height: 1.45; }
        header { background: #ffffff; border-bottom: 1px solid var(--line); padding: 20px 32px; }
        h1 { margin: 0; font-size: 26px; }
        h2 { margin: 0 0 12px; font-size: 20px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
        h3 { font-size: 16px; margin: 18px 0 8px; }
        .meta, .muted { color: var(--muted); font-size: 13px; }
        main { max-width: 1320px; margin: 0 auto; padding: 16px 32px 32px; }
        nav ul { list-style: none; padding: 0; margin: 8px 0 16px; display: flex; flex-wrap: wrap; gap: 8px; }
        nav a { display: inline-block; padding: 4px 10px; border: 1px solid var(--line); border-radius: 14px; background: #fff; color: var(--accent); text-decoration: none; font-size: 14px; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px; margin: 16px 0; overflow-x: auto; }
        table { border-collapse: collapse; font-size: 14px; margin: 4px 0; }
        th, td { border-bottom: 1px solid var(--line); padding: 5px 12px 5px 0; text-align: left; vertical-align: top; }
        thead th { color: var(--muted); font-weight: 600; }
        table.kv th { color: var(--muted); font-weight: 600; white-space: nowrap; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.target td { background: #f1f6fc; }
        .tag { font-size: 11px; background: var(--accent); color: #fff; border-radius: 8px; padding: 1px 6px; }
        code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; word-break: break-all; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
        figure { margin: 0; }
        figure img, figure svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
        figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
        footer { text-align: center; color: var(--muted); font-size: 12px; padding: 12px 0 24px; }

        """;
}
