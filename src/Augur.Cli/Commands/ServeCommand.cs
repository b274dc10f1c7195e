using System.CommandLine;
using Augur.Cli.Infrastructure;
using Augur.Server;
using Augur.Server.Explanations;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur serve &lt;model.augur | models-folder&gt;</c>: serves models over the Open Inference Protocol (KServe V2), the
/// TensorFlow Serving and MLflow scoring shapes, with hot reload, optional API keys and Prometheus metrics. Binds to
/// loopback unless told otherwise; Ctrl+C or SIGTERM stops it after draining requests in flight.
/// </summary>
public sealed class ServeCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliIO io)
    {
        var path = new Argument<string>("model") { Description = "A .augur model file (served as name = file stem, version 1) or a folder of <name>/<version>/model.augur" };
        var host = new Option<string>("--host") { Description = "Address to bind: 127.0.0.1 (default), ::1, localhost, 0.0.0.0 for every interface, or an address of this machine", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { Description = "TCP port (0 picks a free one)", DefaultValueFactory = _ => 8080 };
        var keyFile = new Option<string>("--api-key-file") { Description = "File of API keys, one a line; every endpoint but the health probes then needs 'Authorization: Bearer <key>' or 'X-API-Key: <key>'" };
        var maxBatch = new Option<int>("--max-batch") { Description = "Most rows one request may hold", DefaultValueFactory = _ => 10_000 };
        var maxBody = new Option<string>("--max-body") { Description = "Largest request body (e.g. 8MB, 512KB); larger ones get 413", DefaultValueFactory = _ => "8MB" };
        var noWatch = new Option<bool>("--no-watch") { Description = "Do not watch the model path for new or changed files" };
        var background = new Option<string>("--background") { Description = "CSV or Parquet file of background rows for /explain (for example the training data); default: a typical row from each model's training profile" };
        var cmd = new Command("serve", "Serve models over HTTP (Open Inference Protocol, TensorFlow Serving and MLflow shapes)")
        {
            path, host, port, keyFile, maxBatch, maxBody, noWatch, background,
        };
        // A synchronous action: the web host handles SIGINT/SIGTERM itself and drains requests in flight before exiting.
        cmd.SetAction(p =>
        {
            var keys = p.GetValue(keyFile) is { Length: > 0 } file ? ServerOptions.ReadApiKeyFile(file) : [];
            var options = new ServerOptions
            {
                ModelPath = p.GetValue(path)!,
                Host = p.GetValue(host)!,
                Port = p.GetValue(port),
                ApiKeys = keys,
                MaxBatch = p.GetValue(maxBatch),
                MaxBodyBytes = ServerOptions.ParseSize(p.GetValue(maxBody)!),
                HotReload = !p.GetValue(noWatch),
            };
            options.Validate();
            io.Out.Flush();
            var backgroundRows = p.GetValue(background) is { Length: > 0 } bg ? DataFiles.Load(bg) : null;
            AugurServer.RunAsync(options, new ShapExplainerFactory(backgroundRows)).GetAwaiter().GetResult();
            return ExitCodes.Success;
        });
        return cmd;
    }
}
