using Augur.Server.Models;
using Microsoft.AspNetCore.Http;

namespace Augur.Server.Http;

/// <summary>What an endpoint learned about its request, for the metrics and the attribution headers.</summary>
internal sealed class RequestScope
{
    public string Model { get; private set; } = "";

    public string Version { get; private set; } = "";

    /// <summary>Notes the model version that answers, and sets the attribution headers.</summary>
    public void Attribute(HttpContext context, ServedModel model)
    {
        Model = model.Name;
        Version = model.Version;
        var headers = context.Response.Headers;
        headers[ServingHeaders.ModelName] = model.Name;
        headers[ServingHeaders.ModelVersion] = model.Version;
        headers[ServingHeaders.ModelRevision] = model.Revision;
    }
}

/// <summary>The response headers that say which model version answered.</summary>
public static class ServingHeaders
{
    /// <summary>The model name.</summary>
    public const string ModelName = "X-Model-Name";

    /// <summary>The model version.</summary>
    public const string ModelVersion = "X-Model-Version";

    /// <summary>The first 12 hex digits of the model file's SHA-256 (tells two loads of one version apart).</summary>
    public const string ModelRevision = "X-Model-Revision";

    /// <summary>The API key header (the alternative to <c>Authorization: Bearer</c>).</summary>
    public const string ApiKey = "X-API-Key";
}
