using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Bench.Ingest;

/// <summary>
/// The baseline for the ingest benchmark: a bare Kestrel endpoint that reads the whole body and answers 202
/// with a small JSON body, in its own process like the node. No parsing, no log, no fsync.
/// </summary>
public static class BareKestrelServer
{
    public static async Task RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : "http://127.0.0.1:5099";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var reply = "{\"accepted\":0,\"rejected\":0,\"errors\":[]}"u8.ToArray();
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapPost("/ingest", async (HttpContext context) =>
        {
            var buffer = new byte[16 * 1024];
            while (await context.Request.Body.ReadAsync(buffer) > 0)
            {
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(reply);
        });
        await app.RunAsync();
    }
}
