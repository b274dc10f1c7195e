using System.CommandLine;
using System.Text.Json.Nodes;
using Augur.Cli.Infrastructure;
using Augur.Data;

namespace Augur.Cli.Commands;

/// <summary><c>augur describe &lt;data&gt;</c>: the schema and statistics of a data file.</summary>
public sealed class DescribeCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliIO io)
    {
        var data = new Argument<string>("data") { Description = "CSV or Parquet file" };
        var json = CommonOptions.Json();
        var cmd = new Command("describe", "Show the schema and summary statistics of a data file") { data, json };
        cmd.SetAction(p =>
        {
            var path = p.GetValue(data)!;
            var frame = DataFiles.Load(path);
            var stats = frame.Describe();
            if (p.GetValue(json)) io.Json(ToJson(path, frame, stats));
            else Render(io, path, frame, stats);
            return ExitCodes.Success;
        });
        return cmd;
    }

    internal static void Render(CliIO io, string path, Frame frame, Frame stats)
    {
        io.Heading($"{Path.GetFileName(path)}: {frame.RowCount:N0} rows × {frame.ColumnCount} columns");
        var headers = stats.ColumnNames;
        var rows = Enumerable.Range(0, stats.RowCount)
            .Select(i => (IReadOnlyList<string>)headers.Select(h => Cell(stats[h], i)).ToArray());
        io.Table(headers, rows);
    }

    private static string Cell(Column c, int row)
    {
        if (c.IsMissing(row)) return "";
        return c.Type == ColumnType.Float64 ? CliIO.Number(c.GetDouble(row)) : c.Format(row);
    }

    internal static JsonObject ToJson(string path, Frame frame, Frame stats)
    {
        var columns = new JsonArray();
        for (var i = 0; i < stats.RowCount; i++)
        {
            var o = new JsonObject();
            foreach (var c in stats.Columns)
            {
                if (c.IsMissing(i)) { o[c.Name] = null; continue; }
                o[c.Name] = c.IsNumeric ? CliJson.Number(c.GetDouble(i)) : JsonValue.Create(c.Format(i));
            }
            columns.Add(o);
        }
        return new JsonObject
        {
            ["file"] = path,
            ["rows"] = frame.RowCount,
            ["columns"] = frame.ColumnCount,
            ["schema"] = columns,
        };
    }
}
