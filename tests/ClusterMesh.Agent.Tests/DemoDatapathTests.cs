using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Agent.Demo;
using ClusterMesh.Datapath.Simulation;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Replication.Common;
using ClusterMesh.Testing.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Agent.Tests;

/// <summary>The demo's global-service steps on the in-process mesh: what the node datapaths did.</summary>
public sealed class DemoDatapathTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly BackoffOptions FastBackoff = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500));

    [Fact]
    public async Task The_spread_is_dnat_by_the_clients_node_datapath_over_the_merged_selected_backends()
    {
        var manifests = ManifestDirectory.LoadMesh(Path.Combine(RepoPaths.Samples, "starwars"));
        await using var mesh = await InProcessMesh.StartAsync(manifests, NullLoggerFactory.Instance, FastBackoff, CancellationToken.None);
        var steps = new DemoSteps(mesh, Timeout);
        Assert.True((await steps.MeshReadyAsync(CancellationToken.None)).Passed);
        var cluster1 = mesh.Clusters[0];
        var client = cluster1.Pod("x-wing");
        var datapath = (SimulatedDatapath)cluster1.Agents.Single(a => a.NodeName == client.NodeName).Datapath;
        var frontend = LbServiceKey.Of(IPAddress.Parse("10.96.1.80"), 80, "TCP");

        var spread = steps.GlobalServiceSpread();

        Assert.True(spread.Passed, spread.Detail);
        Assert.Equal(1000, datapath.TrackedConnections);
        Assert.True(datapath.LoadBalancer.TryLookup(frontend, out var entry));
        var selected = cluster1.NodeServices[client.NodeName].Merger.Snapshot().Single(s => s.Name.Name == "rebel-base")
            .Backends.Where(b => b.Selected).Select(b => $"{b.Cluster}/{b.Address}").Order(StringComparer.Ordinal);
        Assert.Equal(selected, entry.Backends.Select(b => $"{b.Cluster}/{b.Address}").Order(StringComparer.Ordinal));
        Assert.Equal(["cluster1", "cluster2"], entry.Backends.Select(b => b.Cluster).Distinct().Order(StringComparer.Ordinal));

        // The step's first connection (source port 10000) is in the conntrack: walking it again keeps its backend.
        var again = datapath.Walk(L4Flow.Of(client.Address, 10_000, frontend.Address, 80));
        Assert.NotNull(again.Translation);
        Assert.True(again.Translation.Established);
        Assert.Contains($"dnat 10.96.1.80:80/TCP → {again.Translation.Backend.Address}:80 ({again.Translation.Backend.Cluster}, new)", spread.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failover_reprograms_the_load_balancer_map_and_every_node_mirrors_the_remote_service_export()
    {
        var manifests = ManifestDirectory.LoadMesh(Path.Combine(RepoPaths.Samples, "starwars"));
        await using var mesh = await InProcessMesh.StartAsync(manifests, NullLoggerFactory.Instance, FastBackoff, CancellationToken.None);
        var steps = new DemoSteps(mesh, Timeout);
        Assert.True((await steps.MeshReadyAsync(CancellationToken.None)).Passed);
        var cluster1 = mesh.Clusters[0];
        var client = cluster1.Pod("x-wing");
        var datapath = (SimulatedDatapath)cluster1.Agents.Single(a => a.NodeName == client.NodeName).Datapath;

        var failover = await steps.GlobalServiceFailoverAsync(CancellationToken.None);

        Assert.True(failover.Passed, failover.Detail);
        Assert.True(datapath.LoadBalancer.TryLookup(LbServiceKey.Of(IPAddress.Parse("10.96.1.80"), 80, "TCP"), out var entry));
        Assert.All(entry.Backends, b => Assert.Equal("cluster2", b.Cluster));

        // MCS-API: each node derives the import from its own cluster's export and the mirrored remote one.
        foreach (var cluster in mesh.Clusters)
        {
            Assert.All(cluster.Agents, a => Assert.Equal(1, a.ServiceExports?.Count));
            Assert.All(cluster.NodeServices.Values, n =>
            {
                var import = n.Imports.Get("default", "rebel-base");
                Assert.NotNull(import);
                Assert.Equal("rebel-base.default.svc.clusterset.local", import.DnsName);
                Assert.Equal(["cluster1", "cluster2"], import.Clusters);
                Assert.Equal("cluster1", import.WinningCluster);
                Assert.Empty(import.Conflicts);
            });
        }
    }
}
