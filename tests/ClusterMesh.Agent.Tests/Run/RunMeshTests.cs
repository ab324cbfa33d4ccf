using System.Text.Json.Nodes;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kubernetes.LocalState;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Agent.Tests.Run;

/// <summary>Two clusters of two nodes, one <c>run</c> host per node, on in-process stores.</summary>
public sealed class RunMeshTests : IAsyncLifetime
{
    private readonly RunMesh _mesh = new();

    public Task InitializeAsync() => _mesh.StartAllAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task Every_node_programs_the_other_clusters_nodes_and_pods()
    {
        await _mesh.WaitAllReadyAsync();
        foreach (var node in _mesh.Nodes)
        {
            var cluster = node[..8];
            var remote = RunMesh.Clusters.Single(c => c != cluster);
            var state = LocalStateBuilder.Build(ManifestDirectory.LoadCluster(Path.Combine(RepoPaths.Samples, "starwars", remote)));
            var datapath = _mesh.Agent(node).Datapath;
            foreach (var remoteNode in state.Nodes)
            {
                var cidr = remoteNode.IPv4AllocCIDR!.Value;
                Assert.True(datapath.Tunnels.TryLookup(cidr.Address, out _, out _), $"{node}: no tunnel to {remoteNode.Name}'s pod CIDR {cidr}");
            }

            foreach (var pod in state.Endpoints)
            {
                Assert.True(datapath.IpCache.TryLookup(pod.Address, out var prefix, out _) && prefix.PrefixLength == (pod.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128),
                    $"{node}: no ipcache entry for {remote}'s pod {pod.Name} {pod.Address}");
            }

            // Its own pods are programmed as local endpoints.
            Assert.Equal(LocalStateBuilder.Build(ManifestDirectory.LoadCluster(Path.Combine(RepoPaths.Samples, "starwars", cluster))).EndpointsOn(node).Count(),
                datapath.Endpoints.Count);
        }
    }

    [Fact]
    public async Task Only_the_first_node_of_a_cluster_publishes_the_cluster_state_and_the_status_file_says_ready()
    {
        await _mesh.WaitAllReadyAsync();
        Assert.True(_mesh.Status("cluster1-node1").ClusterStatePublisher);
        Assert.False(_mesh.Status("cluster1-node2").ClusterStatePublisher);
        Assert.Null(_mesh.Status("cluster1-node2").SyncedCanaries);

        var file = Path.Combine(_mesh.Config.Path, "cluster2-node2.status.json");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        JsonNode? status = null;
        while (DateTime.UtcNow < deadline && status?["ready"]?.GetValue<bool>() != true)
        {
            await Task.Delay(50);
            status = File.Exists(file) ? JsonNode.Parse(await File.ReadAllTextAsync(file)) : null;
        }

        Assert.NotNull(status);
        Assert.True(status["ready"]!.GetValue<bool>(), status.ToJsonString());
        Assert.Equal("cluster2-node2", status["node"]!.GetValue<string>());
        var remote = Assert.Single(status["clusters"]!.AsArray())!;
        Assert.Equal("cluster1", remote["name"]!.GetValue<string>());
        Assert.Equal(2, remote["nodes"]!.GetValue<int>());
    }

    [Fact]
    public async Task Service_exports_are_published_and_every_node_derives_one_service_import_from_both_clusters()
    {
        await _mesh.WaitAllReadyAsync();
        await using var store = _mesh.Registry.Connect("memory://cluster2");
        Assert.NotNull(await store.GetAsync("cilium/state/serviceexports/v1/cluster2/default/rebel-base"));

        foreach (var node in _mesh.Nodes)
        {
            var imports = _mesh.GlobalServices(node).Imports;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline && imports.Get("default", "rebel-base")?.Clusters.Count != 2)
            {
                await Task.Delay(50);
            }

            var import = imports.Get("default", "rebel-base");
            Assert.NotNull(import);
            Assert.Equal(["cluster1", "cluster2"], import.Clusters.Order(StringComparer.Ordinal));
            Assert.Equal("rebel-base.default.svc.clusterset.local", import.DnsName);
        }
    }

    [Theory]
    [InlineData("cluster1-node2")] // a node that publishes only its own share
    [InlineData("cluster1-node1")] // the cluster-state publisher
    public async Task Restarting_a_node_agent_deletes_no_key_of_its_cluster(string node)
    {
        await _mesh.WaitAllReadyAsync();
        await using var store = _mesh.Registry.Connect("memory://cluster1");
        var before = await KeysAsync(store);
        var revision = (await store.GetStatusAsync()).Revision;

        await _mesh.StopAsync(node);
        await _mesh.StartAsync("cluster1", node);
        await _mesh.WaitAllReadyAsync();

        // Every change since: upserts only (the restarted agent rewrites its share), never a delete.
        var deletes = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var change in store.WatchAsync("cilium/", revision + 1, stop.Token))
        {
            if (change.Kind == KvEventKind.Synced)
            {
                break;
            }

            if (change.Kind == KvEventKind.Delete)
            {
                deletes.Add(change.Key);
            }
        }

        Assert.Empty(deletes);
        Assert.Equal(before, await KeysAsync(store));
        Assert.Contains(before, k => k.StartsWith("cilium/state/nodes/v1/cluster1/cluster1-node2", StringComparison.Ordinal));
        Assert.Contains(before, k => k.StartsWith("cilium/synced/cluster1/cilium/state/nodes/v1", StringComparison.Ordinal));
    }

    private static async Task<List<string>> KeysAsync(IKvStore store)
    {
        var page = await store.ListAsync("cilium/", new KvListOptions(Limit: 10_000));
        return page.Entries.Select(e => e.Key).Where(k => k != "cilium/.heartbeat").Order(StringComparer.Ordinal).ToList();
    }
}
