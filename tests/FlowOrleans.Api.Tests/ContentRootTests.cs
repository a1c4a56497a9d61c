using FlowOrleans.ClientApi.Hosting;

namespace FlowOrleans.Api.Tests;

/// <summary>
/// Where the node reads appsettings.json from when started as <c>dotnet path/FlowOrleans.ClientApi.dll</c> from any
/// directory: its own directory, unless the working directory has one or a content root is named.
/// </summary>
public sealed class ContentRootTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("flow-cwd-").FullName;
    private readonly string _app = Directory.CreateTempSubdirectory("flow-app-").FullName;

    public ContentRootTests() => File.WriteAllText(Path.Combine(_app, "appsettings.json"), "{}");

    public void Dispose()
    {
        Directory.Delete(_work, recursive: true);
        Directory.Delete(_app, recursive: true);
    }

    [Fact]
    public void Started_from_a_directory_without_settings_the_node_reads_its_own()
    {
        Assert.Equal(_app, FlowCommandLine.DefaultContentRoot([], _work, _app, NoEnvironment));
    }

    [Fact]
    public void A_working_directory_with_settings_stays_the_content_root()
    {
        File.WriteAllText(Path.Combine(_work, "appsettings.json"), "{}");
        Assert.Null(FlowCommandLine.DefaultContentRoot([], _work, _app, NoEnvironment));
    }

    [Theory]
    [InlineData("--contentRoot", null)]
    [InlineData("--contentroot=/srv/flow", null)]
    [InlineData(null, "ASPNETCORE_CONTENTROOT")]
    [InlineData(null, "DOTNET_CONTENTROOT")]
    public void A_named_content_root_is_left_to_ASP_NET(string? arg, string? variable)
    {
        string[] args = arg is null ? [] : [arg, "/srv/flow"];
        Assert.Null(FlowCommandLine.DefaultContentRoot(args, _work, _app, name => name == variable ? "/srv/flow" : null));
    }

    private static string? NoEnvironment(string name) => null;
}
