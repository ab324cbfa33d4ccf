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

    // Connection tracking and reverse NAT live in the datapath (see the Simulation datapath's LoadBalancingTests);
    // here a new flow's backend is the table's Maglev lookup of its hash.
    [Fact]
    public void Affinity_local_fails_over_to_the_remote_backends_and_back()
    {
        var (merger, tables, _) = Pipeline();
        merger.UpsertLocal(Build.Local("web", affinity: ServiceAffinity.Local, backends: Build.Backend("10.1.0.1")));
        var remote = Build.Remote("c2", 2, "web", ["10.2.0.1"]);
        merger.OnUpsert(Build.KeyOf(remote), remote);
        var flows = Enumerable.Range(0, 200).Select(p => new FlowKey("10.1.5.5", (ushort)(30000 + p), "10.96.0.10", 80, "TCP")).ToList();

        Assert.All(flows, f => Assert.Equal("c1", ClusterOf(tables, f)));
        merger.UpsertLocal(Build.Local("web", affinity: ServiceAffinity.Local, backends: Build.Backend("10.1.0.1", BackendState.Quarantined)));
        Assert.All(flows, f => Assert.Equal("c2", ClusterOf(tables, f)));
        merger.UpsertLocal(Build.Local("web", affinity: ServiceAffinity.Local, backends: Build.Backend("10.1.0.1")));
        Assert.All(flows, f => Assert.Equal("c1", ClusterOf(tables, f)));
    }

    [Fact]
    public void New_connections_spread_over_both_clusters()
    {
        var (merger, tables, _) = Pipeline();
        merger.UpsertLocal(Build.Local("web", backends: [Build.Backend("10.1.0.1"), Build.Backend("10.1.0.2")]));
        var remote = Build.Remote("c2", 2, "web", ["10.2.0.1", "10.2.0.2"]);
        merger.OnUpsert(Build.KeyOf(remote), remote);

        var split = Enumerable.Range(0, 1000)
            .Select(p => ClusterOf(tables, new FlowKey("10.1.5.5", (ushort)(20000 + p), "10.96.0.10", 80, "TCP")) ?? "none")
            .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(["c1", "c2"], split.Keys.Order());
        Assert.InRange(split["c1"], 400, 600);
    }

    [Fact]
    public void No_selected_backend_means_no_backend_for_a_flow()
    {
        var (merger, tables, _) = Pipeline();
        merger.UpsertLocal(Build.Local("web"));

        Assert.True(tables.TryGet(Frontend, out var table));
        Assert.Empty(table.Slots);
        Assert.Null(ClusterOf(tables, new FlowKey("10.1.5.5", 1, "10.96.0.10", 80, "TCP")));
        Assert.False(tables.TryGet(LbFrontend.Of("10.96.9.9", 80, "TCP"), out _));
    }

    private static string? ClusterOf(LoadBalancerTables tables, FlowKey flow) =>
        tables.TryGet(flow.Frontend, out var table) ? table.Lookup(flow.Hash())?.Cluster : null;

    private sealed class Fanout(params Abstractions.Replication.IStoreObserver<MergedService>[] next) : Abstractions.Replication.IStoreObserver<MergedService>
    {
        public void OnUpsert(string key, MergedService value) { foreach (var n in next) { n.OnUpsert(key, value); } }
        public void OnDelete(string key, MergedService lastValue) { foreach (var n in next) { n.OnDelete(key, lastValue); } }
        public void OnSynced() { foreach (var n in next) { n.OnSynced(); } }
    }
}
