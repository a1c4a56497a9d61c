namespace FlowOrleans.ClientApi.Hosting;

/// <summary>
/// Endpoints that run straight after the exception handler, past the middleware the rest of the API goes through
/// (status code pages, WebSockets, the UI's default and static files, the endpoint middleware). For a hot endpoint
/// whose every answer carries its own body: <c>POST /ingest</c>, where that middleware cost a share of the CPU of a
/// single-event request and did nothing for it. Routing runs first (a <see cref="WebApplication"/> puts it at the
/// head of the pipeline), so the matched endpoint is known here.
/// </summary>
internal static class DirectEndpoints
{
    /// <summary>Marks an endpoint to run right after <see cref="UseDirectEndpoints"/>.</summary>
    public static TBuilder RunsDirectly<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(DirectEndpointMetadata.Instance);

    /// <summary>Runs the matched endpoint here when it is marked with <see cref="RunsDirectly{TBuilder}"/>; else goes on.</summary>
    public static IApplicationBuilder UseDirectEndpoints(this IApplicationBuilder app) =>
        app.Use(static next => context =>
            context.GetEndpoint() is { RequestDelegate: { } run } endpoint && endpoint.Metadata.GetMetadata<DirectEndpointMetadata>() is not null
                ? run(context)
                : next(context));

    /// <summary>The marker.</summary>
    internal sealed class DirectEndpointMetadata
    {
        public static readonly DirectEndpointMetadata Instance = new();
    }
}
