using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FlowOrleans.AzureStorage.Tests;

/// <summary>
/// Starts Azurite's table service (installed from npm by scripts/install-prereqs.sh) on a free loopback
/// port with a temporary data folder, waits until it answers, and kills it on dispose.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account key.</summary>
    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];
    private Process? _process;
    private string? _location;

    /// <summary>The table endpoint's port.</summary>
    public int TablePort { get; private set; }

    /// <summary>The connection string for <c>Microsoft.Azure.Cosmos.Table</c>.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>A table name no other test uses.</summary>
    public static string UniqueTableName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var executable = Path.Combine(RepositoryRoot(), ".tools", "azurite", "node_modules", ".bin", "azurite-table");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({executable} is missing). Run scripts/install-prereqs.sh once, then run the tests again.");
        }

        TablePort = FreeLoopbackPort();
        _location = Directory.CreateTempSubdirectory("floworleans-azurite-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--silent", "--location", _location, "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skipApiVersionCheck" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        _process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException($"Azurite exited early: {Output()}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(StartDeadline);
        try
        {
            await _started.Task.WaitAsync(deadline.Token);
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{TablePort}/devstoreaccount1/Tables"), deadline.Token);
        }
        catch (OperationCanceledException e)
        {
            await DisposeAsync();
            throw new TimeoutException($"Azurite did not answer on port {TablePort} within {StartDeadline}: {Output()}", e);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        if (_location is not null && Directory.Exists(_location))
        {
            Directory.Delete(_location, recursive: true);
        }

        return Task.CompletedTask;
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (line.Contains("successfully started", StringComparison.OrdinalIgnoreCase)
            || line.Contains("successfully listening", StringComparison.OrdinalIgnoreCase))
        {
            _started.TrySetResult();
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FlowOrleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No FlowOrleans.sln above {AppContext.BaseDirectory}.");
    }
}
