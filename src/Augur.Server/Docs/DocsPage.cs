namespace Augur.Server.Docs;

/// <summary>A small self-contained documentation page (no external scripts, styles or fonts) that reads <c>/openapi.json</c>.</summary>
public static class DocsPage
{
    /// <summary>The page.</summary>
    public const string Html = """
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
<header><h1>Augur model server</h1><div id="ver"></div></header>
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
<div id="ops">Loading /openapi.json …</div>
</main>
<script>
(function () {
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  fetch('openapi.json').then(function (r) { return r.json(); }).then(function (doc) {
    document.getElementById('ver').textContent = 'version ' + doc.info.version;
    var ops = document.getElementById('ops');
    ops.textContent = '';
    var groups = {};
    Object.keys(doc.paths).forEach(function (path) {
      var item = doc.paths[path];
      Object.keys(item).forEach(function (method) {
        var op = item[method];
        var tag = (op.tags && op.tags[0]) || 'Other';
        (groups[tag] = groups[tag] || []).push({ path: path, method: method.toUpperCase(), op: op });
      });
    });
    Object.keys(groups).forEach(function (tag) {
      ops.appendChild(el('h3', null, tag));
      groups[tag].forEach(function (o) {
        var d = el('div', 'op');
        d.appendChild(el('span', 'm ' + o.method, o.method));
        d.appendChild(el('code', null, o.path));
        d.appendChild(el('div', null, o.op.summary || ''));
        d.appendChild(el('div', 'codes', 'responses: ' + Object.keys(o.op.responses || {}).join(', ') + ((o.op.security && o.op.security.length === 0) ? ' · open' : '')));
        ops.appendChild(d);
      });
    });
  }).catch(function (e) { document.getElementById('ops').textContent = 'Cannot read /openapi.json: ' + e; });
})();
</script>
</body>
</html>
""";
}
