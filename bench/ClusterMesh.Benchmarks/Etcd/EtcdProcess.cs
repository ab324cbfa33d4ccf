using System.Diagnostics;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Benchmarks.Etcd;

/// <summary>A single-node etcd (<c>/usr/bin/etcd</c>) on free loopback ports with a temporary data directory,
/// killed and deleted on dispose.</summary>
internal sealed class EtcdProcess : IAsyncDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"cmbench-etcd-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private Process? _process;

    private EtcdProcess()
    {
        ClientPort = LoopbackPorts.Reserve();
    }

    public int ClientPort { get; }

    public string Endpoint => $"http://127.0.0.1:{ClientPort}";

    /// <summary>The CPU time the server has used so far (user and system).</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process!.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<EtcdProcess> StartAsync(string name)
    {
        string binary = new[] { "/usr/bin/etcd", "/usr/local/bin/etcd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("etcd is not installed (apt-get install etcd-server etcd-client)");
        var etcd = new EtcdProcess();
        try
        {
            string peer = $"http://127.0.0.1:{LoopbackPorts.Reserve()}";
            var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[]
            {
                $"--name={name}", $"--data-dir={etcd._dataDirectory}", "--logger=zap", "--log-level=error",
                $"--listen-client-urls={etcd.Endpoint}", $"--advertise-client-urls={etcd.Endpoint}",
                $"--listen-peer-urls={peer}", $"--initial-advertise-peer-urls={peer}", $"--initial-cluster={name}={peer}",
                "--quota-backend-bytes=4294967296",
            })
            {
                start.ArgumentList.Add(argument);
            }

            etcd._process = Process.Start(start)!;
            etcd._process.OutputDataReceived += (_, _) => { };
            etcd._process.ErrorDataReceived += (_, _) => { };
            etcd._process.BeginOutputReadLine();
            etcd._process.BeginErrorReadLine();
            await etcd.WaitHealthyAsync();
            return etcd;
        }
        catch
        {
            await etcd.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"etcd exited with {_process.ExitCode}");
            }

            try
            {
                if ((await http.GetStringAsync($"{Endpoint}/health")).Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"etcd at {Endpoint} not healthy within 30 s");
    }
}
