using System.Net;
using Augur.Server.Explanations;
using Augur.Server.Http;
using Augur.Server.Models;
using Augur.Server.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Augur.Server;

/// <summary>
/// Builds and runs the model server. <see cref="CreateBuilder"/> sets up Kestrel (bound to loopback unless told
/// otherwise, with the body limit), logging and the services; <see cref="Build"/> loads the models, maps the endpoints
/// and starts hot reload; <see cref="RunAsync"/> does both and serves until cancelled, draining requests in flight.
/// </summary>
public static class AugurServer
{
    /// <summary>A web application builder configured for <paramref name="options"/>. Tests may swap the server (TestServer) before <see cref="Build"/>.</summary>
    public static WebApplicationBuilder CreateBuilder(ServerOptions options, IExplainerFactory? explainers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Augur.Server",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // The endpoints enforce --max-body themselves and answer 413 with a JSON reason; Kestrel's own limit sits above it
            // so that a moderately oversized body is drained after that answer (the client reads the 413 instead of a reset),
            // while a huge one still has its connection cut.
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxBodyBytes * 4, options.MaxBodyBytes + 16 * 1024 * 1024);
            Listen(k, options.Host, options.Port);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddSingleton<ModelRepository>();
        if (explainers is not null) builder.Services.AddSingleton(explainers);
        return builder;
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions k, string host, int port)
    {
        switch (host.Trim())
        {
            case "localhost":
                if (port == 0) k.Listen(IPAddress.Loopback, 0);
                else k.ListenLocalhost(port);
                return;
            case "*" or "0.0.0.0" or "+":
                k.ListenAnyIP(port);
                return;
            default:
                if (!IPAddress.TryParse(host.Trim().Trim('[', ']'), out var address))
                    throw new AugurException($"--host '{host}' is not an IP address; use 127.0.0.1, ::1, localhost, 0.0.0.0 or an address of this machine");
                k.Listen(address, port);
                return;
        }
    }

    /// <summary>Loads the models (a broken single model file is an <see cref="AugurException"/>), maps every endpoint and arranges hot reload and draining.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        var options = app.Services.GetRequiredService<ServerOptions>();
        var repository = app.Services.GetRequiredService<ModelRepository>();
        var metrics = app.Services.GetRequiredService<ServerMetrics>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Augur.Server");
        repository.LoadInitial();
        var endpoints = new ServingEndpoints(repository, options, metrics, app.Services.GetService<IExplainerFactory>(), logger);

        app.Use(async (context, next) =>
        {
            metrics.RequestStarted();
            try
            {
                await next(context).ConfigureAwait(false);
                if (!context.Response.HasStarted && context.Response.StatusCode is 404 or 405 && context.GetEndpoint() is null or { DisplayName: "405 HTTP Method Not Supported" })
                    await JsonResponse.SendErrorAsync(context, context.Response.StatusCode, context.Response.StatusCode == 404
                        ? $"no endpoint at {Clip(context.Request.Path.Value)}; see /docs"
                        : $"{context.Request.Method} is not allowed at {Clip(context.Request.Path.Value)}; see /docs").ConfigureAwait(false);
            }
            finally
            {
                metrics.RequestFinished();
            }
        });
        endpoints.Map(app);
        app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(endpoints.BeginShutdown);
        if (options.HotReload)
            app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(repository.StartWatching);
        app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(repository.Dispose);
        return app;
    }

    private static string Clip(string? path) => path is null ? "/" : path.Length <= 80 ? path : path[..80] + "…";

    /// <summary>The addresses the server listens on (after it has started).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
    }

    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> fires (or the process gets SIGINT/SIGTERM), then stops taking new
    /// requests and drains those in flight for up to <see cref="ServerOptions.ShutdownTimeout"/>.
    /// </summary>
    public static async Task RunAsync(ServerOptions options, IExplainerFactory? explainers = null, CancellationToken cancellationToken = default)
    {
        var app = Build(CreateBuilder(options, explainers));
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Augur.Server");
            log.LogInformation("listening on {Addresses}{Auth}", string.Join(", ", Addresses(app)),
                options.ApiKeys.Count > 0 ? $" (API key required; {options.ApiKeys.Count} key(s))" : "");
            try
            {
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
