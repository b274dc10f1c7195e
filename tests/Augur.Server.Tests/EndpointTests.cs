using System.Globalization;
using System.Text;
using System.Text.Json;
using Augur.Data;
using Augur.Serialization;
using Augur.Server.Explanations;
using Augur.Server.Http;

namespace Augur.Server.Tests;

/// <summary>Exact SHAP values of <see cref="LinearTestModel"/> against an all-zero background: coef·x, base = intercept.</summary>
internal sealed class LinearShapFactory : IExplainerFactory
{
    public IModelExplainer? Create(IModel model, ModelCard card) => model is LinearTestModel m ? new Explainer(m) : null;

    private sealed class Explainer(LinearTestModel model) : IModelExplainer
    {
        public ShapValues Explain(Frame x)
        {
            var features = model.Signature.Features(x, "shap", allowMissing: true);
            var values = new double[features.Rows * features.Cols];
            for (var i = 0; i < features.Rows; i++)
                for (var j = 0; j < features.Cols; j++)
                    values[i * features.Cols + j] = model.Coef[j] * features[i, j];
            return new ShapValues { FeatureNames = model.Signature.InputNames, OutputNames = ["value"], BaseValues = [model.Intercept], Values = values, Rows = features.Rows };
        }
    }
}

/// <summary>A folder with linear (versions 1 and 2), clf (version 1) and a server over it with small limits.</summary>
public abstract class EndpointFixture : IAsyncLifetime
{
    private readonly HostKind _kind;
    private ModelFolder? _folder;

    protected EndpointFixture(HostKind kind) => _kind = kind;

    internal ServerHarness Server { get; private set; } = null!;
    internal LinearTestModel Linear1 { get; } = LinearTestModel.Create(10);
    internal LinearTestModel Linear2 { get; } = LinearTestModel.Create(20);
    internal TestClassifier Classifier { get; } = TestClassifier.Create();

    public async Task InitializeAsync()
    {
        _folder = new ModelFolder();
        _folder.Save("linear", "1", Linear1);
        _folder.Save("linear", "2", Linear2);
        _folder.Save("clf", "1", Classifier);
        Server = await ServerHarness.StartAsync(_kind, new ServerOptions { ModelPath = _folder.Root, MaxBatch = 50, MaxBodyBytes = 64 * 1024, HotReload = false },
            new LinearShapFactory());
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder?.Dispose();
    }
}

/// <summary>The in-memory fixture.</summary>
public sealed class InMemoryEndpointFixture() : EndpointFixture(HostKind.InMemory);

/// <summary>The Kestrel fixture.</summary>
public sealed class KestrelEndpointFixture() : EndpointFixture(HostKind.Kestrel);

/// <summary>Every endpoint and every error, against the in-memory host.</summary>
public sealed class InMemoryEndpointTests(InMemoryEndpointFixture fixture) : EndpointTests(fixture), IClassFixture<InMemoryEndpointFixture>;

/// <summary>Every endpoint and every error, against Kestrel on loopback.</summary>
public sealed class KestrelEndpointTests(KestrelEndpointFixture fixture) : EndpointTests(fixture), IClassFixture<KestrelEndpointFixture>;

/// <summary>The endpoint tests, run once per host.</summary>
public abstract class EndpointTests
{
    private readonly EndpointFixture _f;

    private protected EndpointTests(EndpointFixture fixture) => _f = fixture;

    private HttpClient Client => _f.Server.Client;

    private const string ClfRows = """
        {"id": "req-7", "inputs": [
          {"name": "age", "datatype": "FP64", "shape": [3], "data": [41.5, null, 20]},
          {"name": "visits", "datatype": "INT64", "shape": [3], "data": [3, 0, 12]},
          {"name": "member", "datatype": "BOOL", "shape": [3], "data": [true, false, false]},
          {"name": "city", "datatype": "BYTES", "shape": [3], "data": ["Oslo", "Lima", "Paris"]}
        ]}
        """;

    // ---- health and metadata -------------------------------------------------------------------------------------

    [Fact]
    public async Task Health_endpoints_answer()
    {
        var live = await Client.GetJsonAsync("/v2/health/live");
        Assert.Equal(200, live.Status);
        Assert.True(live.Body.GetProperty("live").GetBoolean());
        var ready = await Client.GetJsonAsync("/v2/health/ready");
        Assert.Equal(200, ready.Status);
        Assert.True(ready.Body.GetProperty("ready").GetBoolean());
        Assert.Equal(3, ready.Body.GetProperty("models").GetInt32());
        Assert.Equal(200, (await Client.GetJsonAsync("/ping")).Status);
        Assert.Equal(200, (await Client.GetJsonAsync("/health")).Status);
        var version = await Client.GetStringAsync("/version");
        Assert.Equal(ModelFile.AugurVersion, version.Trim());
    }

    [Fact]
    public async Task Head_requests_answer_probes_without_a_body()
    {
        foreach (var path in new[] { "/v2/health/ready", "/v2/health/live", "/v2/models/clf", "/metrics" })
        {
            var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Server_metadata()
    {
        var r = await Client.GetJsonAsync("/v2");
        Assert.Equal(200, r.Status);
        Assert.Equal("augur", r.Body.GetProperty("name").GetString());
        Assert.Equal(ModelFile.AugurVersion, r.Body.GetProperty("version").GetString());
        Assert.Contains("model_repository", r.Body.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Model_metadata_describes_the_signature()
    {
        var r = await Client.GetJsonAsync("/v2/models/clf");
        Assert.Equal(200, r.Status);
        Assert.Equal("clf", r.Body.GetProperty("name").GetString());
        Assert.Equal(["1"], r.Body.GetProperty("versions").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var inputs = r.Body.GetProperty("inputs").EnumerateArray().ToArray();
        Assert.Equal(["age", "visits", "member", "city"], inputs.Select(i => i.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(["FP64", "INT64", "BOOL", "BYTES"], inputs.Select(i => i.GetProperty("datatype").GetString()!).ToArray());
        Assert.All(inputs, i => Assert.Equal([-1], i.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray()));
        Assert.True(inputs[0].GetProperty("parameters").GetProperty("allows_missing").GetBoolean());
        Assert.False(inputs[1].GetProperty("parameters").GetProperty("allows_missing").GetBoolean());
        Assert.Equal("categorical", inputs[3].GetProperty("parameters").GetProperty("column_type").GetString());
        Assert.Equal(TestClassifier.Cities, JsonSerializer.Deserialize<string[]>(inputs[3].GetProperty("parameters").GetProperty("categories").GetString()!)!);
        var outputs = r.Body.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal("predictions", outputs[0].GetProperty("name").GetString());
        Assert.Equal("BYTES", outputs[0].GetProperty("datatype").GetString());
        Assert.Equal("probabilities", outputs[1].GetProperty("name").GetString());
        Assert.Equal([-1, 2], outputs[1].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray());
        Assert.Equal(["no", "yes"], JsonSerializer.Deserialize<string[]>(outputs[1].GetProperty("parameters").GetProperty("classes").GetString()!)!);
        Assert.Equal("binary_classification", r.Body.GetProperty("parameters").GetProperty("task").GetString());

        var linear = await Client.GetJsonAsync("/v2/models/linear");
        Assert.Equal(["1", "2"], linear.Body.GetProperty("versions").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("2", linear.Body.GetProperty("parameters").GetProperty("version").GetString());
        Assert.Single(linear.Body.GetProperty("outputs").EnumerateArray());
        var v1 = await Client.GetJsonAsync("/v2/models/linear/versions/1");
        Assert.Equal("1", v1.Body.GetProperty("parameters").GetProperty("version").GetString());
        Assert.Equal("1", v1.Response.Header(ServingHeaders.ModelVersion));
    }

    [Fact]
    public async Task Model_ready_and_unknown_models()
    {
        var ready = await Client.GetJsonAsync("/v2/models/linear/versions/1/ready");
        Assert.Equal(200, ready.Status);
        Assert.True(ready.Body.GetProperty("ready").GetBoolean());
        Assert.Equal(200, (await Client.GetJsonAsync("/v2/models/clf/ready")).Status);
        Http.AssertError(await Client.GetJsonAsync("/v2/models/nope/ready"), 404, "'nope'", "clf, linear");
        Http.AssertError(await Client.GetJsonAsync("/v2/models/nope"), 404, "'nope'");
        Http.AssertError(await Client.GetJsonAsync("/v2/models/linear/versions/9"), 404, "version '9'", "1, 2");
        Http.AssertError(await Client.PostAsync("/v2/models/nope/infer", ClfRows), 404, "'nope'");
        Http.AssertError(await Client.PostAsync("/v2/models/linear/versions/7/infer", "{}"), 404, "version '7'");
        Http.AssertError(await Client.PostAsync("/v1/models/nope:predict", "{}"), 404, "'nope'");
        Http.AssertError(await Client.PostAsync("/invocations?model=nope", "{}"), 404, "'nope'");
        Http.AssertError(await Client.GetJsonAsync("/v1/models/linear/versions/5"), 404, "version '5'");
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_json()
    {
        Http.AssertError(await Client.GetJsonAsync("/v3/nothing"), 404, "no endpoint");
        Http.AssertError(await Client.GetJsonAsync("/v2/models/clf/infer"), 405, "GET");
    }

    [Fact]
    public async Task Repository_index_lists_versions()
    {
        var r = await Client.PostAsync("/v2/repository/index", "{}");
        Assert.Equal(200, r.Status);
        Assert.Equal(3, (await Client.PostAsync("/v2/repository/index", "{\"ready\": true}")).Body.GetArrayLength());
        Http.AssertError(await Client.PostAsync("/v2/repository/index", "{\"ready\": 1}"), 400, "'ready' must be a boolean");
        Assert.Equal(["clf/1", "linear/1", "linear/2"], r.Body.EnumerateArray().Select(e => e.GetProperty("name").GetString() + "/" + e.GetProperty("version").GetString()).ToArray());
    }

    // ---- Open Inference Protocol inference ----------------------------------------------------------------------

    [Fact]
    public async Task Infer_classifier_per_column_tensors()
    {
        var r = await Client.PostAsync("/v2/models/clf/infer", ClfRows);
        Assert.Equal(200, r.Status);
        Assert.Equal("clf", r.Body.GetProperty("model_name").GetString());
        Assert.Equal("1", r.Body.GetProperty("model_version").GetString());
        Assert.Equal("req-7", r.Body.GetProperty("id").GetString());
        Assert.Equal("clf", r.Response.Header(ServingHeaders.ModelName));
        Assert.Equal("1", r.Response.Header(ServingHeaders.ModelVersion));
        Assert.Equal(r.Body.GetProperty("parameters").GetProperty("revision").GetString(), r.Response.Header(ServingHeaders.ModelRevision));
        var outputs = r.Body.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(2, outputs.Length);
        var expected = new[]
        {
            _f.Classifier.ProbabilityYes(41.5, 3, true, "Oslo"),
            _f.Classifier.ProbabilityYes(null, 0, false, "Lima"),
            _f.Classifier.ProbabilityYes(20, 12, false, "Paris"),
        };
        var labels = outputs[0].GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(expected.Select(p => p >= 0.5 ? "yes" : "no").ToArray(), labels);
        Assert.Equal("BYTES", outputs[0].GetProperty("datatype").GetString());
        Assert.Equal([3], outputs[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray());
        Assert.Equal([3, 2], outputs[1].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray());
        var proba = outputs[1].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], proba[2 * i + 1], 15);
            Assert.Equal(1 - expected[i], proba[2 * i], 15);
        }
        Assert.Equal(["no", "yes"], JsonSerializer.Deserialize<string[]>(outputs[1].GetProperty("parameters").GetProperty("classes").GetString()!)!);
    }

    [Fact]
    public async Task Infer_accepts_n_by_1_shapes_nested_data_and_fields_in_any_order()
    {
        var body = """
            {"inputs": [
              {"data": [[1.5], [2]], "shape": [2, 1], "datatype": "FP32", "name": "x1"},
              {"name": "x2", "datatype": "INT32", "shape": [2, 1], "data": [3, 4]},
              {"name": "x3", "datatype": "FP64", "shape": [2], "data": [0.25, -1], "parameters": {"content_type": "np"}}
            ], "parameters": {"something": 1}}
            """;
        var r = await Client.PostAsync("/v2/models/linear/versions/1/infer", body);
        Assert.Equal(200, r.Status);
        var data = r.Body.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal([_f.Linear1.Expected(1.5, 3, 0.25), _f.Linear1.Expected(2, 4, -1)], data);
        Assert.Equal("FP64", r.Body.GetProperty("outputs")[0].GetProperty("datatype").GetString());
    }

    [Fact]
    public async Task Infer_single_2d_tensor_in_signature_order()
    {
        foreach (var data in new[] { "[1, 2, 3, 4, 5, 6]", "[[1, 2, 3], [4, 5, 6]]" })
        {
            var body = $$"""{"inputs": [{"name": "input-0", "datatype": "FP64", "shape": [2, 3], "data": {{data}}}]}""";
            var r = await Client.PostAsync("/v2/models/linear/infer", body);
            Assert.Equal(200, r.Status);
            Assert.Equal("2", r.Body.GetProperty("model_version").GetString());
            Assert.False(r.Body.TryGetProperty("id", out _));
            var y = r.Body.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal([_f.Linear2.Expected(1, 2, 3), _f.Linear2.Expected(4, 5, 6)], y);
        }
        var fp32 = await Client.PostAsync("/v2/models/linear/versions/1/infer", """{"inputs": [{"name": "m", "datatype": "FP32", "shape": [1, 3], "data": [1, 1, 1]}]}""");
        Assert.Equal(_f.Linear1.Expected(1, 1, 1), fp32.Body.GetProperty("outputs")[0].GetProperty("data")[0].GetDouble());
    }

    [Fact]
    public async Task Infer_selects_requested_outputs()
    {
        var body = ClfRows.Replace("\"id\": \"req-7\",", "\"outputs\": [{\"name\": \"probabilities\"}],", StringComparison.Ordinal);
        var r = await Client.PostAsync("/v2/models/clf/infer", body);
        Assert.Equal(200, r.Status);
        var outputs = r.Body.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Single(outputs);
        Assert.Equal("probabilities", outputs[0].GetProperty("name").GetString());
        var only = await Client.PostAsync("/v2/models/clf/infer", ClfRows.Replace("\"id\": \"req-7\",", "\"outputs\": [{\"name\": \"predictions\", \"parameters\": {}}],", StringComparison.Ordinal));
        Assert.Equal("predictions", Assert.Single(only.Body.GetProperty("outputs").EnumerateArray()).GetProperty("name").GetString());
        Http.AssertError(await Client.PostAsync("/v2/models/clf/infer", ClfRows.Replace("\"id\": \"req-7\",", "\"outputs\": [{\"name\": \"logits\"}],", StringComparison.Ordinal)),
            400, "unknown output 'logits'", "predictions, probabilities");
    }

    [Fact]
    public async Task Unseen_category_follows_the_model_rule()
    {
        var body = ClfRows.Replace("\"Paris\"", "\"Tokyo\"", StringComparison.Ordinal);
        var r = await Client.PostAsync("/v2/models/clf/infer", body);
        Assert.Equal(200, r.Status);
        var proba = r.Body.GetProperty("outputs")[1].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(_f.Classifier.ProbabilityYes(20, 12, false, "Tokyo"), proba[5], 15);
    }

    [Theory]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": [1]}, {"name": "x2", "datatype": "FP64", "shape": [1], "data": [1]}]}""", "input 'x3' is missing")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": [1]}, {"name": "x2", "datatype": "FP64", "shape": [1], "data": [1]}, {"name": "x3", "datatype": "FP64", "shape": [1], "data": [1]}, {"name": "x9", "datatype": "FP64", "shape": [1], "data": [1]}]}""", "unknown input 'x9'")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "BYTES", "shape": [1], "data": ["a"]}]}""", "input 'x1' has datatype BYTES")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": ["a"]}]}""", "input 'x1', row 0: expected a number, got a string")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [2], "data": [1, 2, 3]}]}""", "input 'x1'", "more values than shape [2]")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [3], "data": [1, 2]}]}""", "input 'x1'", "holds 2 values but shape [3] needs 3")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [2, 2], "data": [1, 2, 3, 4]}]}""", "input 'x1' has shape [2, 2]", "[n] or [n, 1]")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": [1]}, {"name": "x2", "datatype": "FP64", "shape": [2], "data": [1, 2]}]}""", "input 'x2' has shape [2]", "1 rows")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": [null]}]}""", "input 'x1', row 0", "missing", "does not accept")]
    [InlineData("""{"inputs": [{"name": "m", "datatype": "FP64", "shape": [1, 4], "data": [1, 2, 3, 4]}]}""", "shape [1, 4]", "[n, 3]")]
    [InlineData("""{"inputs": [{"name": "m", "datatype": "FP64", "shape": [2, 3], "data": [[1, 2], [3, 4], [5, 6]]}]}""", "does not match its shape")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP99", "shape": [1], "data": [1]}]}""", "unknown datatype 'FP99'")]
    [InlineData("""{"inputs": [{"name": "x1", "shape": [1], "data": [1]}]}""", "has no 'datatype'")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "data": [1]}]}""", "has no 'shape'")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1]}]}""", "has no 'data'")]
    [InlineData("""{"inputs": [{"datatype": "FP64", "shape": [1], "data": [1]}]}""", "has no 'name'")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [-1], "data": [1]}]}""", "shape must hold non-negative integers")]
    [InlineData("""{"inputs": []}""", "'inputs' is empty")]
    [InlineData("""{"parameters": {"binary_data_output": true}, "inputs": [{"name": "m", "datatype": "FP64", "shape": [1, 3], "data": [1, 2, 3]}]}""", "binary tensor data extension")]
    [InlineData("""{"inputs": [{"name": "m", "datatype": "FP64", "shape": [1, 3], "data": [1, 2, 3]}], "outputs": [{"name": "predictions", "parameters": {"binary_data": true}}]}""", "outputs[0].parameters.binary_data")]
    [InlineData("""{"inputs": [{"name": "m", "datatype": "FP64", "shape": [1, 3], "parameters": {"binary_data_size": 24}}]}""", "binary_data_size")]
    [InlineData("""{"parameters": {"a": [1]}, "inputs": [{"name": "m", "datatype": "FP64", "shape": [1, 3], "data": [1, 2, 3]}]}""", "values must be strings, numbers or booleans")]
    [InlineData("""{"parameters": 3, "inputs": [{"name": "m", "datatype": "FP64", "shape": [1, 3], "data": [1, 2, 3]}]}""", "'parameters' must be an object")]
    [InlineData("""{"id": "x"}""", "no 'inputs'")]
    [InlineData("""{"inputs": {"x1": [1]}}""", "'inputs' must be an array")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": [1]}, {"name": "x1", "datatype": "FP64", "shape": [1], "data": [1]}]}""", "input 'x1' is given twice")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": [1e999]}]}""", "input 'x1', row 0", "out of range")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [0], "data": []}, {"name": "x2", "datatype": "FP64", "shape": [0], "data": []}, {"name": "x3", "datatype": "FP64", "shape": [0], "data": []}]}""", "no rows")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": [1]}]""", "not valid JSON")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": [NaN]}]}""", "not valid JSON")]
    [InlineData("""[1, 2, 3]""", "must be a JSON object")]
    [InlineData("", "body is empty")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": [1]}]} {}""", "after a single JSON value")]
    [InlineData("""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [60], "data": []}]}""", "60 rows", "at most 50")]
    public async Task Infer_rejects_bad_input_with_a_reason(string body, params string[] fragments) =>
        Http.AssertError(await Client.PostAsync("/v2/models/linear/infer", body), 400, fragments);

    [Theory]
    [InlineData("visits", "INT64", "[1.5]", "expected an integer")]
    [InlineData("visits", "INT64", "[null]", "does not accept")]
    [InlineData("member", "BOOL", "[\"yes\"]", "expected a boolean")]
    [InlineData("member", "FP64", "[1]", "has datatype FP64")]
    [InlineData("city", "BYTES", "[3]", "expected a string, got a number")]
    [InlineData("city", "FP64", "[3]", "has datatype FP64", "send BYTES")]
    [InlineData("age", "FP64", "[true]", "expected a number, got a boolean")]
    public async Task Infer_checks_each_column_type(string column, string datatype, string data, params string[] fragments)
    {
        using var doc = JsonDocument.Parse(ClfRows.Replace("[3]", "[1]", StringComparison.Ordinal));
        var inputs = new List<string>();
        foreach (var input in doc.RootElement.GetProperty("inputs").EnumerateArray())
        {
            var name = input.GetProperty("name").GetString()!;
            inputs.Add(name == column
                ? $$"""{"name": "{{name}}", "datatype": "{{datatype}}", "shape": [1], "data": {{data}}}"""
                : $$"""{"name": "{{name}}", "datatype": "{{input.GetProperty("datatype").GetString()}}", "shape": [1], "data": [{{input.GetProperty("data")[0].GetRawText()}}]}""");
        }
        Http.AssertError(await Client.PostAsync("/v2/models/clf/infer", $$"""{"inputs": [{{string.Join(", ", inputs)}}]}"""), 400, [$"'{column}'", .. fragments]);
    }

    [Fact]
    public async Task Two_d_tensor_is_refused_for_text_inputs()
    {
        var r = await Client.PostAsync("/v2/models/clf/infer", """{"inputs": [{"name": "all", "datatype": "FP64", "shape": [1, 4], "data": [1, 2, 1, 0]}]}""");
        Http.AssertError(r, 400, "input 'city' is categorical", "one tensor per input column");
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        var big = """{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": [1]}], "parameters": {"pad": ""}}""".Replace("\"\"", "\"" + new string('a', 70 * 1024) + "\"", StringComparison.Ordinal);
        foreach (var path in new[] { "/v2/models/linear/infer", "/v1/models/linear:predict", "/invocations?model=linear", "/v2/models/linear/explain" })
            Http.AssertError(await Client.PostAsync(path, big), 413, "64KB", "--max-body");
        // Without a Content-Length (chunked), the limit still holds.
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/linear/infer") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await Client.SendAsync(request);
        Http.AssertError((((int)response.StatusCode), await Http.ReadJson(response), response), 413, "--max-body");
    }

    [Fact]
    public async Task Binary_tensor_extension_is_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/linear/infer") { Content = Http.Json("{}") };
        request.Headers.Add("Inference-Header-Content-Length", "2");
        var response = await Client.SendAsync(request);
        Http.AssertError((((int)response.StatusCode), await Http.ReadJson(response), response), 400, "binary tensor data extension");
    }

    // ---- explain ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Explain_returns_shap_values_per_row()
    {
        var body = """{"id": "e1", "inputs": [{"name": "x", "datatype": "FP64", "shape": [2, 3], "data": [[1, 2, 3], [0, -1, 0.5]]}]}""";
        var r = await Client.PostAsync("/v2/models/linear/versions/1/explain", body);
        Assert.Equal(200, r.Status);
        Assert.Equal("e1", r.Body.GetProperty("id").GetString());
        var outputs = r.Body.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal("shap_values", outputs[0].GetProperty("name").GetString());
        Assert.Equal([2, 3], outputs[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray());
        Assert.Equal([1.0, 4, 9, 0, -2, 1.5], outputs[0].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        Assert.Equal(["x1", "x2", "x3"], JsonSerializer.Deserialize<string[]>(outputs[0].GetProperty("parameters").GetProperty("feature_names").GetString()!)!);
        Assert.Equal([10.0], outputs[1].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        // SHAP values plus the base value add up to the prediction.
        Assert.Equal(10 + 1 + 4 + 9, _f.Linear1.Expected(1, 2, 3));
    }

    [Fact]
    public async Task Explain_without_an_explainer_for_the_model_is_501_after_validation()
    {
        Http.AssertError(await Client.PostAsync("/v2/models/clf/explain", ClfRows), 501, "cannot be explained");
        Http.AssertError(await Client.PostAsync("/v2/models/clf/explain", "{\"inputs\": 5}"), 400, "'inputs' must be an array");
    }

    // ---- TensorFlow Serving --------------------------------------------------------------------------------------

    [Fact]
    public async Task Tf_predict_rows_as_lists_and_objects()
    {
        var r = await Client.PostAsync("/v1/models/linear/versions/1:predict", """{"signature_name": "serving_default", "instances": [[1, 2, 3], [0, 0, 1]]}""");
        Assert.Equal(200, r.Status);
        Assert.Equal([_f.Linear1.Expected(1, 2, 3), _f.Linear1.Expected(0, 0, 1)], r.Body.GetProperty("predictions").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        Assert.Equal("1", r.Response.Header(ServingHeaders.ModelVersion));
        var objects = await Client.PostAsync("/v1/models/linear:predict", """{"instances": [{"x3": 3, "x1": 1, "x2": 2}]}""");
        Assert.Equal([_f.Linear2.Expected(1, 2, 3)], objects.Body.GetProperty("predictions").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        Assert.Equal("2", objects.Body.GetProperty("model_version").GetString());
        var clf = await Client.PostAsync("/v1/models/clf:predict", """{"instances": [{"age": 30, "visits": 2, "member": true, "city": "Lima"}]}""");
        var row = clf.Body.GetProperty("predictions")[0];
        var p = _f.Classifier.ProbabilityYes(30, 2, true, "Lima");
        Assert.Equal(p >= 0.5 ? "yes" : "no", row.GetProperty("predictions").GetString());
        Assert.Equal(p, row.GetProperty("probabilities")[1].GetDouble(), 15);
    }

    [Fact]
    public async Task Tf_predict_columnar_inputs()
    {
        var r = await Client.PostAsync("/v1/models/linear:predict", """{"inputs": {"x1": [1, 4], "x2": [2, 5], "x3": [3, 6]}}""");
        Assert.Equal(200, r.Status);
        Assert.Equal([_f.Linear2.Expected(1, 2, 3), _f.Linear2.Expected(4, 5, 6)], r.Body.GetProperty("outputs").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        var clf = await Client.PostAsync("/v1/models/clf:predict", """{"inputs": {"age": [30], "visits": [2], "member": [true], "city": ["Lima"]}}""");
        Assert.Equal(200, clf.Status);
        Assert.Equal(2, clf.Body.GetProperty("outputs").GetProperty("probabilities")[0].GetArrayLength());
    }

    [Theory]
    [InlineData("""{"instances": [[1, 2]]}""", "row 0 has 2 values but the model takes 3 inputs")]
    [InlineData("""{"instances": [[1, 2, 3, 4]]}""", "row 0 has more than 3 values")]
    [InlineData("""{"instances": [{"x1": 1, "x2": 2, "x3": 3, "x4": 4}]}""", "unknown input 'x4'")]
    [InlineData("""{"instances": [{"x1": 1, "x2": 2}]}""", "row 0 lacks input 'x3'")]
    [InlineData("""{"instances": [{"x1": 1, "x1": 2, "x3": 3}]}""", "gives input 'x1' twice")]
    [InlineData("""{"instances": [[1, "2", 3]]}""", "input 'x2', row 0: expected a number, got a string")]
    [InlineData("""{"instances": [[1, [2], 3]]}""", "expected a scalar value")]
    [InlineData("""{"instances": []}""", "holds no rows")]
    [InlineData("""{"instances": 5}""", "must be an array of rows")]
    [InlineData("""{"instances": [5]}""", "give each row as an array of 3 values")]
    [InlineData("""{"inputs": {"x1": [1], "x2": [1, 2], "x3": [1]}}""", "input 'x2' has 2 rows")]
    [InlineData("""{"inputs": {"x1": [1], "x2": [1]}}""", "input 'x3' is missing")]
    [InlineData("""{"instances": [[1, 2, 3]], "inputs": {"x1": [1]}}""", "both 'instances' and 'inputs'")]
    [InlineData("""{"signature_name": "other", "instances": [[1, 2, 3]]}""", "unknown signature_name 'other'")]
    [InlineData("""{"nothing": 1}""", "neither 'instances'")]
    [InlineData("""{"instances": [[1, 2, 3],""", "not valid JSON")]
    public async Task Tf_predict_rejects_bad_input(string body, string fragment) =>
        Http.AssertError(await Client.PostAsync("/v1/models/linear:predict", body), 400, fragment);

    [Fact]
    public async Task Tf_status_and_metadata()
    {
        var r = await Client.GetJsonAsync("/v1/models/linear");
        Assert.Equal(200, r.Status);
        Assert.Equal(["1", "2"], r.Body.GetProperty("model_version_status").EnumerateArray().Select(e => e.GetProperty("version").GetString()!).ToArray());
        Assert.All(r.Body.GetProperty("model_version_status").EnumerateArray(), e => Assert.Equal("AVAILABLE", e.GetProperty("state").GetString()));
        var one = await Client.GetJsonAsync("/v1/models/linear/versions/1");
        Assert.Equal("1", Assert.Single(one.Body.GetProperty("model_version_status").EnumerateArray()).GetProperty("version").GetString());
        var meta = await Client.GetJsonAsync("/v1/models/clf/metadata");
        var sig = meta.Body.GetProperty("metadata").GetProperty("signature_def").GetProperty("signature_def").GetProperty("serving_default");
        Assert.Equal("DT_STRING", sig.GetProperty("inputs").GetProperty("city").GetProperty("dtype").GetString());
        Assert.Equal("DT_INT64", sig.GetProperty("inputs").GetProperty("visits").GetProperty("dtype").GetString());
        Assert.Equal("DT_DOUBLE", sig.GetProperty("outputs").GetProperty("probabilities").GetProperty("dtype").GetString());
    }

    // ---- MLflow -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Invocations_accepts_every_mlflow_shape()
    {
        var expected = new[] { _f.Linear1.Expected(1, 2, 3), _f.Linear1.Expected(4, 5, 6) };
        var bodies = new[]
        {
            """{"dataframe_split": {"index": [7, 8], "data": [[3, 1, 2], [6, 4, 5]], "columns": ["x3", "x1", "x2"]}}""",
            """{"dataframe_records": [{"x1": 1, "x2": 2, "x3": 3}, {"x1": 4, "x2": 5, "x3": 6}]}""",
            """{"instances": [[1, 2, 3], [4, 5, 6]]}""",
            """{"inputs": {"x1": [1, 4], "x2": [2, 5], "x3": [3, 6]}, "params": {}}""",
            """{"inputs": [[1, 2, 3], [4, 5, 6]]}""",
        };
        foreach (var body in bodies)
        {
            var r = await Client.PostAsync("/invocations?model=linear&version=1", body);
            Assert.True(r.Status == 200, body + " → " + r.Body);
            Assert.Equal(expected, r.Body.GetProperty("predictions").EnumerateArray().Select(e => e.GetDouble()).ToArray());
            Assert.Equal("1", r.Response.Header(ServingHeaders.ModelVersion));
        }
        var csv = await Client.PostAsync("/invocations?model=linear&version=1", "x2,x1,x3\r\n2,1,3\n5,4,\"6\"\n", "text/csv");
        Assert.Equal(200, csv.Status);
        Assert.Equal(expected, csv.Body.GetProperty("predictions").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        var clf = await Client.PostAsync("/invocations?model=clf", "age,visits,member,city\n,3,true,Oslo\n", "text/csv");
        Assert.Equal(200, clf.Status);
        Assert.Equal(_f.Classifier.ProbabilityYes(null, 3, true, "Oslo") >= 0.5 ? "yes" : "no", clf.Body.GetProperty("predictions")[0].GetString());
    }

    [Theory]
    [InlineData("/invocations", """{"instances": [[1, 2, 3]]}""", "application/json", 400, "several models", "?model=")]
    [InlineData("/invocations?model=linear", """{"dataframe_split": {"columns": ["x1", "x2", "x9"], "data": [[1, 2, 3]]}}""", "application/json", 400, "unknown input 'x9'")]
    [InlineData("/invocations?model=linear", """{"dataframe_split": {"columns": ["x1", "x2"], "data": [[1, 2]]}}""", "application/json", 400, "input 'x3' is missing")]
    [InlineData("/invocations?model=linear", """{"dataframe_split": {"columns": ["x1", "x2", "x3"], "data": [[1, 2]]}}""", "application/json", 400, "row 0 has 2 values")]
    [InlineData("/invocations?model=linear", """{"dataframe_split": {"columns": ["x1", "x2", "x3"]}}""", "application/json", 400, "no 'data'")]
    [InlineData("/invocations?model=linear", """{"dataframe_records": [{"x1": 1, "x2": 2, "x3": null}]}""", "application/json", 400, "input 'x3', row 0", "missing")]
    [InlineData("/invocations?model=linear", """{"records": []}""", "application/json", 400, "unknown field 'records'")]
    [InlineData("/invocations?model=linear", """{}""", "application/json", 400, "none of")]
    [InlineData("/invocations?model=linear", "x1,x2,x3\n1,2\n", "text/csv", 400, "CSV line 2 has 2 fields")]
    [InlineData("/invocations?model=linear", "x1,x2,x9\n1,2,3\n", "text/csv", 400, "CSV column 'x9'")]
    [InlineData("/invocations?model=linear", "x1,x2,x3\n1,b,3\n", "text/csv", 400, "input 'x2', row 0", "'b' is not a number")]
    [InlineData("/invocations?model=linear", "x1,x2,x3\n", "text/csv", 400, "no rows")]
    [InlineData("/invocations?model=linear", "x1,x2,x3\n1,\"2,3\n", "text/csv", 400, "not closed")]
    [InlineData("/invocations?model=linear", "a=1", "application/x-www-form-urlencoded", 415, "not supported")]
    [InlineData("/invocations?model=linear&version=3", "{}", "application/json", 404, "no version '3'")]
    public async Task Invocations_rejects_bad_input(string path, string body, string contentType, int status, params string[] fragments) =>
        Http.AssertError(await Client.PostAsync(path, body, contentType), status, fragments);

    // ---- metrics and documentation -------------------------------------------------------------------------------

    [Fact]
    public async Task Metrics_expose_requests_latency_rows_and_models()
    {
        await Client.PostAsync("/v2/models/linear/versions/1/infer", """{"inputs": [{"name": "m", "datatype": "FP64", "shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}]}""");
        await Client.PostAsync("/v2/models/linear/versions/1/infer", "{");
        await Client.GetAsync("/v2/models/nothing");
        var text = await Client.GetStringAsync("/metrics");
        Assert.Contains("# TYPE augur_requests_total counter", text);
        Assert.Contains("augur_requests_total{endpoint=\"infer\",model=\"linear\",version=\"1\",status=\"200\"}", text);
        Assert.Contains("augur_requests_total{endpoint=\"infer\",model=\"linear\",version=\"1\",status=\"400\"}", text);
        Assert.Contains("augur_requests_total{endpoint=\"model_metadata\",model=\"\",version=\"\",status=\"404\"}", text);
        Assert.Contains("# TYPE augur_request_duration_seconds histogram", text);
        Assert.Contains("augur_request_duration_seconds_bucket{endpoint=\"infer\",model=\"linear\",version=\"1\",le=\"+Inf\"}", text);
        Assert.Matches(@"augur_rows_predicted_total\{model=""linear"",version=""1""\} \d+", text);
        Assert.Contains("augur_requests_in_flight 1", text); // this request
        Assert.Contains("augur_models_loaded 3", text);
        Assert.Matches(@"augur_model_load_seconds\{model=""clf"",version=""1""\} [0-9.eE-]+", text);
        Assert.Contains("augur_model_info{model=\"clf\",version=\"1\",kind=\"server_test_classifier\"", text);
        // Every sample line is NAME{labels} VALUE or NAME VALUE, with a HELP and TYPE for its family.
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
            Assert.Matches(@"^[a-z_]+(\{[a-z_]+=""[^""]*""(,[a-z_]+=""[^""]*"")*\})? [-+0-9.eEInf]+$", line);
        // Histogram buckets are cumulative.
        var buckets = text.Split('\n').Where(l => l.StartsWith("augur_request_duration_seconds_bucket{endpoint=\"infer\",model=\"linear\",version=\"1\"", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(buckets.Order(), buckets);
    }

    [Fact]
    public async Task OpenApi_document_lists_every_route_and_the_docs_page_is_self_contained()
    {
        var r = await Client.GetJsonAsync("/openapi.json");
        Assert.Equal(200, r.Status);
        Assert.Equal("3.1.0", r.Body.GetProperty("openapi").GetString());
        var paths = r.Body.GetProperty("paths");
        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => m.Name.ToUpperInvariant() + " " + p.Name)).ToHashSet();
        var expected = new[]
        {
            "GET /v2/health/live", "GET /v2/health/ready", "GET /v2", "GET /v2/models/{model}", "GET /v2/models/{model}/versions/{version}",
            "GET /v2/models/{model}/ready", "GET /v2/models/{model}/versions/{version}/ready", "POST /v2/models/{model}/infer",
            "POST /v2/models/{model}/versions/{version}/infer", "POST /v2/models/{model}/explain", "POST /v2/models/{model}/versions/{version}/explain",
            "POST /v2/repository/index", "GET /v1/models/{model}", "GET /v1/models/{model}/versions/{version}", "GET /v1/models/{model}/metadata",
            "GET /v1/models/{model}/versions/{version}/metadata", "POST /v1/models/{model}:predict", "POST /v1/models/{model}/versions/{version}:predict",
            "POST /invocations", "GET /ping", "GET /health", "GET /version", "GET /metrics", "GET /openapi.json", "GET /docs",
        };
        Assert.Equal(expected.Order(), documented.Order());
        // Every documented path answers (with a model substituted), never 404-for-no-endpoint.
        foreach (var op in expected)
        {
            var parts = op.Split(' ');
            var path = parts[1].Replace("{model}", "linear", StringComparison.Ordinal).Replace("{version}", "1", StringComparison.Ordinal);
            var response = parts[0] == "GET" ? await Client.GetAsync(path) : await Client.PostAsync(path + (path == "/invocations" ? "?model=linear" : ""), Http.Json("{}"));
            Assert.True((int)response.StatusCode is 200 or 400 or 501, $"{op}: {(int)response.StatusCode}");
        }
        var infer = paths.GetProperty("/v2/models/{model}/infer").GetProperty("post");
        Assert.Equal("#/components/schemas/InferenceRequest", infer.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(infer.GetProperty("responses").TryGetProperty("413", out _));
        var html = await Client.GetStringAsync("/docs");
        Assert.Contains("<title>Augur model server</title>", html);
        Assert.Contains("openapi.json", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        foreach (var op in expected) Assert.Contains("<code>" + System.Net.WebUtility.HtmlEncode(op.Split(' ')[1]) + "</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
    }
}
