using ScottPlot;

namespace Augur.Plots;

/// <summary>
/// A finished chart: a ScottPlot <see cref="ScottPlot.Plot"/> with its size, ready to render as PNG or SVG. Make one
/// with a <see cref="Charts"/> method; adjust it further through <see cref="Plot"/> if you like. Rendering is
/// serialised per chart, so one chart may be rendered from several threads.
/// </summary>
public sealed class Chart
{
    private readonly object _gate = new();

    internal Chart(Plot plot, string kind, string title, int width, int height, string fontFamily)
    {
        Plot = plot;
        Kind = kind;
        Title = title;
        Width = width;
        Height = height;
        FontFamily = fontFamily;
    }

    /// <summary>The underlying ScottPlot plot (for further styling).</summary>
    public Plot Plot { get; }

    /// <summary>A short snake_case name of the chart kind (<c>roc</c>, <c>confusion_matrix</c>, …), used for file names.</summary>
    public string Kind { get; }

    /// <summary>The title drawn on the chart (empty when it has none).</summary>
    public string Title { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The font family every label is drawn with.</summary>
    public string FontFamily { get; }

    /// <summary>Renders the chart as PNG bytes.</summary>
    public byte[] ToPng()
    {
        lock (_gate) return Plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Renders the chart as an SVG document (text stays text, in <see cref="FontFamily"/>).</summary>
    public string ToSvg()
    {
        lock (_gate)
        {
            var clouds = Plot.GetPlottables().OfType<PointCloud>().ToArray();
            foreach (var c in clouds) c.VectorMode = true;
            try
            {
                return Plot.GetSvgXml(Width, Height);
            }
            finally
            {
                foreach (var c in clouds) c.VectorMode = false;
            }
        }
    }

    /// <summary>The PNG as a <c>data:</c> URI, for embedding in HTML.</summary>
    public string ToPngDataUri() => "data:image/png;base64," + Convert.ToBase64String(ToPng());

    /// <summary>Writes the chart to <paramref name="path"/>: SVG when it ends in <c>.svg</c>, PNG when it ends in <c>.png</c>.</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        switch (ext)
        {
            case ".png":
                File.WriteAllBytes(path, ToPng());
                break;
            case ".svg":
                File.WriteAllText(path, ToSvg());
                break;
            default:
                throw new AugurException($"cannot tell the image format of '{path}': use a .png or .svg file name");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} chart '{Title}' ({Width}×{Height})";
}
