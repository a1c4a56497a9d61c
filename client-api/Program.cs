using FlowOrleans.ClientApi.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = FlowCommandLine.Normalize(args),
    ContentRootPath = FlowCommandLine.DefaultContentRoot(args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory, Environment.GetEnvironmentVariable),
});
builder.Configuration.AddCommandLine(FlowCommandLine.Normalize(args), FlowCommandLine.SwitchMappings);
builder.AddFlowOrleansNode();

var app = builder.Build();
app.MapFlowApi();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory tests.</summary>
public partial class Program;
