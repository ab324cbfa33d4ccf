using ClusterMesh.Services.LoadBalancing;
using ClusterMesh.Services.Merge;
using ClusterMesh.Services.Model;
using ClusterMesh.Services.Tests.Support;

namespace ClusterMesh.Services.Tests.LoadBalancing;

public sealed class LoadBalancerTablesTests
{
    private static readonly LbFrontend Frontend = LbFrontend.Of("10.96.0.10", 80, "tcp");

    private static (GlobalServiceMerger Merger, LoadBalancerTables Tables, RecordingObserver<MergedService> Events) Pipeline()
    {
        var tables = new LoadBalancerTables();
        var events = new RecordingObserver<MergedService>();
        return (new GlobalServiceMerger("c1", new Fanout(tables, events)), tables, events);
    }

    [Fact]
    public void A_frontend_balances_over_the_selected_backends_of_every_cluster()
    {
        var (merger, tables, _) = Pipeline();
        merger.UpsertLocal(Build.Local("web", backends: [Build.Backend("10.1.0.1"), Build.Backend("10.1.0.2", BackendState.Quarantined)]));
        var remote = Build.Remote("c2", 2, "web", ["10.2.0.1"]);
        merger.OnUpsert(Build.KeyOf(remote), remote);

        Assert.True(tables.TryGet(Frontend, out var table));
        Assert.Equal(["c1/10.1.0.1:8080", "c2/10.2.0.1:8080"], table.Backends.Select(b => $"{b.Cluster}/{b.Address}:{b.Port}"));
        Assert.Equal(Maglev.DefaultTableSize, table.Slots.Count);
    }

    [Fact]
    public void One_backend_change_rebuilds_one_table_and_passes_on_one_service()
    {
        var (merger, tables, events) = Pipeline();
        foreach (var name in new[] { "a", "b", "c" })
        {
            merger.UpsertLocal(Build.Local(name, clusterIp: $"10.96.0.{(int)name[0]}", backends: Build.Backend("10.1.0.1")) with { Namespace = "default" });
            var remote = Build.Remote("c2", 2, name, ["10.2.0.1"]);
            merger.OnUpsert(Build.KeyOf(remote), remote);
        }

        var builds = tables.Builds;
        events.Events.Clear();
        var changed = Build.Remote("c2", 2, "b", ["10.2.0.1", "10.2.0.2"]);
        merger.OnUpsert(Build.KeyOf(changed), changed);
        var same = Build.Remote("c2", 2, "c", ["10.2.0.1"]);
        merger.OnUpsert(Build.KeyOf(same), same);

        Assert.Equal(["upsert default/b", "upsert default/c"], events.Events);
        Assert.Equal(builds + 1, tables.Builds);
    }

    [Fact]
    public void Deleting_a_service_drops_its_tables()
    {
        var (merger, tables, _) = Pipeline();
        merger.UpsertLocal(Build.Local("web", backends: Build.Backend("10.1.0.1")));
        merger.RemoveLocal(new ServiceName("default", "web"));

        Assert.Equal(0, tables.Count);
        Assert.False(tables.TryGet(Frontend, out _));
    }

    [Fact]
    public void An_established_connection_keeps_its_backend_and_replies_are_reverse_nated()
    {
        var (merger, tables, _) = Pipeline();
        merger.UpsertLocal(Build.Local("web", backends: [Build.Backend("10.1.0.1"), Build.Backend("10.1.0.2")]));
        var balancer = new ConnectionBalancer(tables);
        var flow = new FlowKey("10.1.5.5", 40000, "10.96.0.10", 80, "TCP");

        Assert.True(balancer.TryConnect(flow, out var first));
        var remote = Build.Remote("c2", 2, "web", ["10.2.0.1", "10.2.0.2", "10.2.0.3", "10.2.0.4"]);
        merger.OnUpsert(Build.KeyOf(remote), remote);
        Assert.True(balancer.TryConnect(flow, out var again));
        Assert.Equal(first, again);

        Assert.True(balancer.TryReverse(new FlowKey(first.Address, first.Port, "10.1.5.5", 40000, "TCP"), out var frontend));
        Assert.Equal(Frontend, frontend);
        Assert.True(balancer.Close(flow));
        Assert.False(balancer.TryReverse(new FlowKey(first.Address, first.Port, "10.1.5.5", 40000, "TCP"), out _));
    }

    [Fact]
    public void A_connection_whose_backend_left_is_balanced_again_and_affinity_local_fails_over()
    {
        var (merger, tables, _) = Pipeline();
        merger.UpsertLocal(Build.Local("web", affinity: ServiceAffinity.Local, backends: Build.Backend("10.1.0.1")));
        var remote = Build.Remote("c2", 2, "web", ["10.2.0.1"]);
        merger.OnUpsert(Build.KeyOf(remote), remote);
        var balancer = new ConnectionBalancer(tables);
        var flows = Enumerable.Range(0, 200).Select(p => new FlowKey("10.1.5.5", (ushort)(30000 + p), "10.96.0.10", 80, "TCP")).ToList();

        Assert.All(flows, f => Assert.True(balancer.TryConnect(f, out var b) && b.Cluster == "c1"));
        merger.UpsertLocal(Build.Local("web", affinity: ServiceAffinity.Local, backends: Build.Backend("10.1.0.1", BackendState.Quarantined)));
        Assert.All(flows, f => Assert.True(balancer.TryConnect(f, out var b) && b.Cluster == "c2"));
        merger.UpsertLocal(Build.Local("web", affinity: ServiceAffinity.Local, backends: Build.Backend("10.1.0.1")));
        Assert.All(flows, f => Assert.True(balancer.TryConnect(f, out var b) && b.Cluster == "c1"));
    }

    [Fact]
    public void New_connections_spread_over_both_clusters()
    {
        var (merger, tables, _) = Pipeline();
        merger.UpsertLocal(Build.Local("web", backends: [Build.Backend("10.1.0.1"), Build.Backend("10.1.0.2")]));
        var remote = Build.Remote("c2", 2, "web", ["10.2.0.1", "10.2.0.2"]);
        merger.OnUpsert(Build.KeyOf(remote), remote);
        var balancer = new ConnectionBalancer(tables);

        var split = Enumerable.Range(0, 1000)
            .Select(p => balancer.TryConnect(new FlowKey("10.1.5.5", (ushort)(20000 + p), "10.96.0.10", 80, "TCP"), out var b) ? b.Cluster : "none")
            .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(["c1", "c2"], split.Keys.Order());
        Assert.InRange(split["c1"], 400, 600);
    }

    [Fact]
    public void No_table_means_no_connection()
    {
        var (merger, tables, _) = Pipeline();
        merger.UpsertLocal(Build.Local("web"));
        var balancer = new ConnectionBalancer(tables);

        Assert.False(balancer.TryConnect(new FlowKey("10.1.5.5", 1, "10.96.0.10", 80, "TCP"), out _));
        Assert.False(balancer.TryConnect(new FlowKey("10.1.5.5", 1, "10.96.9.9", 80, "TCP"), out _));
        Assert.Equal(0, balancer.Count);
    }

    private sealed class Fanout(params Abstractions.Replication.IStoreObserver<MergedService>[] next) : Abstractions.Replication.IStoreObserver<MergedService>
    {
        public void OnUpsert(string key, MergedService value) { foreach (var n in next) { n.OnUpsert(key, value); } }
        public void OnDelete(string key, MergedService lastValue) { foreach (var n in next) { n.OnDelete(key, lastValue); } }
        public void OnSynced() { foreach (var n in next) { n.OnSynced(); } }
    }
}
