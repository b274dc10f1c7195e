using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Serialization;
using Augur.Server.Http;

namespace Augur.Server.Docs;

/// <summary>The server's OpenAPI 3.1 document, written by hand from the mapped routes so that it always lists exactly them.</summary>
public static class OpenApiDocument
{
    private static readonly Dictionary<string, (string Summary, string Tag)> s_about = new(StringComparer.Ordinal)
    {
        ["health_live"] = ("Liveness: the process is up", "Open Inference Protocol"),
        ["health_ready"] = ("Readiness: models are loaded and the server is not shutting down", "Open Inference Protocol"),
        ["server_metadata"] = ("Server name, version and extensions", "Open Inference Protocol"),
        ["model_metadata"] = ("Model metadata: inputs with datatypes and shapes from the signature, outputs", "Open Inference Protocol"),
        ["model_ready"] = ("Whether a model (version) is ready", "Open Inference Protocol"),
        ["infer"] = ("Predict: one tensor per input column, or one 2-D numeric tensor in signature order", "Open Inference Protocol"),
        ["explain"] = ("SHAP values per row (same request as infer)", "Open Inference Protocol"),
        ["repository_index"] = ("Every loaded model version", "Open Inference Protocol"),
        ["tf_status"] = ("TensorFlow Serving model status", "TensorFlow Serving"),
        ["tf_metadata"] = ("TensorFlow Serving model metadata (signature_def)", "TensorFlow Serving"),
        ["tf_predict"] = ("TensorFlow Serving predict: 'instances' (rows) or 'inputs' (columns)", "TensorFlow Serving"),
        ["invocations"] = ("MLflow scoring: dataframe_split, dataframe_records, instances, inputs, or a text/csv body", "MLflow"),
        ["ping"] = ("MLflow health check", "MLflow"),
        ["health"] = ("MLflow health check", "MLflow"),
        ["version"] = ("Augur version (text)", "MLflow"),
        ["metrics"] = ("Prometheus metrics (text exposition format 0.0.4)", "Operations"),
        ["openapi"] = ("This document", "Operations"),
        ["docs"] = ("A documentation page (HTML)", "Operations"),
    };

    /// <summary>The summary and group (protocol) of an endpoint, by its metric name.</summary>
    internal static (string Summary, string Tag) About(string name) => s_about.TryGetValue(name, out var about) ? about : (name, "Other");

    /// <summary>The OpenAPI document for <paramref name="routes"/>, as indented JSON.</summary>
    public static string Json(IReadOnlyList<ServedRoute> routes, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(options);
        var secured = options.ApiKeys.Count > 0;
        var paths = new JsonObject();
        foreach (var route in routes)
        {
            var path = paths[route.Template] as JsonObject;
            if (path is null) paths[route.Template] = path = new JsonObject();
            var (summary, tag) = s_about.TryGetValue(route.Name, out var about) ? about : (route.Name, "Other");
            var op = new JsonObject
            {
                ["operationId"] = OperationId(route),
                ["summary"] = summary,
                ["tags"] = new JsonArray(tag),
            };
            var parameters = new JsonArray();
            if (route.Template.Contains("{model}", StringComparison.Ordinal))
                parameters.Add(PathParameter("model", "The model name (its folder, or the model file's stem)"));
            if (route.Template.Contains("{version}", StringComparison.Ordinal))
                parameters.Add(PathParameter("version", "The model version (its folder name); the latest when the path has no version"));
            if (route.Name == "invocations")
            {
                parameters.Add(new JsonObject { ["name"] = "model", ["in"] = "query", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" }, ["description"] = "The model, when the server serves several" });
                parameters.Add(new JsonObject { ["name"] = "version", ["in"] = "query", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" }, ["description"] = "The version (default: the latest)" });
            }
            if (parameters.Count > 0) op["parameters"] = parameters;
            if (RequestSchema(route.Name) is { } request) op["requestBody"] = request;
            op["responses"] = Responses(route);
            if (route.Open || !secured) op["security"] = new JsonArray();
            path[route.Method.ToLowerInvariant()] = op;
        }
        var doc = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Augur model server",
                ["version"] = ModelFile.AugurVersion,
                ["description"] = "Serves Augur models over the Open Inference Protocol (KServe V2), the TensorFlow Serving REST shape and the MLflow scoring shape. "
                    + "Errors are JSON objects {\"error\": \"…\"}. Responses that a model produced carry the headers X-Model-Name, X-Model-Version and X-Model-Revision.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = Schemas(),
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "Authorization: Bearer <API key>" },
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = ServingHeaders.ApiKey },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }, new JsonObject { ["apiKey"] = new JsonArray() }),
        };
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string OperationId(ServedRoute route)
    {
        var versioned = route.Template.Contains("{version}", StringComparison.Ordinal);
        return route.Name + (versioned ? "_version" : "") + (route.Name == "health" ? "_mlflow" : "");
    }

    private static JsonObject PathParameter(string name, string description) => new()
    {
        ["name"] = name,
        ["in"] = "path",
        ["required"] = true,
        ["schema"] = new JsonObject { ["type"] = "string" },
        ["description"] = description,
    };

    private static JsonObject Ref(string schema) => new() { ["$ref"] = "#/components/schemas/" + schema };

    private static JsonObject JsonContent(string schema) => new() { ["application/json"] = new JsonObject { ["schema"] = Ref(schema) } };

    private static JsonObject? RequestSchema(string name) => name switch
    {
        "infer" or "explain" => new JsonObject { ["required"] = true, ["content"] = JsonContent("InferenceRequest") },
        "tf_predict" => new JsonObject { ["required"] = true, ["content"] = JsonContent("TfPredictRequest") },
        "invocations" => new JsonObject
        {
            ["required"] = true,
            ["content"] = new JsonObject
            {
                ["application/json"] = new JsonObject { ["schema"] = Ref("MlflowRequest") },
                ["text/csv"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["description"] = "A header row of input column names, then one row per prediction" } },
            },
        },
        _ => null,
    };

    private static JsonObject Responses(ServedRoute route)
    {
        var ok = route.Name switch
        {
            "health_live" => Response("The server is live", JsonContent("Live")),
            "health_ready" => Response("Ready", JsonContent("Ready")),
            "server_metadata" => Response("Server metadata", JsonContent("ServerMetadata")),
            "model_metadata" => Response("Model metadata", JsonContent("ModelMetadata")),
            "model_ready" => Response("The model is ready", JsonContent("ModelReady")),
            "infer" => Response("Predictions", JsonContent("InferenceResponse")),
            "explain" => Response("SHAP values (outputs shap_values, base_values and model_output; output_space in the parameters of shap_values)", JsonContent("InferenceResponse")),
            "repository_index" => Response("Loaded model versions", JsonContent("RepositoryIndex")),
            "tf_status" => Response("Model status", JsonContent("TfStatus")),
            "tf_metadata" => Response("Model metadata", new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } }),
            "tf_predict" => Response("Predictions", JsonContent("TfPredictResponse")),
            "invocations" => Response("Predictions", JsonContent("MlflowResponse")),
            "ping" or "health" => Response("Ready", new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } }),
            "version" or "metrics" => Response("Text", new JsonObject { ["text/plain"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } }),
            "docs" => Response("HTML page", new JsonObject { ["text/html"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } }),
            _ => Response("The OpenAPI document", new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } }),
        };
        var responses = new JsonObject { ["200"] = ok };
        var error = JsonContent("Error");
        if (route.Method == "POST")
        {
            responses["400"] = Response("The request does not fit the model's signature (the message names the field)", error.DeepClone());
            responses["413"] = Response("The body is larger than --max-body", error.DeepClone());
        }
        if (route.Template.Contains("{model}", StringComparison.Ordinal) || route.Name == "invocations")
            responses["404"] = Response("No such model or version", error.DeepClone());
        if (route.Name == "invocations")
            responses["415"] = Response("The content type is neither application/json nor text/csv", error.DeepClone());
        if (route.Name == "explain")
            responses["501"] = Response("No SHAP explainer is available for this model", error.DeepClone());
        if (route.Name is "health_ready" or "model_ready" or "ping" or "health")
            responses["503"] = Response("Not ready (loading, no models, or shutting down)", error.DeepClone());
        if (!route.Open) responses["401"] = Response("A missing or wrong API key (when the server has keys)", error.DeepClone());
        return responses;
    }

    private static JsonObject Response(string description, JsonNode content) => new() { ["description"] = description, ["content"] = content };

    private static JsonObject Obj(params (string Name, JsonNode Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties) props[name] = schema;
        return new JsonObject { ["type"] = "object", ["properties"] = props };
    }

    private static JsonObject Str(string? description = null) => description is null ? new() { ["type"] = "string" } : new() { ["type"] = "string", ["description"] = description };

    private static JsonObject Arr(JsonNode items) => new() { ["type"] = "array", ["items"] = items };

    private static JsonObject Schemas()
    {
        var parameters = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") } };
        var tensorData = new JsonObject { ["type"] = "array", ["description"] = "Row-major tensor data, flat or nested; null marks a missing value" };
        var shape = Arr(new JsonObject { ["type"] = "integer" });
        var requestInput = Obj(("name", Str("An input column, or any name for a 2-D tensor of all inputs")), ("shape", shape.DeepClone()),
            ("datatype", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("BOOL", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "FP16", "FP32", "FP64", "BYTES") }),
            ("parameters", parameters.DeepClone()), ("data", tensorData.DeepClone()));
        requestInput["required"] = new JsonArray("name", "shape", "datatype", "data");
        var request = Obj(("id", Str("Echoed in the response")), ("parameters", parameters.DeepClone()), ("inputs", Arr(Ref("RequestInput"))),
            ("outputs", Arr(Obj(("name", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("predictions", "probabilities") }), ("parameters", parameters.DeepClone())))));
        request["required"] = new JsonArray("inputs");
        var responseOutput = Obj(("name", Str()), ("shape", shape.DeepClone()), ("datatype", Str()),
            ("parameters", parameters.DeepClone()), ("data", tensorData.DeepClone()));
        var tensorMeta = Obj(("name", Str()), ("datatype", Str()), ("shape", shape.DeepClone()), ("parameters", parameters.DeepClone()));
        return new JsonObject
        {
            ["Error"] = Obj(("error", Str("What was wrong, naming the field"))),
            ["Live"] = Obj(("live", new JsonObject { ["type"] = "boolean" })),
            ["Ready"] = Obj(("ready", new JsonObject { ["type"] = "boolean" }), ("models", new JsonObject { ["type"] = "integer" }), ("error", Str())),
            ["ModelReady"] = Obj(("name", Str()), ("version", Str()), ("ready", new JsonObject { ["type"] = "boolean" })),
            ["ServerMetadata"] = Obj(("name", Str()), ("version", Str()), ("extensions", Arr(Str()))),
            ["TensorMetadata"] = tensorMeta,
            ["ModelMetadata"] = Obj(("name", Str()), ("versions", Arr(Str())), ("platform", Str()), ("parameters", parameters.DeepClone()),
                ("inputs", Arr(Ref("TensorMetadata"))), ("outputs", Arr(Ref("TensorMetadata")))),
            ["RequestInput"] = requestInput,
            ["InferenceRequest"] = request,
            ["ResponseOutput"] = responseOutput,
            ["InferenceResponse"] = Obj(("model_name", Str()), ("model_version", Str()), ("id", Str()), ("parameters", parameters.DeepClone()),
                ("outputs", Arr(Ref("ResponseOutput")))),
            ["RepositoryIndex"] = Arr(Obj(("name", Str()), ("version", Str()), ("state", Str()))),
            ["TfStatus"] = Obj(("model_version_status", Arr(Obj(("version", Str()), ("state", Str()),
                ("status", Obj(("error_code", Str()), ("error_message", Str()))))))),
            ["TfPredictRequest"] = Obj(("signature_name", Str()),
                ("instances", Arr(new JsonObject { ["description"] = "A row: an array of values in signature order, or an object of column: value" })),
                ("inputs", new JsonObject { ["description"] = "Columns: an object of column: [values]" })),
            ["TfPredictResponse"] = Obj(("predictions", new JsonObject { ["type"] = "array" }), ("outputs", new JsonObject { ["description"] = "For columnar requests" }),
                ("model_version", Str())),
            ["MlflowRequest"] = Obj(
                ("dataframe_split", Obj(("columns", Arr(Str())), ("data", Arr(new JsonObject { ["type"] = "array" })), ("index", new JsonObject { ["type"] = "array" }))),
                ("dataframe_records", Arr(new JsonObject { ["type"] = "object" })),
                ("instances", new JsonObject { ["type"] = "array" }),
                ("inputs", new JsonObject { ["description"] = "Columns (object) or rows (array)" }),
                ("params", new JsonObject { ["type"] = "object" })),
            ["MlflowResponse"] = Obj(("predictions", new JsonObject { ["type"] = "array" })),
        };
    }
}
