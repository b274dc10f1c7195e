using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Augur.Data;
using Augur.Serialization;
using Augur.Server.Explanations;
using Augur.Server.Inference;
using Augur.Server.Models;
using Augur.Server.Monitoring;
using Augur.Server.Protocols;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Augur.Server.Http;

/// <summary>One served route: method, template, metric name, and whether it stays open without an API key.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Template">The route template.</param>
/// <param name="Name">The endpoint label in metrics.</param>
/// <param name="Open">True for health probes and documentation, which never need a key.</param>
public sealed record ServedRoute(string Method, string Template, string Name, bool Open);

/// <summary>The HTTP endpoints of the server, mapped onto an ASP.NET Core route builder.</summary>
internal sealed class ServingEndpoints
{
    private readonly ModelRepository _repository;
    private readonly ServerOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly IExplainerFactory? _explainers;
    private readonly ILogger _logger;
    private readonly ApiKeyCheck _keys;
    private readonly ConditionalWeakTable<ServedModel, Lazy<IModelExplainer?>> _explainerCache = new();
    private readonly List<ServedRoute> _routes = [];
    private volatile bool _stopping;
    private string? _openApi;
    private string? _docs;

    public ServingEndpoints(ModelRepository repository, ServerOptions options, ServerMetrics metrics, IExplainerFactory? explainers, ILogger logger)
    {
        _repository = repository;
        _options = options;
        _metrics = metrics;
        _explainers = explainers;
        _logger = logger;
        _keys = new ApiKeyCheck(options.ApiKeys);
    }

    /// <summary>Every mapped route.</summary>
    public IReadOnlyList<ServedRoute> Routes => _routes;

    /// <summary>Marks the server as shutting down: readiness turns false so load balancers stop sending traffic.</summary>
    public void BeginShutdown() => _stopping = true;

    public void Map(IEndpointRouteBuilder app)
    {
        // Open Inference Protocol (KServe V2).
        Get(app, "/v2/health/live", "health_live", Live, open: true);
        Get(app, "/v2/health/ready", "health_ready", Ready, open: true);
        Get(app, "/v2", "server_metadata", ServerMetadata);
        foreach (var prefix in new[] { "/v2/models/{model}", "/v2/models/{model}/versions/{version}" })
        {
            Get(app, prefix, "model_metadata", ModelMetadata);
            Get(app, prefix + "/ready", "model_ready", ModelReady);
            Post(app, prefix + "/infer", "infer", Infer);
            Post(app, prefix + "/explain", "explain", ExplainAsync);
        }
        Post(app, "/v2/repository/index", "repository_index", RepositoryIndex);

        // TensorFlow Serving REST shape.
        foreach (var prefix in new[] { "/v1/models/{model}", "/v1/models/{model}/versions/{version}" })
        {
            Get(app, prefix, "tf_status", TfStatus);
            Get(app, prefix + "/metadata", "tf_metadata", TfMetadata);
            Post(app, prefix + ":predict", "tf_predict", TfPredict);
        }

        // MLflow scoring server shape.
        Post(app, "/invocations", "invocations", Invocations);
        Get(app, "/ping", "ping", Ping, open: true);
        Get(app, "/health", "health", Ping, open: true);
        Get(app, "/version", "version", VersionInfo, open: true);

        // Operations and documentation.
        Get(app, "/metrics", "metrics", Metrics);
        Get(app, "/openapi.json", "openapi", OpenApi, open: true);
        Get(app, "/docs", "docs", DocsHtml, open: true);
    }

    private delegate Task Handler(HttpContext context, RequestScope scope);

    private void Get(IEndpointRouteBuilder app, string template, string name, Handler handler, bool open = false)
    {
        _routes.Add(new ServedRoute("GET", template, name, open));
        app.MapMethods(template, ["GET", "HEAD"], Wrap(name, handler, open)).WithDisplayName(name);
    }

    private void Post(IEndpointRouteBuilder app, string template, string name, Handler handler)
    {
        _routes.Add(new ServedRoute("POST", template, name, false));
        app.MapPost(template, Wrap(name, handler, open: false)).WithDisplayName(name);
    }

    private RequestDelegate Wrap(string name, Handler handler, bool open) => async context =>
    {
        var start = Stopwatch.GetTimestamp();
        var scope = new RequestScope();
        try
        {
            if (!open && !_keys.IsAuthorized(context.Request))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await JsonResponse.SendErrorAsync(context, StatusCodes.Status401Unauthorized,
                    "this server needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'").ConfigureAwait(false);
            }
            else await handler(context, scope).ConfigureAwait(false);
        }
        catch (ServingException e)
        {
            await TrySendError(context, e.StatusCode, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer (499 in the metrics, as nginx logs it).
            if (!context.Response.HasStarted) context.Response.StatusCode = 499;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "{Endpoint} failed for {Path}", name, context.Request.Path.Value);
            await TrySendError(context, StatusCodes.Status500InternalServerError, "internal error; the server log has the details").ConfigureAwait(false);
        }
        finally
        {
            _metrics.Record(name, scope.Model, scope.Version, context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    };

    private static async Task TrySendError(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted) return;
        context.Response.Headers.Remove(ServingHeaders.ModelName);
        context.Response.Headers.Remove(ServingHeaders.ModelVersion);
        context.Response.Headers.Remove(ServingHeaders.ModelRevision);
        await JsonResponse.SendErrorAsync(context, status, message).ConfigureAwait(false);
    }

    private ServedModel Resolve(HttpContext context, RequestScope scope) => Resolve(context, scope, _repository.Current);

    /// <summary>Resolves the route's model against <paramref name="snapshot"/> (one snapshot per request, so a swap mid-request cannot split it).</summary>
    private static ServedModel Resolve(HttpContext context, RequestScope scope, ModelSnapshot snapshot)
    {
        var values = context.Request.RouteValues;
        var name = values["model"] as string ?? "";
        var version = values["version"] as string;
        var model = snapshot.Resolve(name, version);
        scope.Attribute(context, model);
        return model;
    }

    // ---- health and metadata -------------------------------------------------------------------------------------

    private static Task Live(HttpContext context, RequestScope scope)
    {
        var r = JsonResponse.Rent();
        r.Writer.WriteStartObject();
        r.Writer.WriteBoolean("live"u8, true);
        r.Writer.WriteEndObject();
        return r.SendAsync(context, 200);
    }

    /// <summary>Why the server is not ready, or null when it is.</summary>
    public string? NotReadyReason() => NotReadyReason(_repository.Current);

    private string? NotReadyReason(ModelSnapshot snapshot)
    {
        if (_stopping) return "the server is shutting down";
        if (!_repository.InitialLoadDone) return "models are still loading";
        if (snapshot.All.Count == 0) return $"no model is loaded from {_repository.RootPath}";
        return null;
    }

    private Task Ready(HttpContext context, RequestScope scope)
    {
        var snapshot = _repository.Current;
        var reason = NotReadyReason(snapshot);
        var r = JsonResponse.Rent();
        r.Writer.WriteStartObject();
        r.Writer.WriteBoolean("ready"u8, reason is null);
        if (reason is not null) r.Writer.WriteString("error"u8, reason);
        r.Writer.WriteNumber("models"u8, snapshot.All.Count);
        r.Writer.WriteEndObject();
        return r.SendAsync(context, reason is null ? 200 : 503);
    }

    private static Task ServerMetadata(HttpContext context, RequestScope scope)
    {
        var r = JsonResponse.Rent();
        var w = r.Writer;
        w.WriteStartObject();
        w.WriteString("name"u8, "augur");
        w.WriteString("version"u8, ModelFile.AugurVersion);
        w.WriteStartArray("extensions"u8);
        w.WriteStringValue("model_repository");
        w.WriteStringValue("explain");
        w.WriteStringValue("metrics");
        w.WriteEndArray();
        w.WriteEndObject();
        return r.SendAsync(context, 200);
    }

    private Task ModelMetadata(HttpContext context, RequestScope scope)
    {
        var snapshot = _repository.Current;
        var model = Resolve(context, scope, snapshot);
        var r = JsonResponse.Rent();
        var w = r.Writer;
        w.WriteStartObject();
        w.WriteString("name"u8, model.Name);
        w.WriteStartArray("versions"u8);
        foreach (var v in snapshot.Find(model.Name)!.Versions) w.WriteStringValue(v.Version);
        w.WriteEndArray();
        w.WriteString("platform"u8, "augur");
        w.WriteStartObject("parameters"u8);
        w.WriteString("version"u8, model.Version);
        w.WriteString("kind"u8, model.Saved.Model.Kind);
        w.WriteString("task"u8, TaskName(model.Task));
        w.WriteString("revision"u8, model.Revision);
        if (model.Signature.Target is { } target) w.WriteString("target"u8, target);
        w.WriteString("loaded_at"u8, model.LoadedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteStartArray("inputs"u8);
        foreach (var input in model.Signature.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("name"u8, input.Name);
            w.WriteString("datatype"u8, InputSchema.WireType(input.Type));
            w.WriteStartArray("shape"u8);
            w.WriteNumberValue(-1);
            w.WriteEndArray();
            w.WriteStartObject("parameters"u8);
            w.WriteString("column_type"u8, input.Type.ToName());
            w.WriteBoolean("allows_missing"u8, input.AllowsMissing);
            if (input.Categories is { Count: > 0 } cats) w.WriteString("categories"u8, JsonText.StringArray(cats));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("outputs"u8);
        w.WriteStartObject();
        w.WriteString("name"u8, Outputs.Predictions);
        w.WriteString("datatype"u8, PredictionDatatype(model));
        w.WriteStartArray("shape"u8);
        w.WriteNumberValue(-1);
        w.WriteEndArray();
        w.WriteEndObject();
        if (model.Classes is { } classes)
        {
            w.WriteStartObject();
            w.WriteString("name"u8, Outputs.Probabilities);
            w.WriteString("datatype"u8, "FP64");
            w.WriteStartArray("shape"u8);
            w.WriteNumberValue(-1);
            w.WriteNumberValue(classes.Count);
            w.WriteEndArray();
            w.WriteStartObject("parameters"u8);
            w.WriteString("classes"u8, model.ClassNamesJson);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        return r.SendAsync(context, 200);
    }

    private static string PredictionDatatype(ServedModel model)
    {
        if (model.Classes is { } classes) return InputSchema.WireType(classes.Values);
        return model.Task == ModelTask.Clustering ? "INT64" : "FP64";
    }

    internal static string TaskName(ModelTask task) => task switch
    {
        ModelTask.Regression => "regression",
        ModelTask.BinaryClassification => "binary_classification",
        ModelTask.MulticlassClassification => "multiclass_classification",
        ModelTask.Clustering => "clustering",
        ModelTask.Ranking => "ranking",
        _ => "transform",
    };

    private Task ModelReady(HttpContext context, RequestScope scope)
    {
        var model = Resolve(context, scope);
        var r = JsonResponse.Rent();
        r.Writer.WriteStartObject();
        r.Writer.WriteString("name"u8, model.Name);
        r.Writer.WriteString("version"u8, model.Version);
        r.Writer.WriteBoolean("ready"u8, !_stopping);
        r.Writer.WriteEndObject();
        return r.SendAsync(context, _stopping ? 503 : 200);
    }

    private async Task RepositoryIndex(HttpContext context, RequestScope scope)
    {
        // The model repository extension's index request: an optional {"ready": true} to list only ready models
        // (every loaded model is ready here, so the flag narrows nothing).
        using (var body = await RequestBody.ReadAsync(context, _options.MaxBodyBytes).ConfigureAwait(false))
            ReadIndexRequest(body.Span);
        var r = JsonResponse.Rent();
        var w = r.Writer;
        w.WriteStartArray();
        foreach (var m in _repository.Current.All)
        {
            w.WriteStartObject();
            w.WriteString("name"u8, m.Name);
            w.WriteString("version"u8, m.Version);
            w.WriteString("state"u8, "READY");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        await r.SendAsync(context, 200).ConfigureAwait(false);
    }

    private static void ReadIndexRequest(ReadOnlySpan<byte> body)
    {
        if (body.TrimStart(" \t\r\n"u8).IsEmpty) return;
        try
        {
            var reader = JsonInput.Reader(body);
            JsonInput.StartObject(ref reader, "an index request such as {\"ready\": true}");
            while (true)
            {
                JsonInput.Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.ValueTextEquals("ready"u8))
                {
                    JsonInput.Read(ref reader);
                    if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                        throw ServingException.BadRequest($"'ready' must be a boolean, not {Describe.Token(reader.TokenType)}");
                }
                else JsonInput.Skip(ref reader);
            }
            JsonInput.End(ref reader);
        }
        catch (JsonException e)
        {
            throw JsonInput.Malformed(e);
        }
    }

    // ---- Open Inference Protocol inference ----------------------------------------------------------------------

    private async Task Infer(HttpContext context, RequestScope scope)
    {
        var model = Resolve(context, scope);
        CheckBinaryExtension(context);
        using var body = await RequestBody.ReadAsync(context, _options.MaxBodyBytes).ConfigureAwait(false);
        var request = OipRequest.Parse(body.Span, model, _options.MaxBatch);
        var prediction = PredictionRunner.Run(model, request.Frame, request.WantPredictions, request.WantProbabilities);
        _metrics.RowsPredicted(model.Name, model.Version, prediction.Rows);
        var r = JsonResponse.Rent();
        WriteOipResponse(r.Writer, model, request.Id, prediction);
        await r.SendAsync(context, 200).ConfigureAwait(false);
    }

    private static void CheckBinaryExtension(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey("Inference-Header-Content-Length"))
            throw ServingException.BadRequest("the binary tensor data extension is not supported; send tensor data as JSON");
    }

    private static void WriteOipResponse(Utf8JsonWriter w, ServedModel model, string? id, Prediction p)
    {
        w.WriteStartObject();
        w.WriteString("model_name"u8, model.Name);
        w.WriteString("model_version"u8, model.Version);
        if (id is not null) w.WriteString("id"u8, id);
        w.WriteStartObject("parameters"u8);
        w.WriteString("revision"u8, model.Revision);
        w.WriteEndObject();
        w.WriteStartArray("outputs"u8);
        if (p.Labels is { } labels)
        {
            w.WriteStartObject();
            w.WriteString("name"u8, Outputs.Predictions);
            w.WriteString("datatype"u8, InputSchema.WireType(labels));
            w.WriteStartArray("shape"u8);
            w.WriteNumberValue(p.Rows);
            w.WriteEndArray();
            w.WriteStartArray("data"u8);
            JsonOutput.WriteValues(w, labels);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        if (p.Probabilities is { } proba)
        {
            w.WriteStartObject();
            w.WriteString("name"u8, Outputs.Probabilities);
            w.WriteString("datatype"u8, "FP64");
            w.WriteStartArray("shape"u8);
            w.WriteNumberValue(p.Rows);
            w.WriteNumberValue(proba.Cols);
            w.WriteEndArray();
            w.WriteStartObject("parameters"u8);
            w.WriteString("classes"u8, model.ClassNamesJson);
            w.WriteEndObject();
            w.WriteStartArray("data"u8);
            JsonOutput.WriteFlat(w, proba);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    // ---- explanations -----------------------------------------------------------------------------------------

    private async Task ExplainAsync(HttpContext context, RequestScope scope)
    {
        var model = Resolve(context, scope);
        CheckBinaryExtension(context);
        using var body = await RequestBody.ReadAsync(context, _options.MaxBodyBytes).ConfigureAwait(false);
        var request = OipRequest.Parse(body.Span, model, _options.MaxBatch);
        var explainer = ExplainerFor(model) ?? throw new ServingException(StatusCodes.Status501NotImplemented,
            _explainers is null
                ? "explanations are not available: this server has no SHAP explainer"
                : $"model '{model.Name}' ({model.Saved.Model.Kind}) cannot be explained by this server's SHAP explainer " +
                  "(it explains classifiers and regressors against background rows: serve with --background FILE, or save the model with a training profile as 'augur train' does)");
        ShapValues shap;
        try
        {
            shap = explainer.Explain(request.Frame);
        }
        catch (AugurException e) when (e is not ServingException)
        {
            throw ServingException.BadRequest($"model '{model.Name}' version {model.Version} cannot explain this input: {e.Message}");
        }
        shap.Validate();
        if (shap.Rows != request.Frame.RowCount)
            throw new InvalidOperationException($"the explainer returned {shap.Rows} rows for {request.Frame.RowCount}");
        _metrics.RowsPredicted(model.Name, model.Version, shap.Rows);
        var r = JsonResponse.Rent();
        var w = r.Writer;
        w.WriteStartObject();
        w.WriteString("model_name"u8, model.Name);
        w.WriteString("model_version"u8, model.Version);
        if (request.Id is not null) w.WriteString("id"u8, request.Id);
        w.WriteStartObject("parameters"u8);
        w.WriteString("revision"u8, model.Revision);
        w.WriteEndObject();
        w.WriteStartArray("outputs"u8);
        w.WriteStartObject();
        w.WriteString("name"u8, "shap_values");
        w.WriteString("datatype"u8, "FP64");
        w.WriteStartArray("shape"u8);
        w.WriteNumberValue(shap.Rows);
        if (shap.OutputNames.Count > 1) w.WriteNumberValue(shap.OutputNames.Count);
        w.WriteNumberValue(shap.FeatureNames.Count);
        w.WriteEndArray();
        w.WriteStartObject("parameters"u8);
        w.WriteString("feature_names"u8, JsonText.StringArray(shap.FeatureNames));
        w.WriteString("output_names"u8, JsonText.StringArray(shap.OutputNames));
        if (shap.OutputSpace is not null) w.WriteString("output_space"u8, shap.OutputSpace);
        if (shap.Method is not null) w.WriteString("method"u8, shap.Method);
        w.WriteEndObject();
        w.WriteStartArray("data"u8);
        foreach (var v in shap.Values) JsonOutput.WriteNumber(w, v);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("name"u8, "base_values");
        w.WriteString("datatype"u8, "FP64");
        w.WriteStartArray("shape"u8);
        w.WriteNumberValue(shap.OutputNames.Count);
        w.WriteEndArray();
        w.WriteStartArray("data"u8);
        foreach (var v in shap.BaseValues) JsonOutput.WriteNumber(w, v);
        w.WriteEndArray();
        w.WriteEndObject();
        if (shap.ModelOutput is { } modelOutput)
        {
            // What base_values plus the row's shap_values add up to, on the scale named by output_space.
            w.WriteStartObject();
            w.WriteString("name"u8, "model_output");
            w.WriteString("datatype"u8, "FP64");
            w.WriteStartArray("shape"u8);
            w.WriteNumberValue(shap.Rows);
            if (shap.OutputNames.Count > 1) w.WriteNumberValue(shap.OutputNames.Count);
            w.WriteEndArray();
            w.WriteStartArray("data"u8);
            foreach (var v in modelOutput) JsonOutput.WriteNumber(w, v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await r.SendAsync(context, 200).ConfigureAwait(false);
    }

    private IModelExplainer? ExplainerFor(ServedModel model)
    {
        if (_explainers is null) return null;
        var lazy = _explainerCache.GetValue(model, m => new Lazy<IModelExplainer?>(() => _explainers.Create(m.Saved.Model, m.Saved.Card)));
        return lazy.Value;
    }

    // ---- TensorFlow Serving -------------------------------------------------------------------------------------

    private Task TfStatus(HttpContext context, RequestScope scope)
    {
        var snapshot = _repository.Current;
        var model = Resolve(context, scope, snapshot);
        var versioned = context.Request.RouteValues.ContainsKey("version");
        var r = JsonResponse.Rent();
        var w = r.Writer;
        w.WriteStartObject();
        w.WriteStartArray("model_version_status"u8);
        foreach (var v in versioned ? [model] : snapshot.Find(model.Name)!.Versions)
        {
            w.WriteStartObject();
            w.WriteString("version"u8, v.Version);
            w.WriteString("state"u8, "AVAILABLE");
            w.WriteStartObject("status"u8);
            w.WriteString("error_code"u8, "OK");
            w.WriteString("error_message"u8, "");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        return r.SendAsync(context, 200);
    }

    private Task TfMetadata(HttpContext context, RequestScope scope)
    {
        var model = Resolve(context, scope);
        var r = JsonResponse.Rent();
        var w = r.Writer;
        w.WriteStartObject();
        w.WriteStartObject("model_spec"u8);
        w.WriteString("name"u8, model.Name);
        w.WriteString("signature_name"u8, "");
        w.WriteString("version"u8, model.Version);
        w.WriteEndObject();
        w.WriteStartObject("metadata"u8);
        w.WriteStartObject("signature_def"u8);
        w.WriteStartObject("signature_def"u8);
        w.WriteStartObject("serving_default"u8);
        w.WriteStartObject("inputs"u8);
        foreach (var input in model.Signature.Inputs)
            WriteTfTensorInfo(w, input.Name, TfType(InputSchema.WireType(input.Type)), null);
        w.WriteEndObject();
        w.WriteStartObject("outputs"u8);
        WriteTfTensorInfo(w, Outputs.Predictions, TfType(PredictionDatatype(model)), null);
        if (model.Classes is { } classes) WriteTfTensorInfo(w, Outputs.Probabilities, "DT_DOUBLE", classes.Count);
        w.WriteEndObject();
        w.WriteString("method_name"u8, "tensorflow/serving/predict");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        return r.SendAsync(context, 200);
    }

    private static string TfType(string wire) => wire switch
    {
        "FP64" => "DT_DOUBLE",
        "INT64" => "DT_INT64",
        "BOOL" => "DT_BOOL",
        _ => "DT_STRING",
    };

    private static void WriteTfTensorInfo(Utf8JsonWriter w, string name, string dtype, int? width)
    {
        w.WriteStartObject(name);
        w.WriteString("dtype"u8, dtype);
        w.WriteStartObject("tensor_shape"u8);
        w.WriteStartArray("dim"u8);
        w.WriteStartObject();
        w.WriteString("size"u8, "-1");
        w.WriteString("name"u8, "");
        w.WriteEndObject();
        if (width is { } k)
        {
            w.WriteStartObject();
            w.WriteString("size"u8, k.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("name"u8, "");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("unknown_rank"u8, false);
        w.WriteEndObject();
        w.WriteString("name"u8, name);
        w.WriteEndObject();
    }

    private async Task TfPredict(HttpContext context, RequestScope scope)
    {
        var model = Resolve(context, scope);
        using var body = await RequestBody.ReadAsync(context, _options.MaxBodyBytes).ConfigureAwait(false);
        var request = RowRequest.ParseTfServing(body.Span, model, _options.MaxBatch);
        var wantProba = model.Classifier is not null;
        var prediction = PredictionRunner.Run(model, request.Frame, true, wantProba);
        _metrics.RowsPredicted(model.Name, model.Version, prediction.Rows);
        var r = JsonResponse.Rent();
        var w = r.Writer;
        w.WriteStartObject();
        var labels = prediction.Labels!;
        if (request.Columnar)
        {
            if (prediction.Probabilities is { } proba)
            {
                w.WriteStartObject("outputs"u8);
                w.WriteStartArray(Outputs.Predictions);
                JsonOutput.WriteValues(w, labels);
                w.WriteEndArray();
                w.WriteStartArray(Outputs.Probabilities);
                for (var i = 0; i < prediction.Rows; i++) JsonOutput.WriteRow(w, proba, i);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartArray("outputs"u8);
                JsonOutput.WriteValues(w, labels);
                w.WriteEndArray();
            }
        }
        else
        {
            w.WriteStartArray("predictions"u8);
            if (prediction.Probabilities is { } proba)
            {
                for (var i = 0; i < prediction.Rows; i++)
                {
                    w.WriteStartObject();
                    w.WritePropertyName(Outputs.Predictions);
                    JsonOutput.WriteValue(w, labels, i);
                    w.WritePropertyName(Outputs.Probabilities);
                    JsonOutput.WriteRow(w, proba, i);
                    w.WriteEndObject();
                }
            }
            else JsonOutput.WriteValues(w, labels);
            w.WriteEndArray();
        }
        w.WriteString("model_version"u8, model.Version);
        w.WriteEndObject();
        await r.SendAsync(context, 200).ConfigureAwait(false);
    }

    // ---- MLflow -----------------------------------------------------------------------------------------------

    private async Task Invocations(HttpContext context, RequestScope scope)
    {
        var snapshot = _repository.Current;
        var query = context.Request.Query;
        string? name = query.TryGetValue("model", out var qm) ? qm.ToString() : null;
        string? version = query.TryGetValue("version", out var qv) ? qv.ToString() : null;
        if (name is null)
        {
            if (snapshot.Names.Count == 1) name = snapshot.Names[0];
            else if (snapshot.Names.Count == 0) throw ServingException.NotFound("no model is loaded");
            else throw ServingException.BadRequest($"this server serves several models; say which with ?model=NAME (and optionally &version=V): {string.Join(", ", snapshot.Names)}");
        }
        var model = snapshot.Resolve(name, version);
        scope.Attribute(context, model);
        using var body = await RequestBody.ReadAsync(context, _options.MaxBodyBytes).ConfigureAwait(false);
        var contentType = context.Request.ContentType ?? "";
        Frame frame;
        if (contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            var builder = new FrameBuilder(model.Schema, _options.MaxBatch);
            CsvInput.Read(body.Span, builder);
            frame = builder.Build();
        }
        else if (contentType.Length == 0 || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            frame = RowRequest.ParseMlflow(body.Span, model, _options.MaxBatch).Frame;
        else
            throw new ServingException(StatusCodes.Status415UnsupportedMediaType,
                $"content type '{Describe.Clip(contentType)}' is not supported; send application/json or text/csv");
        var prediction = PredictionRunner.Run(model, frame, true, false);
        _metrics.RowsPredicted(model.Name, model.Version, prediction.Rows);
        var r = JsonResponse.Rent();
        var w = r.Writer;
        w.WriteStartObject();
        w.WriteStartArray("predictions"u8);
        JsonOutput.WriteValues(w, prediction.Labels!);
        w.WriteEndArray();
        w.WriteEndObject();
        await r.SendAsync(context, 200).ConfigureAwait(false);
    }

    private Task Ping(HttpContext context, RequestScope scope)
    {
        var reason = NotReadyReason();
        if (reason is not null) return JsonResponse.SendErrorAsync(context, 503, reason);
        var r = JsonResponse.Rent();
        r.Writer.WriteStartObject();
        r.Writer.WriteString("status"u8, "ok");
        r.Writer.WriteEndObject();
        return r.SendAsync(context, 200);
    }

    private static Task VersionInfo(HttpContext context, RequestScope scope)
    {
        return JsonResponse.SendTextAsync(context, "text/plain; charset=utf-8", ModelFile.AugurVersion + "\n");
    }

    // ---- operations and documentation ---------------------------------------------------------------------------

    private Task Metrics(HttpContext context, RequestScope scope)
    {
        return JsonResponse.SendTextAsync(context, "text/plain; version=0.0.4; charset=utf-8", _metrics.Render());
    }

    private Task OpenApi(HttpContext context, RequestScope scope)
    {
        return JsonResponse.SendTextAsync(context, "application/json", _openApi ??= Server.Docs.OpenApiDocument.Json(_routes, _options));
    }

    private Task DocsHtml(HttpContext context, RequestScope scope)
    {
        return JsonResponse.SendTextAsync(context, "text/html; charset=utf-8", _docs ??= Server.Docs.DocsPage.Render(_routes));
    }
}
