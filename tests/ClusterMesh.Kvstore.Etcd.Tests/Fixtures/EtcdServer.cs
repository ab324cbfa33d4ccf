using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

/// <summary>
/// A real single-node etcd (<c>/usr/bin/etcd</c>, Debian etcd-server 3.4) on free loopback ports with its own
/// temporary data directory, unique per run; killed and deleted on dispose, also when a test failed.
/// </summary>
public sealed class EtcdServer : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly EtcdServerTls? _tls;
    private readonly string _name;
    private string? _initialCluster;
    private Process? _process;
    private bool _paused;

    internal EtcdServer(EtcdServerTls? tls, string name = "test")
    {
        _tls = tls;
        _name = name;
        ClientPort = LoopbackPorts.Reserve();
        PeerPort = LoopbackPorts.Reserve();
        DataDirectory = Path.Combine(Path.GetTempPath(), $"cm-etcd-{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    /// <summary>The peer port on 127.0.0.1.</summary>
    public int PeerPort { get; }

    /// <summary>The peer URL (for <c>--initial-cluster</c>).</summary>
    public string PeerUrl => $"http://127.0.0.1:{PeerPort}";

    /// <summary>This member's entry of <c>--initial-cluster</c>.</summary>
    internal string ClusterEntry => $"{_name}={PeerUrl}";

    /// <summary>The client port on 127.0.0.1.</summary>
    public int ClientPort { get; }

    /// <summary>The client endpoint (<c>http://</c> or <c>https://</c>).</summary>
    public string Endpoint => $"{(_tls is null ? "http" : "https")}://127.0.0.1:{ClientPort}";

    /// <summary>The data directory (kept across <see cref="RestartAsync"/>).</summary>
    public string DataDirectory { get; }

    /// <summary>The etcd binary, or <c>null</c> when it is not installed.</summary>
    public static string? Binary => new[] { "/usr/bin/etcd", "/usr/local/bin/etcd" }.FirstOrDefault(File.Exists);

    /// <summary>Why etcd tests cannot run here, or <c>null</c> when they can.</summary>
    public static string? MissingReason => Binary is null ? "etcd is not installed (apt-get install etcd-server etcd-client)" : null;

    /// <summary>Starts a server (plaintext, or TLS with client certificate authentication) and waits until healthy.</summary>
    public static async Task<EtcdServer> StartAsync(EtcdServerTls? tls = null)
    {
        if (Binary is null)
        {
            throw new InvalidOperationException(MissingReason);
        }

        return await RetryOnPortTakenAsync(async () =>
        {
            var server = new EtcdServer(tls);
            try
            {
                await server.LaunchAsync();
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        });
    }

    /// <summary>
    /// Runs a start on fresh ports again (twice at most) when etcd could not bind one: another process may have
    /// started listening on a port between <see cref="LoopbackPorts.Reserve"/> and etcd's bind.
    /// </summary>
    internal static async Task<T> RetryOnPortTakenAsync<T>(Func<Task<T>> start)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await start();
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                // Fresh ports on the next attempt.
            }
        }
    }

    /// <summary>Kills the server with SIGKILL (no clean shutdown); a stopped server is continued first.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Resume();
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the server again on the same ports and data directory.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await LaunchAsync();
    }

    /// <summary>Kills the server and starts it on an empty data directory: an ephemeral etcd that lost everything.</summary>
    public async Task RestartEmptyAsync()
    {
        await KillAsync();
        DeleteData();
        await LaunchAsync();
    }

    /// <summary>Freezes the process with SIGSTOP: its sockets stay open, nothing answers.</summary>
    public void Pause()
    {
        Signal(SigStop);
        _paused = true;
    }

    /// <summary>Lets a paused process run again (SIGCONT).</summary>
    public void Resume()
    {
        if (_paused)
        {
            Signal(SigCont);
            _paused = false;
        }
    }

    /// <summary>Runs <c>etcdctl</c> against this server (with the TLS files as root's client when TLS is on).</summary>
    public async Task<string> EtcdCtlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("etcdctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ETCDCTL_API"] = "3";
        start.ArgumentList.Add($"--endpoints={Endpoint}");
        if (_tls is not null)
        {
            start.ArgumentList.Add($"--cacert={_tls.CaFile}");
            start.ArgumentList.Add($"--cert={_tls.RootCertFile}");
            start.ArgumentList.Add($"--key={_tls.RootKeyFile}");
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string stdout = await process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? stdout : throw new InvalidOperationException($"etcdctl {string.Join(' ', arguments)} failed: {stderr}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        DeleteData();
    }

    /// <summary>Starts the process as one member of <paramref name="initialCluster"/> without waiting for health
    /// (a member is healthy only once a quorum runs).</summary>
    internal void Spawn(string initialCluster)
    {
        _initialCluster = initialCluster;
        Spawn();
    }

    internal Task WaitHealthyAsync() => WaitHealthyCoreAsync();

    private void DeleteData()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never started.
        }
    }

    private void Signal(int signal)
    {
        if (_process is { HasExited: false } process && Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private const int SigCont = 18;
    private const int SigStop = 19;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private async Task LaunchAsync()
    {
        Spawn();
        await WaitHealthyCoreAsync();
    }

    private void Spawn()
    {
        string client = $"{(_tls is null ? "http" : "https")}://127.0.0.1:{ClientPort}";
        var start = new ProcessStartInfo(Binary!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[]
        {
            $"--name={_name}", $"--data-dir={DataDirectory}", "--logger=zap", "--log-level=error",
            $"--listen-client-urls={client}", $"--advertise-client-urls={client}",
            $"--listen-peer-urls={PeerUrl}", $"--initial-advertise-peer-urls={PeerUrl}",
            $"--initial-cluster={_initialCluster ?? ClusterEntry}", "--initial-cluster-state=new",
            "--initial-cluster-token=cm-test", "--heartbeat-interval=50", "--election-timeout=500",

            // The fault tests ping every second (LocalMirror.Tune); etcd's default floor of 5 s would answer
            // such clients with GOAWAY (too many pings) and make them reconnect for no fault at all.
            "--grpc-keepalive-min-time=500ms",
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (_tls is not null)
        {
            start.ArgumentList.Add("--client-cert-auth");
            start.ArgumentList.Add($"--trusted-ca-file={_tls.CaFile}");
            start.ArgumentList.Add($"--cert-file={_tls.ServerCertFile}");
            start.ArgumentList.Add($"--key-file={_tls.ServerKeyFile}");
        }

        _process?.Dispose();
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task WaitHealthyCoreAsync()
    {
        using var handler = new HttpClientHandler();
        if (_tls is not null)
        {
            handler.ClientCertificates.Add(_tls.LoadRootClientCertificate());
            handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
        }

        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                // The output is read asynchronously: wait until it is all in, so the message (and the "address
                // already in use" check of RetryOnPortTakenAsync) sees etcd's last words.
                _process.WaitForExit();
                throw new InvalidOperationException($"etcd exited with {_process.ExitCode}: {Tail()}");
            }

            try
            {
                string health = await http.GetStringAsync($"{Endpoint}/health");
                if (health.Contains("\"health\":\"true\"", StringComparison.Ordinal))
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

        throw new TimeoutException($"etcd at {Endpoint} not healthy within 30 s: {Tail()}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Tail()
    {
        lock (_output)
        {
            string text = _output.ToString();
            return text.Length > 2000 ? text[^2000..] : text;
        }
    }
}
