namespace FlowOrleans.ClientApi.Hosting;

/// <summary>The command line of the main command: <c>--urls URL</c>, <c>--data-dir DIR</c>, <c>--demo</c>, <c>--partitions N</c>.</summary>
public static class FlowCommandLine
{
    /// <summary>Maps the documented switches onto configuration keys.</summary>
    public static Dictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--data-dir"] = "Flow:DataDir",
        ["--demo"] = "Flow:Demo",
        ["--partitions"] = "Flow:Partitions",
    };

    /// <summary>Turns a bare <c>--demo</c> into <c>--demo=true</c>, so it needs no value.</summary>
    public static string[] Normalize(string[] args)
    {
        var normalized = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var next = i + 1 < args.Length ? args[i + 1] : null;
            if (string.Equals(arg, "--demo", StringComparison.OrdinalIgnoreCase) && (next is null || next.StartsWith("--", StringComparison.Ordinal)))
            {
                normalized.Add("--demo=true");
                continue;
            }

            normalized.Add(arg);
        }

        return [.. normalized];
    }

    /// <summary>
    /// The content root to use when neither the command line (<c>--contentRoot</c>) nor the environment
    /// (<c>ASPNETCORE_CONTENTROOT</c>, <c>DOTNET_CONTENTROOT</c>) names one, or null for ASP.NET's default (the working
    /// directory). ASP.NET reads <c>appsettings.json</c> from the content root; started from another directory, the node
    /// would silently lose its settings (it logged every request). So: the working directory when it holds an
    /// <c>appsettings.json</c> (as ASP.NET does, and as <c>dotnet run --project client-api</c> has it), else the node's
    /// own directory, where the build puts its <c>appsettings.json</c>.
    /// </summary>
    public static string? DefaultContentRoot(string[] args, string workingDirectory, string appDirectory, Func<string, string?> environment)
    {
        var named = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(environment("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(environment("DOTNET_CONTENTROOT"));
        if (named || File.Exists(Path.Combine(workingDirectory, "appsettings.json")) || !File.Exists(Path.Combine(appDirectory, "appsettings.json")))
        {
            return null;
        }

        return appDirectory;
    }
}
