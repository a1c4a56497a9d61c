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
}
