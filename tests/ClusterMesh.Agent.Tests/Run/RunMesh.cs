using ClusterMesh.Agent.Cli;
using ClusterMesh.Agent.Run;
using ClusterMesh.Kvstore.Memory.Hosting;
using ClusterMesh.Replication.Mesh;
using ClusterMesh.Testing.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Agent.Tests.Run;

/// <summary>
/// The Star Wars mesh as <c>run</c> builds it, in one process: one run host per node, every cluster's kvstore a
/// memory store of one registry, and one clustermesh config directory per cluster naming the other's store.
/// </summary>
internal sealed class RunMesh : IAsyncDisposable
{
    public static readonly string[] Clusters = ["cluster1", "cluster2"];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, IHost> _hosts = new(StringComparer.Ordinal);

    /// <param name="manifests">The manifests folder (one folder per cluster); the Star Wars sample by default.</param>
    public RunMesh(string? manifests = null)
    {
        Manifests = manifests ?? Path.Combine(RepoPaths.Samples, "starwars");
        Services = AgentServices.Create(NullLoggerFactory.Instance, Registry);
        foreach (var cluster in Clusters)
        {
            foreach (var remote in Clusters.Where(c => c != cluster))
            {
                Config.Write(Path.Combine(cluster, remote), $"endpoints:\n- memory://{remote}\n");
            }
        }
    }

    public MemoryKvStoreRegistry Registry { get; } = new();

    public string Manifests { get; }

    public TempDirectory Config { get; } = new();

    public AgentServices Services { get; }

    public IReadOnlyCollection<string> Nodes => _hosts.Keys;

    public static RunOptions Options(string cluster, string node, string configRoot, string? manifests = null) => new()
    {
        Manifests = manifests ?? Path.Combine(RepoPaths.Samples, "starwars"),
        Cluster = cluster,
        Node = node,
        KvstoreConfig = $"memory://{cluster}",
        ClusterMeshConfig = Path.Combine(configRoot, cluster),
        StatusFile = Path.Combine(configRoot, $"{node}.status.json"),
        StatusInterval = TimeSpan.FromMilliseconds(100),
        ManifestPollInterval = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>Starts the agent of every node of both clusters.</summary>
    public async Task StartAllAsync()
    {
        foreach (var cluster in Clusters)
        {
            foreach (var node in new[] { $"{cluster}-node1", $"{cluster}-node2" })
            {
                await StartAsync(cluster, node);
            }
        }
    }

    public async Task StartAsync(string cluster, string node)
    {
        var host = RunAgentHost.Build(RunInput.Resolve(Options(cluster, node, Config.Path, Manifests)), Services);
        _hosts[node] = host;
        await host.StartAsync();
    }

    public async Task StopAsync(string node)
    {
        var host = _hosts[node];
        _hosts.Remove(node);
        await host.StopAsync();
        host.Dispose();
    }

    public ClusterMeshNode Agent(string node) => _hosts[node].Services.GetRequiredService<ClusterMeshNode>();

    public GlobalServices.NodeServices GlobalServices(string node) => _hosts[node].Services.GetRequiredService<GlobalServices.NodeServices>();

    public Output.TroubleshootReport Status(string node)
    {
        var services = _hosts[node].Services;
        return StatusFileService.Snapshot(services.GetRequiredService<RunPlan>(), Agent(node), services.GetRequiredService<RunState>(), TimeProvider.System);
    }

    /// <summary>Polls until every running agent reports ready (there is no single signal across agents).</summary>
    public async Task WaitAllReadyAsync()
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!_hosts.Keys.All(n => Status(n).Ready))
        {
            if (DateTime.UtcNow > deadline)
            {
                var waiting = string.Join("; ", _hosts.Keys.Select(n => (n, s: Status(n))).Where(p => !p.s.Ready)
                    .Select(p => $"{p.n}: published={p.s.Published} canaries={p.s.SyncedCanaries} remotes={string.Join(",", p.s.Clusters.Select(c => $"{c.Name}:{c.Ready}"))}"));
                throw new TimeoutException($"not ready within {Timeout}: {waiting}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _hosts.Keys.ToList())
        {
            await StopAsync(node);
        }

        await Registry.DisposeAsync();
        Config.Dispose();
    }
}
