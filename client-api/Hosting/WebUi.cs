using Microsoft.Extensions.FileProviders;

namespace FlowOrleans.ClientApi.Hosting;

/// <summary>Serves the React UI built into <c>web/dist</c> at <c>/</c>.</summary>
internal static class WebUi
{
    /// <summary>The built UI: <c>Flow:WebRoot</c>, else <c>wwwroot</c> next to the app, else <c>web/dist</c> of the source tree.</summary>
    public static string? Locate(IConfiguration configuration)
    {
        if (configuration["Flow:WebRoot"] is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(published, "index.html")))
        {
            return published;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dist = Path.Combine(dir.FullName, "web", "dist");
            if (File.Exists(Path.Combine(dist, "index.html")))
            {
                return dist;
            }
        }

        return null;
    }

    public static void MapWebUi(this WebApplication app)
    {
        if (Locate(app.Configuration) is { } root)
        {
            var files = new PhysicalFileProvider(root);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            return;
        }

        app.MapGet("/", () => Results.Content(
            "<!doctype html><title>FlowOrleans</title><h1>FlowOrleans is running</h1><p>The web UI is not built. Run <code>npm ci &amp;&amp; npm run build</code> in <code>web/</code> (the client-api build does it when npm is installed), then reload. The API works already: try <a href=\"/pipelines\">/pipelines</a>.</p>",
            "text/html")).ExcludeFromDescription();
    }
}
