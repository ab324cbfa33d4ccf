using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Simulation;
using ClusterMesh.Services.LoadBalancing;
using ClusterMesh.Services.Merge;
using ClusterMesh.Services.Tests.Support;

namespace ClusterMesh.Services.Tests.LoadBalancing;

/// <summary>Merged services → Maglev tables → the Simulation datapath's load-balancer map → the packet walk.</summary>
public sealed class DatapathLoadBalancingTests
{
    private static readonly IPAddress ClusterIp = IPAddress.Parse("10.96.0.10");
    private static readonly IPAddress Client = IPAddress.Parse("10.1.5.5");

    private static (GlobalServiceMerger Merger, LoadBalancerTables Tables, SimulatedDatapath Node) Pipeline()
    {
        var node = new SimulatedDatapath(new SimulatedNodeOptions
        {
            NodeName = "node-1",
            NodeAddress = IPAddress.Parse("192.168.0.11"),
            PodCidrs = [IpPrefix.Parse("10.1.0.0/16")],
        });
        var id = new NumericIdentity((1u << 16) | 300);
        foreach (var (address, endpoint) in new[] { ("10.1.5.5", 1), ("10.1.0.1", 2), ("10.1.0.2", 3) })
        {
            node.Endpoints.Upsert(new LocalEndpoint(IPAddress.Parse(address), endpoint, id, "default", $"pod-{endpoint}"));
        }

        node.IpCache.Upsert(IpPrefix.Parse("10.2.0.0/16"), new IpCacheValue(new NumericIdentity((2u << 16) | 300), IPAddress.Parse("192.168.0.12"), 0));
        var tables = new LoadBalancerTables();
        tables.Attach(node.LoadBalancer);
        var merger = new GlobalServiceMerger("c1", tables);
        merger.UpsertLocal(Build.Local("web", backends: [Build.Backend("10.1.0.1"), Build.Backend("10.1.0.2")]));
        var remote = Build.Remote("c2", 2, "web", ["10.2.0.1", "10.2.0.2"]);
        merger.OnUpsert(Build.KeyOf(remote), remote);
        return (merger, tables, node);
    }

    private static L4Flow Connection(int port) => L4Flow.Of(Client, (ushort)port, ClusterIp, 80);

    [Fact]
    public void A_thousand_connections_spread_over_both_clusters_as_the_maglev_shares_say()
    {
        var (_, tables, node) = Pipeline();
        Assert.True(tables.TryGet(LbFrontend.Of("10.96.0.10", 80, "TCP"), out var table));

        var paths = Enumerable.Range(20000, 1000).Select(p => node.Walk(Connection(p))).ToList();

        Assert.All(paths, p => Assert.True(p.Kind is PathKind.LocalDelivery or PathKind.Tunnel, p.ToString()));
        var perBackend = paths.GroupBy(p => $"{p.Translation!.Backend.Cluster}/{p.Translation.Backend.Address}").ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(["c1/10.1.0.1", "c1/10.1.0.2", "c2/10.2.0.1", "c2/10.2.0.2"], perBackend.Keys.Order(StringComparer.Ordinal));
        for (var i = 0; i < table.Backends.Count; i++)
        {
            var share = table.Slots.Count(s => s == i) / (double)table.Slots.Count;
            var backend = table.Backends[i];
            Assert.InRange(perBackend[$"{backend.Cluster}/{backend.Address}"], (share * 1000) - 60, (share * 1000) + 60);
        }

        Assert.All(paths.Where(p => p.Translation!.Backend.Cluster == "c2"), p => Assert.Equal(PathKind.Tunnel, p.Kind));
        Assert.All(paths.Where(p => p.Translation!.Backend.Cluster == "c1"), p => Assert.Equal(PathKind.LocalDelivery, p.Kind));
    }

    [Fact]
    public void Connections_keep_their_backends_when_a_backend_is_added_and_only_the_removed_backends_connections_move()
    {
        var (merger, tables, node) = Pipeline();
        var flows = Enumerable.Range(20000, 1000).Select(Connection).ToList();
        var first = flows.ToDictionary(f => f, f => node.Walk(f).Translation!.Backend);

        var updates = tables.IncrementalUpdates;
        var grown = Build.Remote("c2", 2, "web", ["10.2.0.1", "10.2.0.2", "10.2.0.3"]);
        merger.OnUpsert(Build.KeyOf(grown), grown);
        Assert.Equal(updates + 1, tables.IncrementalUpdates);
        Assert.All(flows, f =>
        {
            var t = node.Walk(f).Translation!;
            Assert.True(t.Established);
            Assert.Equal(first[f], t.Backend);
        });
        Assert.Contains(Enumerable.Range(30000, 200).Select(p => node.Walk(Connection(p)).Translation!.Backend.Address.ToString()), a => a == "10.2.0.3");

        merger.UpsertLocal(Build.Local("web", backends: [Build.Backend("10.1.0.1")]));
        var gone = IPAddress.Parse("10.1.0.2");
        Assert.All(flows, f =>
        {
            var t = node.Walk(f).Translation!;
            Assert.NotEqual(gone, t.Backend.Address);
            Assert.Equal(!first[f].Address.Equals(gone), t.Established);
        });
    }

    [Fact]
    public void Deleting_the_service_removes_its_frontend_from_the_datapath()
    {
        var (merger, _, node) = Pipeline();
        Assert.True(node.LoadBalancer.TryLookup(LbServiceKey.Of(ClusterIp, 80, "TCP"), out var entry));
        Assert.Equal(4, entry.Backends.Count);

        merger.RemoveLocal(new Model.ServiceName("default", "web"));

        Assert.Equal(0, node.LoadBalancer.Count);
        Assert.Null(node.Walk(Connection(1)).Translation);
    }

    [Fact]
    public void A_datapath_attached_later_receives_the_current_tables_at_once()
    {
        var (_, tables, first) = Pipeline();
        var later = new SimulatedDatapath(first.Options with { NodeName = "node-2", NodeAddress = IPAddress.Parse("192.168.0.12") });

        tables.Attach(later.LoadBalancer);

        Assert.Equal(first.LoadBalancer.Dump().Select(e => (e.Key, e.Value.Backends.Count, e.Value.Slots.Count)),
            later.LoadBalancer.Dump().Select(e => (e.Key, e.Value.Backends.Count, e.Value.Slots.Count)));
        Assert.Equal(1, later.LoadBalancer.Count);
    }

    [Fact]
    public void Full_rebuilds_stay_available_and_move_more_than_incremental_updates()
    {
        static int Moved(bool incremental)
        {
            var tables = new LoadBalancerTables(Maglev.DefaultTableSize, incremental);
            var merger = new GlobalServiceMerger("c1", tables);
            var backends = Enumerable.Range(1, 40).Select(i => Build.Backend($"10.1.0.{i}")).ToArray();
            merger.UpsertLocal(Build.Local("web", backends: backends));
            Assert.True(tables.TryGet(LbFrontend.Of("10.96.0.10", 80, "TCP"), out var before));
            merger.UpsertLocal(Build.Local("web", backends: backends[1..]));
            Assert.True(tables.TryGet(LbFrontend.Of("10.96.0.10", 80, "TCP"), out var after));
            return Enumerable.Range(0, before.Slots.Count)
                .Count(s => before.Backends[before.Slots[s]].Address != "10.1.0.1" && before.Backends[before.Slots[s]] != after.Backends[after.Slots[s]]);
        }

        Assert.Equal(0, Moved(incremental: true));
        Assert.True(Moved(incremental: false) > 0);
    }
}
