using System.Text.Json.Nodes;
using Augur.Data;

namespace Augur.Serialization;

/// <summary>Writes and reads <see cref="ModelSignature"/> as JSON inside a model file.</summary>
internal static class SignatureJson
{
    public static JsonObject ToNode(ModelSignature s, ModelWriter writer, string key)
    {
        var inputs = new JsonArray();
        foreach (var i in s.Inputs)
        {
            var o = new JsonObject { ["name"] = i.Name, ["type"] = i.Type.ToName(), ["allows_missing"] = i.AllowsMissing };
            if (i.Categories is not null)
            {
                var cats = new JsonArray();
                foreach (var c in i.Categories) cats.Add(JsonValue.Create(c));
                o["categories"] = cats;
            }
            inputs.Add(o);
        }
        var node = new JsonObject
        {
            ["inputs"] = inputs,
            ["task"] = TaskName(s.Task),
            ["target"] = s.Target,
        };
        if (s.Classes is not null) node["classes"] = writer.ColumnNode(s.Classes.Values);
        return node;
    }

    public static ModelSignature FromNode(JsonObject o, ModelReader reader, string key)
    {
        ModelFormatException Bad(string what) => new($"corrupt model file: signature field '{key}': {what}");
        var inputs = o["inputs"] as JsonArray ?? throw Bad("no inputs");
        var list = new List<InputColumn>(inputs.Count);
        foreach (var n in inputs)
        {
            if (n is not JsonObject io) throw Bad("an input is not an object");
            var name = io["name"] is JsonValue nv && nv.TryGetValue<string>(out var nm) ? nm : throw Bad("an input has no name");
            var typeName = io["type"] is JsonValue tv && tv.TryGetValue<string>(out var t) ? t : null;
            if (typeName is null || !ColumnTypeExtensions.TryParse(typeName, out var type)) throw Bad($"input '{name}' has no valid type");
            var allows = io["allows_missing"] is JsonValue av && av.TryGetValue<bool>(out var a) ? a : throw Bad($"input '{name}' has no allows_missing");
            string[]? cats = null;
            if (io["categories"] is JsonArray ca)
            {
                cats = new string[ca.Count];
                for (var i = 0; i < cats.Length; i++)
                    cats[i] = ca[i] is JsonValue cv && cv.TryGetValue<string>(out var c) ? c : throw Bad($"input '{name}' has a bad category");
            }
            list.Add(new InputColumn(name, type, allows, cats));
        }
        if (list.Select(i => i.Name).Distinct(StringComparer.Ordinal).Count() != list.Count) throw Bad("input names repeat");
        var taskName = o["task"] is JsonValue tk && tk.TryGetValue<string>(out var ts) ? ts : null;
        var task = ParseTask(taskName) ?? throw Bad("no valid task");
        var target = o["target"] is JsonValue tg && tg.TryGetValue<string>(out var tgs) ? tgs : null;
        ClassLabels? classes = null;
        if (o["classes"] is JsonObject co && co["$column"] is JsonObject col)
            classes = ClassLabels.FromSorted(reader.ReadColumnNode(col, key + ".classes", null));
        return new ModelSignature { Inputs = list, Task = task, Target = target, Classes = classes };
    }

    public static string TaskName(ModelTask task) => task switch
    {
        ModelTask.Transform => "transform",
        ModelTask.Regression => "regression",
        ModelTask.BinaryClassification => "binary_classification",
        ModelTask.MulticlassClassification => "multiclass_classification",
        ModelTask.Clustering => "clustering",
        ModelTask.Ranking => "ranking",
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    public static ModelTask? ParseTask(string? name) => name switch
    {
        "transform" => ModelTask.Transform,
        "regression" => ModelTask.Regression,
        "binary_classification" => ModelTask.BinaryClassification,
        "multiclass_classification" => ModelTask.MulticlassClassification,
        "clustering" => ModelTask.Clustering,
        "ranking" => ModelTask.Ranking,
        _ => null,
    };
}
