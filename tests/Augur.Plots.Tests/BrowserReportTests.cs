using Microsoft.Playwright;

namespace Augur.Plots.Tests;

/// <summary>
/// Opens reports in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright's bundled driver, which needs no
/// network) and checks what a reader would see: every image decoded, every inline SVG laid out, no console errors, and
/// no request leaving the file.
/// </summary>
public sealed class BrowserReportTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] s_args =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [Fact]
    public async Task Reports_render_in_chromium_without_errors_or_network()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (apt-get install -y chromium); the browser test never downloads one");
        var dir = Path.Combine(Path.GetTempPath(), "augur-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var (model, x, y) = ReportFixtures.Wine;
            var report = EvaluationReport.Build(model, x, y, ReportFixtures.Fast with { Card = ReportFixtures.Card(model, x, y) });
            var pngReport = Path.Combine(dir, "report.html");
            report.Save(pngReport);
            var (km, kx, ky) = ReportFixtures.Iris;
            var svgReport = Path.Combine(dir, "clusters.html");
            EvaluationReport.Build(km, kx, ky, ReportFixtures.Fast).Save(svgReport, ReportImageFormat.Svg);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Args = s_args,
                Headless = true,
                Timeout = 60_000,
            });
            var images = await Check(browser, pngReport, expectImages: report.Charts.Count, expectSvgs: 0);
            Assert.Equal(report.Charts.Count, images);
            await Check(browser, svgReport, expectImages: 0, expectSvgs: 2);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<int> Check(IBrowser browser, string path, int expectImages, int expectSvgs)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var problems = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") problems.Add($"console {message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url}");
        page.Request += (_, request) => requests.Add(request.Url);
        var url = new Uri(path).AbsoluteUri;
        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
        Assert.NotNull(response);

        var imageStates = Parse<ImageState>(await page.EvaluateAsync<string>(
            "() => JSON.stringify(Array.from(document.images).map(i => ({ complete: i.complete, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight, alt: i.alt })))"));
        Assert.Equal(expectImages, imageStates.Length);
        foreach (var image in imageStates)
        {
            Assert.True(image.Complete, $"image '{image.Alt}' did not finish loading");
            Assert.True(image.NaturalWidth > 0 && image.NaturalHeight > 0, $"image '{image.Alt}' did not decode (natural size {image.NaturalWidth}×{image.NaturalHeight})");
        }
        var svgSizes = Parse<SvgState>(await page.EvaluateAsync<string>(
            "() => JSON.stringify(Array.from(document.querySelectorAll('figure > svg')).map(s => { const r = s.getBoundingClientRect(); return { width: r.width, height: r.height, texts: s.querySelectorAll('text').length }; }))"));
        Assert.Equal(expectSvgs, svgSizes.Length);
        foreach (var svg in svgSizes)
        {
            Assert.True(svg.Width > 100 && svg.Height > 100, $"an inline SVG has size {svg.Width}×{svg.Height}");
            Assert.True(svg.Texts > 3, $"an inline SVG has only {svg.Texts} text elements");
        }
        var title = await page.TitleAsync();
        Assert.StartsWith("Evaluation of", title, StringComparison.Ordinal);

        var dump = Environment.GetEnvironmentVariable("AUGUR_PLOTS_DUMP");
        if (!string.IsNullOrEmpty(dump))
        {
            Directory.CreateDirectory(dump);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dump, Path.GetFileNameWithoutExtension(path) + "-page.png"), FullPage = true });
        }
        await page.CloseAsync();

        Assert.Empty(problems);
        // Only the report itself was requested (data: URIs are decoded in place and never leave the page).
        Assert.All(requests, r => Assert.True(r == url || r.StartsWith("data:", StringComparison.Ordinal), $"request left the file: {r}"));
        Assert.Contains(url, requests);
        return imageStates.Length;
    }

    private static T[] Parse<T>(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<T[]>(json, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))
        ?? throw new InvalidOperationException("the page returned no data");

    private sealed record ImageState(bool Complete, int NaturalWidth, int NaturalHeight, string Alt);

    private sealed record SvgState(double Width, double Height, int Texts);
}
