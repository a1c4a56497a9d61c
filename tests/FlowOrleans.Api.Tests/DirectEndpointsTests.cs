using System.Net;
using FlowOrleans.ClientApi.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Api.Tests;

/// <summary>Endpoints marked <c>RunsDirectly</c> skip the middleware after <c>UseDirectEndpoints</c>, and only they do.</summary>
public sealed class DirectEndpointsTests
{
    [Fact]
    public async Task A_direct_endpoint_skips_the_middleware_after_it_and_the_others_pass_it()
    {
        await using var app = await StartAsync();
        using var http = app.GetTestClient();

        using var direct = await http.PostAsync("/direct", null);
        using var other = await http.PostAsync("/other", null);

        Assert.Equal(("direct", false), (await direct.Content.ReadAsStringAsync(), direct.Headers.Contains("X-Passed")));
        Assert.Equal(("other", true), (await other.Content.ReadAsStringAsync(), other.Headers.Contains("X-Passed")));
    }

    [Fact]
    public async Task A_direct_endpoint_s_exception_still_gets_the_exception_handler_s_problem()
    {
        await using var app = await StartAsync();
        using var http = app.GetTestClient();

        using var response = await http.PostAsync("/throws", null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseDirectEndpoints();
        app.Use((context, next) =>
        {
            context.Response.Headers["X-Passed"] = "yes";
            return next(context);
        });
        app.MapPost("/direct", () => "direct").RunsDirectly();
        app.MapPost("/other", () => "other");
        app.MapPost("/throws", string () => throw new InvalidOperationException("boom")).RunsDirectly();
        await app.StartAsync();
        return app;
    }
}
