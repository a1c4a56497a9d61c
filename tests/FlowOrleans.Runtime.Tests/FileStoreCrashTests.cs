using System.Diagnostics;
using System.Text.Json;
using FlowOrleans.Runtime.FileStoreWriter;

namespace FlowOrleans.Runtime.Tests;

public sealed class FileStoreCrashTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "floworleans-crash", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public async Task KillDuringWriteLeavesACompleteOldOrNewState(int killAfterWrites)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "FlowOrleans.Runtime.FileStoreWriter.dll");
        var start = new ProcessStartInfo("dotnet", [writer, _directory]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var lastWritten = 0;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            lastWritten = int.Parse(line["wrote ".Length..]);
            if (lastWritten >= killAfterWrites)
            {
                break;
            }
        }

        // SIGKILL while the writer is in the middle of its next write.
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Assert.True(lastWritten >= killAfterWrites, "the writer wrote before it was killed");

        var storage = new FileGrainStorage(_directory, new GrainStorageSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var state = new GrainState<BigState>();
        await storage.ReadStateAsync("state", new GrainId("writer", "big"), state, default);

        Assert.True(state.RecordExists);
        Assert.True(state.State.Version >= lastWritten, $"version {state.State.Version} is at least the last acknowledged {lastWritten}");
        Assert.True(state.State.IsConsistent(), "the stored state is one complete version");
        Assert.Equal(state.State.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), state.ETag);
    }
}
