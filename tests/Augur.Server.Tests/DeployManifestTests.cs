using System.Text.RegularExpressions;
using Augur.Cli.Commands;
using Augur.Cli.Infrastructure;
using YamlDotNet.Serialization;

namespace Augur.Server.Tests;

/// <summary>The Dockerfile and Kubernetes manifests agree with the server: ports, probe paths, arguments and names.</summary>
public sealed partial class DeployManifestTests
{
    private static string Deploy(string file) => Path.Combine(RealModels.RepoRoot, "deploy", file);

    private static Dictionary<object, object> Yaml(string file) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(Deploy(file)));

    private static Dictionary<object, object> Map(object node) => Assert.IsType<Dictionary<object, object>>(node);

    private static List<object> List(object node) => Assert.IsType<List<object>>(node);

    /// <summary>Checks that <paramref name="args"/> parse as an 'augur serve' command line, and returns the port and host they give.</summary>
    private static (int Port, string Host) ParseServe(IReadOnlyList<string> args)
    {
        Assert.Equal("serve", args[0]);
        var command = new ServeCommand().Build(new CliIO(TextWriter.Null, TextWriter.Null, false));
        var parse = command.Parse(args.Skip(1).ToArray());
        Assert.Empty(parse.Errors);
        var port = parse.GetValue<int>("--port");
        var host = parse.GetValue<string>("--host")!;
        return (port, host);
    }

    [Fact]
    public async Task Kubernetes_manifests_agree_with_the_server()
    {
        var deployment = Yaml("k8s/deployment.yaml");
        Assert.Equal("Deployment", deployment["kind"]);
        var name = Map(deployment["metadata"])["name"];
        var spec = Map(deployment["spec"]);
        var template = Map(spec["template"]);
        var labels = Map(Map(template["metadata"])["labels"]);
        var podSpec = Map(template["spec"]);
        var container = Map(List(podSpec["containers"]).Single());
        var ports = List(container["ports"]).Select(Map).ToArray();
        var http = ports.Single(p => (string)p["name"] == "http");
        var containerPort = int.Parse((string)http["containerPort"], System.Globalization.CultureInfo.InvariantCulture);

        var (port, host) = ParseServe(List(container["args"]).Cast<string>().ToArray());
        Assert.Equal(containerPort, port);
        Assert.Equal("0.0.0.0", host);

        var live = Map(Map(container["livenessProbe"])["httpGet"]);
        var ready = Map(Map(container["readinessProbe"])["httpGet"]);
        var startup = Map(Map(container["startupProbe"])["httpGet"]);
        Assert.Equal("/v2/health/live", live["path"]);
        Assert.Equal("/v2/health/ready", ready["path"]);
        foreach (var probe in new[] { live, ready, startup })
            Assert.True((string)probe["port"] == "http" || (string)probe["port"] == containerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The drain must finish inside the grace period.
        var grace = int.Parse((string)podSpec["terminationGracePeriodSeconds"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(grace > new ServerOptions { ModelPath = "." }.ShutdownTimeout.TotalSeconds);
        var annotations = Map(Map(template["metadata"])["annotations"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
        Assert.Equal(containerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations["prometheus.io/port"]);

        // The probe paths answer 200 without an API key on a server that has keys; /metrics exists behind the key.
        using var folder = new ModelFolder();
        folder.Save("m", "1", LinearTestModel.Create(0));
        await using (var server = await ServerHarness.StartAsync(HostKind.InMemory, new ServerOptions { ModelPath = folder.Root, HotReload = false, ApiKeys = ["0123456789abcdef-key"] }))
        {
            foreach (var path in new[] { (string)live["path"], (string)ready["path"], (string)startup["path"] })
                Assert.Equal(200, (int)(await server.Client.GetAsync(path)).StatusCode);
            Assert.Equal(401, (int)(await server.Client.GetAsync((string)annotations["prometheus.io/path"])).StatusCode);
        }

        var service = Yaml("k8s/service.yaml");
        Assert.Equal("Service", service["kind"]);
        var serviceSpec = Map(service["spec"]);
        foreach (var (key, value) in Map(serviceSpec["selector"])) Assert.Equal(value, labels[key]);
        var servicePort = Map(List(serviceSpec["ports"]).Single());
        Assert.True((string)servicePort["targetPort"] == "http" || (string)servicePort["targetPort"] == containerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var hpa = Yaml("k8s/hpa.yaml");
        Assert.Equal("HorizontalPodAutoscaler", hpa["kind"]);
        Assert.Equal("autoscaling/v2", hpa["apiVersion"]);
        var target = Map(Map(hpa["spec"])["scaleTargetRef"]);
        Assert.Equal("Deployment", target["kind"]);
        Assert.Equal(name, target["name"]);
        // CPU utilization targets need CPU requests on the container.
        Assert.True(Map(Map(container["resources"])["requests"]).ContainsKey("cpu"));

        var storage = Yaml("k8s/storage.yaml");
        var claim = Map(List(podSpec["volumes"]).Select(Map).Single(v => (string)v["name"] == "models")["persistentVolumeClaim"]);
        Assert.Equal(Map(storage["metadata"])["name"], claim["claimName"]);
        var mount = List(container["volumeMounts"]).Select(Map).Single(v => (string)v["name"] == "models");
        Assert.Equal("/models", mount["mountPath"]);
        Assert.Equal("/models", List(container["args"]).Cast<string>().ElementAt(1));
    }

    [Fact]
    public void Serve_defaults_bind_to_loopback()
    {
        var command = new ServeCommand().Build(new CliIO(TextWriter.Null, TextWriter.Null, false));
        var parse = command.Parse(["model.augur"]);
        Assert.Empty(parse.Errors);
        Assert.Equal("127.0.0.1", parse.GetValue<string>("--host"));
        Assert.Equal(8080, parse.GetValue<int>("--port"));
        Assert.Equal(10_000, parse.GetValue<int>("--max-batch"));
        Assert.Equal(8L * 1024 * 1024, ServerOptions.ParseSize(parse.GetValue<string>("--max-body")!));
        var defaults = new ServerOptions { ModelPath = "model.augur" };
        Assert.Equal(("127.0.0.1", 8080, 10_000, 8L * 1024 * 1024), (defaults.Host, defaults.Port, defaults.MaxBatch, defaults.MaxBodyBytes));
        Assert.NotEmpty(command.Parse(["model.augur", "--port", "eighty"]).Errors);
    }

    [Fact]
    public void Dockerfile_builds_in_stages_runs_as_non_root_and_checks_readiness()
    {
        var text = File.ReadAllText(Deploy("Dockerfile"));
        var from = FromLine().Matches(text).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(2, from.Length);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", from[0]);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", from[1]);
        var user = UserLine().Match(text);
        Assert.True(user.Success);
        Assert.DoesNotMatch("^(root|0)$", user.Groups[1].Value);
        var expose = int.Parse(ExposeLine().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var health = HealthLine().Match(text.Replace("\\\n", " ", StringComparison.Ordinal));
        Assert.True(health.Success);
        Assert.Contains($"127.0.0.1:{expose}/v2/health/ready", health.Value, StringComparison.Ordinal);
        var cmd = CmdLine().Match(text);
        var args = Regex.Matches(cmd.Groups[1].Value, "\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToArray();
        var (port, host) = ParseServe(args);
        Assert.Equal(expose, port);
        Assert.Equal("0.0.0.0", host);
        Assert.Contains("ENTRYPOINT [\"/app/augur\"]", text, StringComparison.Ordinal);
        Assert.Contains("dotnet publish src/Augur.Cli", text, StringComparison.Ordinal);
        // Boosting models load through LightGBM's native library, which links against OpenMP.
        Assert.Contains("libgomp1", text, StringComparison.Ordinal);
        var ignore = File.ReadAllText(Deploy("Dockerfile.dockerignore"));
        Assert.Contains("**/bin", ignore, StringComparison.Ordinal);
        Assert.Contains("**/obj", ignore, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RealModels.RepoRoot, "src", "Augur.Cli", "Augur.Cli.csproj")));
    }

    [GeneratedRegex(@"^FROM\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^USER\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    [GeneratedRegex(@"^EXPOSE\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex ExposeLine();

    [GeneratedRegex(@"^HEALTHCHECK .*$", RegexOptions.Multiline)]
    private static partial Regex HealthLine();

    [GeneratedRegex(@"^CMD\s+\[(.*)\]\s*$", RegexOptions.Multiline)]
    private static partial Regex CmdLine();
}
