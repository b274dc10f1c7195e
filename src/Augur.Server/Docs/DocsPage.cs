namespace Augur.Server.Docs;

/// <summary>A small self-contained documentation page (no scripts, no external styles or fonts) listing every endpoint.</summary>
public static class DocsPage
{
    /// <summary>The page for <paramref name="routes"/>, grouped by protocol, with what each endpoint does and answers.</summary>
    public static string Render(IReadOnlyList<Http.ServedRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var sb = new System.Text.StringBuilder();
        foreach (var group in routes.GroupBy(r => OpenApiDocument.About(r.Name).Tag))
        {
            sb.Append("<h3>").Append(Encode(group.Key)).Append("</h3>\n");
            foreach (var r in group)
            {
                var about = OpenApiDocument.About(r.Name);
                sb.Append("<div class=\"op\"><span class=\"m ").Append(r.Method).Append("\">").Append(r.Method).Append("</span><code>")
                  .Append(Encode(r.Template)).Append("</code><div>").Append(Encode(about.Summary)).Append("</div><div class=\"codes\">")
                  .Append(r.Open ? "open (no API key)" : "needs the API key when the server has keys").Append("</div></div>\n");
            }
        }
        return Template.Replace("{{ENDPOINTS}}", sb.ToString(), StringComparison.Ordinal)
            .Replace("{{VERSION}}", Encode(Augur.Serialization.ModelFile.AugurVersion), StringComparison.Ordinal);
    }

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    private const string Template = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Augur model server</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1b1f24;background:#fafbfc}
header{background:#1f2937;color:#fff;padding:16px 28px}
header h1{margin:0;font-size:20px}
main{max-width:980px;margin:0 auto;padding:20px 28px}
h2{border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}
.op{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:10px 0;padding:10px 14px}
.m{display:inline-block;min-width:52px;font-weight:700;font-family:ui-monospace,monospace;border-radius:4px;padding:1px 6px;margin-right:8px;color:#fff;text-align:center}
.GET{background:#0969da}.POST{background:#1a7f37}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:10px;overflow:auto}
.codes{color:#57606a;font-size:13px}
</style>
</head>
<body>
<header><h1>Augur model server</h1><div>version {{VERSION}}</div></header>
<main>
<p>This server speaks the <b>Open Inference Protocol</b> (KServe V2), the <b>TensorFlow Serving</b> REST shape and the
<b>MLflow</b> scoring shape. Errors are <code>{"error": "…"}</code>. Responses produced by a model carry
<code>X-Model-Name</code>, <code>X-Model-Version</code> and <code>X-Model-Revision</code>. When the server has API keys, send
<code>Authorization: Bearer &lt;key&gt;</code> or <code>X-API-Key: &lt;key&gt;</code> (health probes stay open).
The machine-readable description is at <a href="openapi.json">/openapi.json</a>.</p>
<h2>Examples</h2>
<p>Open Inference Protocol, one tensor per input column:</p>
<pre>curl -s localhost:8080/v2/models/MODEL/infer -H 'Content-Type: application/json' -d '{
  "id": "42",
  "inputs": [
    {"name": "age", "datatype": "FP64", "shape": [2], "data": [41, 57]},
    {"name": "city", "datatype": "BYTES", "shape": [2], "data": ["Oslo", "Lima"]}
  ]}'</pre>
<p>One 2-D tensor of all (numeric) inputs in signature order:</p>
<pre>{"inputs": [{"name": "input", "datatype": "FP64", "shape": [1, 3], "data": [[5.1, 3.5, 1.4]]}]}</pre>
<p>TensorFlow Serving: <code>POST /v1/models/MODEL:predict</code> with <code>{"instances": [[5.1, 3.5, 1.4]]}</code> or
<code>{"instances": [{"age": 41, "city": "Oslo"}]}</code> or <code>{"inputs": {"age": [41], "city": ["Oslo"]}}</code>.</p>
<p>MLflow: <code>POST /invocations</code> with <code>{"dataframe_split": {"columns": ["age", "city"], "data": [[41, "Oslo"]]}}</code>,
<code>{"dataframe_records": [{"age": 41, "city": "Oslo"}]}</code>, or a <code>text/csv</code> body with a header row.</p>
<h2>Endpoints</h2>
{{ENDPOINTS}}
</main>
</body>
</html>
""";
}
