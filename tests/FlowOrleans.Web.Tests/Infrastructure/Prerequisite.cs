namespace FlowOrleans.Web.Tests.Infrastructure;

/// <summary>Programs from Debian's packages the tests drive; a missing one fails the test with what to run.</summary>
public static class Prerequisite
{
    /// <summary>The path of <paramref name="program"/> (absolute, or looked up on PATH), or a failure that says how to install it.</summary>
    public static string Require(string program, string package)
    {
        var found = Path.IsPathRooted(program)
            ? (File.Exists(program) ? program : null)
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
                .Select(dir => Path.Combine(dir, program))
                .FirstOrDefault(File.Exists);
        Assert.True(found is not null,
            $"{program} is not installed. Run scripts/install-prereqs.sh (it installs Debian's '{package}' package; CI runs it through scripts/test.sh).");
        return found!;
    }
}
