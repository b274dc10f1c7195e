using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Augur.Server.Tests;

/// <summary>Publishes the self-contained single-file <c>augur</c> for linux-x64 once per test run (it is slow).</summary>
public sealed class PublishedCli : IAsyncLifetime
{
    private string? _root;

    public string Executable { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "augur-server-publish", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        var output = Path.Combine(_root, "out");
        // --artifacts-path keeps this build's bin/obj apart from the test run's own build outputs.
        var (code, log) = await Run("dotnet", RealModels.RepoRoot, TimeSpan.FromMinutes(8),
            "publish", "src/Augur.Cli", "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true",
            "--artifacts-path", Path.Combine(_root, "artifacts"), "-o", output, "--disable-build-servers", "-nologo");
        Assert.True(code == 0, "dotnet publish failed:\n" + log);
        Executable = new[] { "augur", "Augur.Cli" }.Select(n => Path.Combine(output, n)).First(File.Exists);
        // A single file: beside the executable only symbols, documentation and native libraries (LightGBM's), which a
        // single-file bundle leaves out unless told to extract them.
        Assert.All(Directory.GetFiles(output).Where(f => f != Executable), f => Assert.Matches(@"\.(pdb|xml|so)$", f));
        Assert.DoesNotContain(Directory.GetFiles(output), f => f.EndsWith(".dll", StringComparison.Ordinal));
    }

    public Task DisposeAsync()
    {
        if (_root is not null)
        {
            try { Directory.Delete(_root, recursive: true); }
            catch (IOException) { }
        }
        return Task.CompletedTask;
    }

    public static async Task<(int Code, string Output)> Run(string file, string workDir, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} ran past {timeout}:\n{output}");
        }
        p.WaitForExit();
        lock (output) return (p.ExitCode, output.ToString());
    }
}

[CollectionDefinition("published cli")]
public sealed class PublishedCliCollection : ICollectionFixture<PublishedCli>;

/// <summary>The single-file binary serves a real model over loopback and stops cleanly on SIGTERM.</summary>
[Collection("published cli")]
public sealed class PublishTests(PublishedCli cli)
{
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task Single_file_binary_serves_a_model_and_drains_on_sigterm()
    {
        var model = RealModels.HousingLogistic;
        var x = RealModels.HousingX;
        using var folder = new ModelFolder();
        var path = Path.Combine(folder.Root, "housing.augur");
        Augur.Serialization.ModelFile.Save(model, path, new Augur.Serialization.ModelCard { Profile = Augur.Profiling.ReferenceProfile.Compute(x) });
        var port = FreePort();
        var psi = new ProcessStartInfo(cli.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "serve", path, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--max-batch", "100" }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                Assert.False(process.HasExited, "the server exited:\n" + log);
                try
                {
                    if ((await client.GetAsync("/v2/health/ready")).IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                Assert.True(DateTime.UtcNow < deadline, "the server never became ready:\n" + log);
                await Task.Delay(100);
            }
            var rows = x.Take(Enumerable.Range(0, 25).Select(i => i * 11).ToArray());
            var r = await client.PostAsync("/v2/models/housing/infer", RealModels.OipRequest(model, rows, "p1"));
            Assert.True(r.Status == 200, r.Body.ToString());
            Assert.Equal("1", r.Body.GetProperty("model_version").GetString());
            Assert.Equal(model.PredictProba(rows).Data, r.Body.GetProperty("outputs")[1].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray());
            Http.AssertError(await client.PostAsync("/v2/models/housing/infer", RealModels.OipRequest(model, x.Take(Enumerable.Range(0, 101).ToArray()))), 400, "at most 100");
            Assert.Contains("augur_models_loaded 1", await client.GetStringAsync("/metrics"));
            lock (log) Assert.Contains("listening on http://127.0.0.1:" + port, log.ToString());
            // augur serve explains with linear SHAP, folded into the input columns, from the card's training profile.
            var e = await client.PostAsync("/v2/models/housing/explain", RealModels.OipRequest(model, rows.Head(3)));
            Assert.True(e.Status == 200, e.Body.ToString());
            var shap = e.Body.GetProperty("outputs")[0];
            Assert.Equal("linear", shap.GetProperty("parameters").GetProperty("method").GetString());
            Assert.Equal([3, model.Signature.Inputs.Count], shap.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray());

            // SIGTERM: a clean stop, exit code 0.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(cts.Token);
            Assert.True(process.ExitCode == 0, "exit code " + process.ExitCode + ":\n" + log);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Single_file_binary_serves_a_folder_with_a_lightgbm_model()
    {
        // Boosting models load through LightGBM's native library, which the single file leaves beside the binary.
        var model = RealModels.HousingBoosting;
        var x = RealModels.HousingX;
        using var folder = new ModelFolder();
        folder.Save("prices", "3", model);
        var port = FreePort();
        var psi = new ProcessStartInfo(cli.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "serve", folder.Root, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-watch" }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                Assert.False(process.HasExited, "the server exited:\n" + log);
                try
                {
                    if ((await client.GetAsync("/v2/health/ready")).IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                Assert.True(DateTime.UtcNow < deadline, "the server never became ready:\n" + log);
                await Task.Delay(100);
            }
            var rows = x.Take(Enumerable.Range(0, 10).Select(i => i * 7).ToArray());
            var r = await client.PostAsync("/v1/models/prices:predict", RealModels.Instances(model, rows));
            Assert.True(r.Status == 200, r.Body.ToString());
            Assert.Equal("3", r.Body.GetProperty("model_version").GetString());
            var expected = model.PredictProba(rows);
            var predictions = r.Body.GetProperty("predictions").EnumerateArray().ToArray();
            for (var i = 0; i < rows.RowCount; i++)
                Assert.Equal(expected.Row(i).ToArray(), predictions[i].GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Single_file_binary_reports_bad_arguments()
    {
        var (code, output) = await PublishedCli.Run(cli.Executable, Path.GetTempPath(), TimeSpan.FromSeconds(60), "serve", "/no/such/model.augur");
        Assert.Equal(1, code);
        Assert.Contains("augur: error:", output, StringComparison.Ordinal);
        Assert.Contains("neither a model file nor a folder", output, StringComparison.Ordinal);
        (code, output) = await PublishedCli.Run(cli.Executable, Path.GetTempPath(), TimeSpan.FromSeconds(60), "serve", Path.GetTempPath(), "--max-body", "lots");
        Assert.Equal(1, code);
        Assert.Contains("is not a size", output, StringComparison.Ordinal);
    }
}
