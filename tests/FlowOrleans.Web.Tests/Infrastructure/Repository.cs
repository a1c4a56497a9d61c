using System.Reflection;

namespace FlowOrleans.Web.Tests.Infrastructure;

/// <summary>Paths in the source tree the tests were built from.</summary>
public static class Repository
{
    /// <summary>The repository root (where FlowOrleans.sln is).</summary>
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>A path under the root, given with forward slashes.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Where tests leave files for people to look at (CI keeps <c>artifacts/</c>).</summary>
    public static string Artifacts(string folder)
    {
        var path = PathOf("artifacts/" + folder);
        Directory.CreateDirectory(path);
        return path;
    }
}
