using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Services.Merge;
using ClusterMesh.Services.Model;
using ClusterMesh.Services.Tests.Support;

namespace ClusterMesh.Services.Tests.Merge;

public sealed class GlobalServiceMergerTests
{
    private static readonly ServiceName Web = new("default", "web");

    [Fact]
    public void Remote_backends_attach_to_the_global_local_service_and_each_cluster_keeps_its_clusterip()
    {
        var downstream = new RecordingObserver<MergedService>();
        var merger = new GlobalServiceMerger("c1", downstream);
        var remote = Build.Remote("c2", 2, "web", ["10.2.0.1", "10.2.0.2"]);

        merger.OnUpsert(Build.KeyOf(remote), remote);
        Assert.Empty(downstream.Events);

        merger.UpsertLocal(Build.Local("web", backends: Build.Backend("10.1.0.1")));

        var merged = downstream.State["default/web"];
        Assert.Equal(["c1/10.1.0.1", "c2/10.2.0.1", "c2/10.2.0.2"], merged.Backends.Select(b => $"{b.Cluster}/{b.Address}"));
        Assert.All(merged.Backends, b => Assert.True(b.Selected));
        Assert.Equal(["10.96.0.10"], merged.Frontends.Select(f => f.Address).Distinct());
        Assert.Equal(["10.96.0.10"], merged.ClusterIPs["c1"]);
        Assert.Equal(["10.96.2.10"], merged.ClusterIPs["c2"]);
    }

    [Fact]
    public void A_non_global_local_service_takes_no_remote_backend()
    {
        var merger = new GlobalServiceMerger("c1");
        merger.UpsertLocal(Build.Local("web", global: false, backends: Build.Backend("10.1.0.1")));
        var remote = Build.Remote("c2", 2, "web", ["10.2.0.1"]);
        merger.OnUpsert(Build.KeyOf(remote), remote);

        Assert.True(merger.TryGet(Web, out var merged));
        Assert.Equal(["c1"], merged.Backends.Select(b => b.Cluster));
    }

    [Fact]
    public void A_remote_that_is_not_shared_or_not_global_contributes_nothing()
    {
        var merger = new GlobalServiceMerger("c1");
        merger.UpsertLocal(Build.Local("web"));
        foreach (var remote in new[] { Build.Remote("c2", 2, "web", ["10.2.0.1"], shared: false), Build.Remote("c3", 3, "web", ["10.3.0.1"], global: false) })
        {
            merger.OnUpsert(Build.KeyOf(remote), remote);
        }

        Assert.True(merger.TryGet(Web, out var merged));
        Assert.Empty(merged.Backends);
    }

    [Fact]
    public void A_cluster_update_replaces_its_backends_and_deleting_removes_exactly_them()
    {
        var merger = new GlobalServiceMerger("c1");
        merger.UpsertLocal(Build.Local("web", backends: Build.Backend("10.1.0.1")));
        var c2 = Build.Remote("c2", 2, "web", ["10.2.0.1", "10.2.0.2"]);
        var c3 = Build.Remote("c3", 3, "web", ["10.3.0.1"]);
        merger.OnUpsert(Build.KeyOf(c2), c2);
        merger.OnUpsert(Build.KeyOf(c3), c3);

        merger.OnUpsert(Build.KeyOf(c2), Build.Remote("c2", 2, "web", ["10.2.0.3"]));
        Assert.True(merger.TryGet(Web, out var replaced));
        Assert.Equal(["10.1.0.1", "10.2.0.3", "10.3.0.1"], replaced.Backends.Select(b => b.Address));

        merger.OnDelete(Build.KeyOf(c2), c2);
        Assert.True(merger.TryGet(Web, out var deleted));
        Assert.Equal(["10.1.0.1", "10.3.0.1"], deleted.Backends.Select(b => b.Address));

        Assert.Equal(1, merger.RemoveCluster("c3"));
        Assert.True(merger.TryGet(Web, out var removed));
        Assert.Equal(["10.1.0.1"], removed.Backends.Select(b => b.Address));
    }

    [Fact]
    public void Removing_the_local_service_deletes_the_merged_one_and_remote_exports_wait_for_it()
    {
        var downstream = new RecordingObserver<MergedService>();
        var merger = new GlobalServiceMerger("c1", downstream);
        merger.UpsertLocal(Build.Local("web"));
        var remote = Build.Remote("c2", 2, "web", ["10.2.0.1"]);
        merger.OnUpsert(Build.KeyOf(remote), remote);

        Assert.True(merger.RemoveLocal(Web));
        Assert.DoesNotContain("default/web", downstream.State.Keys);
        Assert.Equal("delete default/web", downstream.Events[^1]);

        merger.UpsertLocal(Build.Local("web"));
        Assert.Equal(["10.2.0.1"], downstream.State["default/web"].Backends.Select(b => b.Address));
    }

    public static TheoryData<string, ClusterService, RejectReason> BadRemotes => new()
    {
        { "bad backend address", Build.Remote("c2", 2, "web", ["10.2.0.300"]), RejectReason.InvalidField },
        { "hostname as address", Build.Remote("c2", 2, "web", ["web-0"]), RejectReason.InvalidField },
        { "short IPv4", Build.Remote("c2", 2, "web", ["10.1"]), RejectReason.InvalidField },
        { "bad frontend address", Build.Remote("c2", 2, "web", ["10.2.0.1"], clusterIp: "ten"), RejectReason.InvalidField },
        { "port zero", Build.Remote("c2", 2, "web", ["10.2.0.1"], ports: Build.Ports(("http", 0, "TCP"))), RejectReason.InvalidField },
        { "unknown protocol", Build.Remote("c2", 2, "web", ["10.2.0.1"], ports: Build.Ports(("http", 80, "ICMP"))), RejectReason.InvalidField },
        { "local cluster", Build.Remote("c1", 1, "web", ["10.2.0.1"]), RejectReason.ForeignCluster },
        { "negative cluster id", Build.Remote("c2", -1, "web", ["10.2.0.1"]), RejectReason.InvalidClusterId },
    };

    [Theory]
    [MemberData(nameof(BadRemotes))]
    public void A_malformed_remote_is_rejected_counted_and_the_last_good_value_stays(string why, ClusterService bad, RejectReason reason)
    {
        var merger = new GlobalServiceMerger("c1");
        merger.UpsertLocal(Build.Local("web"));
        var good = Build.Remote("c2", 2, "web", ["10.2.0.9"]);
        merger.OnUpsert(Build.KeyOf(good), good);

        merger.OnUpsert(Build.KeyOf(bad), bad);

        Assert.Equal(1, merger.Rejections.GetValueOrDefault(reason));
        Assert.True(merger.TryGet(Web, out var merged), why);
        Assert.Equal(["10.2.0.9"], merged.Backends.Select(b => b.Address));
    }

    [Theory]
    [InlineData("cilium/state/services/v1/c2/default/api", RejectReason.KeyMismatch)]
    [InlineData("cilium/state/services/v1/c3/default/web", RejectReason.KeyMismatch)]
    [InlineData("cilium/state/nodes/v1/c2/web", RejectReason.MalformedKey)]
    [InlineData("cilium/state/services/v1/c2/web", RejectReason.MalformedKey)]
    public void Key_and_value_must_agree(string key, RejectReason reason)
    {
        var merger = new GlobalServiceMerger("c1");
        merger.UpsertLocal(Build.Local("web"));

        merger.OnUpsert(key, Build.Remote("c2", 2, "web", ["10.2.0.1"]));

        Assert.Equal(1, merger.Rejections.GetValueOrDefault(reason));
        Assert.True(merger.TryGet(Web, out var merged));
        Assert.Empty(merged.Backends);
    }

    [Fact]
    public void Conflicting_ports_are_reported_and_a_protocol_mismatch_never_reaches_the_tables()
    {
        var merger = new GlobalServiceMerger("c1");
        merger.UpsertLocal(Build.Local("web", backends: Build.Backend("10.1.0.1")));
        var numberDiffers = Build.Remote("c2", 2, "web", ["10.2.0.1"]) with
        {
            Frontends = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>> { ["10.96.2.10"] = Build.Ports(("http", 8000, "TCP")) },
        };
        var protocolDiffers = Build.Remote("c3", 3, "web", ["10.3.0.1"], ports: Build.Ports(("http", 8080, "UDP")));
        merger.OnUpsert(Build.KeyOf(numberDiffers), numberDiffers);
        merger.OnUpsert(Build.KeyOf(protocolDiffers), protocolDiffers);

        Assert.Equal(["c2:http", "c3:http"], merger.Conflicts().Select(c => $"{c.Cluster}:{c.PortName}"));
        var tables = new ClusterMesh.Services.LoadBalancing.LoadBalancerTables();
        Assert.True(merger.TryGet(Web, out var merged));
        tables.OnUpsert(Web.ToString(), merged);
        var table = Assert.Single(tables.Snapshot());
        Assert.Equal(["10.1.0.1", "10.2.0.1"], table.Backends.Select(b => b.Address));
    }

    [Fact]
    public void Synced_is_passed_on()
    {
        var downstream = new RecordingObserver<MergedService>();
        new GlobalServiceMerger("c1", downstream).OnSynced();
        Assert.Equal(["synced"], downstream.Events);
    }
}
