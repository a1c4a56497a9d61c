using FlowOrleans.Silo.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, SiloProcessOptions.SwitchMappings);
builder.AddFlowClusterSilo();
builder.Build().Run();
