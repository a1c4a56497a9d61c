using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FlowOrleans.Web.Tests.Infrastructure;

/// <summary>
/// Debian's Prometheus as a child process: a generated config that scrapes one target every second,
/// a temporary storage directory, and a free loopback port. Queried through its HTTP API.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private PrometheusServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>A client for Prometheus' HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>What Prometheus logged (for failure messages).</summary>
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

    /// <summary>The scrape configuration the tests use: <paramref name="target"/> (<c>host:port</c>) every second.</summary>
    public static string ConfigFor(string target) => $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: floworleans
            metrics_path: /metrics
            static_configs:
              - targets: ['{target}']
        """;

    /// <summary>Starts Prometheus scraping <paramref name="target"/> and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string target)
    {
        var prometheus = Prerequisite.Require("/usr/bin/prometheus", "prometheus");
        var directory = Path.Combine(Path.GetTempPath(), "floworleans-prometheus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, ConfigFor(target));

        // Prometheus cannot report a port it picked, so take a free one; if another process grabs it first, try again.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var start = new ProcessStartInfo(prometheus) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[]
                     {
                         "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(directory, "data"),
                         "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--log.level=warn",
                     })
            {
                start.ArgumentList.Add(arg);
            }

            var server = new PrometheusServer(new Process { StartInfo = start }, directory, new Uri($"http://127.0.0.1:{port}/"));
            server._process.OutputDataReceived += (_, e) => server.Log(e.Data);
            server._process.ErrorDataReceived += (_, e) => server.Log(e.Data);
            server._process.Start();
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            try
            {
                await Eventually.WaitAsync(
                    async () => server._process.HasExited ? throw new PrometheusExitedException(server.Output) : (await server.Http.GetAsync("/-/ready")).IsSuccessStatusCode,
                    ready => ready, TimeSpan.FromSeconds(30), "Prometheus answering /-/ready");
                return server;
            }
            catch (PrometheusExitedException) when (attempt < 3)
            {
                await server.DisposeAsync(keepDirectory: true);
            }
            catch (Exception e)
            {
                var output = server.Output;
                await server.DisposeAsync();
                throw new InvalidOperationException($"Prometheus did not start ({e.Message}). Its output:\n{output}", e);
            }
        }
    }

    /// <summary>Runs an instant query and returns the value of each series in the answer (by its label set as JSON).</summary>
    public async Task<IReadOnlyDictionary<string, double>> QueryAsync(string promql)
    {
        using var response = await Http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Prometheus answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("success", json.RootElement.GetProperty("status").GetString());
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var series in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            values[series.GetProperty("metric").GetRawText()] = double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }

        return values;
    }

    /// <summary>The health of each scrape target as Prometheus reports it (<c>up</c>, <c>down</c>, <c>unknown</c>) with its last error.</summary>
    public async Task<string> TargetsAsync() => await Http.GetStringAsync("/api/v1/targets");

    /// <inheritdoc />
    public ValueTask DisposeAsync() => DisposeAsync(keepDirectory: false);

    private async ValueTask DisposeAsync(bool keepDirectory)
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (!keepDirectory)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private sealed class PrometheusExitedException(string output) : Exception("Prometheus exited: " + output);
}
