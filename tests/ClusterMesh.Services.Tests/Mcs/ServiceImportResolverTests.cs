using ClusterMesh.Abstractions.Model;
using ClusterMesh.Services.Mcs;
using ClusterMesh.Services.Tests.Support;
using static ClusterMesh.Services.Tests.Mcs.McsGen;

namespace ClusterMesh.Services.Tests.Mcs;

public sealed class ServiceImportResolverTests
{
    private readonly RecordingObserver<DerivedServiceImport> _downstream = new();
    private readonly ServiceImportResolver _resolver;

    public ServiceImportResolverTests() => _resolver = new ServiceImportResolver(_downstream);

    [Fact]
    public void The_oldest_export_gives_the_import_its_properties()
    {
        Upsert(Exported("c1", 20, type: "Headless", ports: ("dns", 53, "UDP")));
        Upsert(Exported("c2", 10, affinity: "ClientIP", timeout: 30, ports: ("http", 80, "TCP")));

        var import = _resolver.Get("default", "web")!;

        Assert.Equal("c2", import.WinningCluster);
        Assert.Equal("ClusterSetIP", import.Type);
        Assert.Equal("ClientIP", import.SessionAffinity);
        Assert.Equal(30, import.SessionAffinityConfig?.ClientIP?.TimeoutSeconds);
        Assert.Equal(80, Assert.Single(import.Ports).Port);
        Assert.Equal(["c1", "c2"], import.Clusters);
        Assert.Equal("web.default.svc.clusterset.local", import.DnsName);
    }

    [Fact]
    public void Equal_timestamps_go_to_the_first_cluster_name()
    {
        Upsert(Exported("cluster-b", 5, type: "Headless"));
        Upsert(Exported("cluster-a", 5));

        var import = _resolver.Get("default", "web")!;

        Assert.Equal("cluster-a", import.WinningCluster);
        Assert.Equal("ClusterSetIP", import.Type);
        Assert.Equal(["cluster-b"], Assert.Single(import.Conflicts).Clusters);
    }

    [Fact]
    public void Different_ports_name_the_disagreeing_clusters()
    {
        Upsert(Exported("c1", 1, ports: [("http", 80, "TCP"), ("https", 443, "TCP")]));
        Upsert(Exported("c2", 2, ports: [("https", 443, "TCP"), ("http", 80, "TCP")]));
        Upsert(Exported("c3", 3, ports: ("http", 80, "UDP")));
        Upsert(Exported("c0", 4, ports: ("http", 8080, "TCP")));

        var conflict = Assert.Single(_resolver.Get("default", "web")!.Conflicts);

        Assert.Equal(ServiceImportConflict.ConflictingPorts, conflict.Type);
        Assert.Equal(["c0", "c3"], conflict.Clusters);
    }

    [Fact]
    public void Different_types_conflict()
    {
        Upsert(Exported("c1", 1));
        Upsert(Exported("c2", 2, type: "Headless"));

        var conflict = Assert.Single(_resolver.Get("default", "web")!.Conflicts);

        Assert.Equal((ServiceImportConflict.ConflictingType, "c2"), (conflict.Type, Assert.Single(conflict.Clusters)));
    }

    [Theory]
    [InlineData("ClientIP", 10, "None", null)]
    [InlineData("ClientIP", 10, "ClientIP", 20)]
    [InlineData("None", null, "ClientIP", null)]
    public void Different_session_affinity_conflicts(string winnerAffinity, int? winnerTimeout, string otherAffinity, int? otherTimeout)
    {
        Upsert(Exported("c1", 1, affinity: winnerAffinity, timeout: winnerTimeout));
        Upsert(Exported("c2", 2, affinity: otherAffinity, timeout: otherTimeout));

        var conflict = Assert.Single(_resolver.Get("default", "web")!.Conflicts);

        Assert.Equal((ServiceImportConflict.ConflictingSessionAffinity, "c2"), (conflict.Type, Assert.Single(conflict.Clusters)));
    }

    [Fact]
    public void Agreeing_exports_have_no_conflicts()
    {
        Upsert(Exported("c1", 1, affinity: "ClientIP", timeout: 10));
        Upsert(Exported("c2", 2, affinity: "ClientIP", timeout: 10));

        Assert.Empty(_resolver.Get("default", "web")!.Conflicts);
    }

    [Fact]
    public void Removing_the_winner_recomputes_and_the_last_removal_deletes_the_import()
    {
        var oldest = Exported("c1", 1, type: "Headless");
        var newer = Exported("c2", 2);
        Upsert(oldest);
        Upsert(newer);
        Assert.Single(_resolver.Get("default", "web")!.Conflicts);

        _resolver.OnDelete(KeyOf(oldest), oldest);
        var import = _resolver.Get("default", "web")!;
        Assert.Equal(("c2", "ClusterSetIP"), (import.WinningCluster, import.Type));
        Assert.Equal(["c2"], import.Clusters);
        Assert.Empty(import.Conflicts);

        _resolver.OnDelete(KeyOf(newer), newer);
        Assert.Null(_resolver.Get("default", "web"));
        Assert.Empty(_resolver.Snapshot());
        Assert.Equal(["upsert default/web", "upsert default/web", "upsert default/web", "delete default/web"], _downstream.Events);
    }

    [Fact]
    public void An_unchanged_upsert_is_not_passed_on()
    {
        Upsert(Exported("c1", 1));
        Upsert(Exported("c1", 1));

        Assert.Equal(["upsert default/web"], _downstream.Events);
    }

    [Fact]
    public void Deleting_an_unknown_export_changes_nothing()
    {
        Upsert(Exported("c1", 1));
        var unknown = Exported("c9", 1);

        _resolver.OnDelete(KeyOf(unknown), unknown);

        Assert.Equal(["c1"], _resolver.Get("default", "web")!.Clusters);
        Assert.Equal(["upsert default/web"], _downstream.Events);
    }

    private void Upsert(ServiceExport export) => _resolver.OnUpsert(KeyOf(export), export);
}
