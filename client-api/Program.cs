var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health/live", () => Results.Ok());
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory tests.</summary>
public partial class Program;
