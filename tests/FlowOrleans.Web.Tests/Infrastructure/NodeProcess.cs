using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace FlowOrleans.Web.Tests.Infrastructure;

/// <summary>
/// The built client-api (the README's main command) as a child process: a real Kestrel on a port the OS picks
/// (<c>--urls http://127.0.0.1:0</c>, read back from its log), with its own temporary data directory.
/// </summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dataDir;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(Process process, string dataDir)
    {
        _process = process;
        _dataDir = dataDir;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The node's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client whose relative URLs go to the node.</summary>
    public HttpClient Http { get; }

    /// <summary>What the node wrote so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a node and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<NodeProcess> StartAsync(params string[] extraArgs)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "FlowOrleans.ClientApi.dll");
        var dataDir = Path.Combine(Path.GetTempPath(), "floworleans-web-tests-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[] { dll, "--urls", "http://127.0.0.1:0", "--data-dir", dataDir }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var node = new NodeProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, dataDir);
        node._process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        node._process.Exited += (_, _) => node._listening.TrySetException(new InvalidOperationException("the node exited with code " + node._process.ExitCode));
        node._process.Start();
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        try
        {
            node.BaseAddress = await node._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            node.Http.BaseAddress = node.BaseAddress;
            await Eventually.WaitAsync(
                async () => (await node.Http.GetAsync("/health/ready")).IsSuccessStatusCode, ready => ready, TimeSpan.FromSeconds(60), "/health/ready answering 200");
            return node;
        }
        catch (Exception e)
        {
            var output = node.Output;
            await node.DisposeAsync();
            throw new InvalidOperationException($"The node did not start ({e.Message}). Its output:\n{output}", e);
        }
    }

    /// <summary>Posts events to <c>/ingest</c> and returns how many were accepted.</summary>
    public async Task<int> IngestAsync(IEnumerable<object> events)
    {
        using var response = await Http.PostAsJsonAsync("/ingest", events.ToArray());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"ingest answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetInt32();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }
}
