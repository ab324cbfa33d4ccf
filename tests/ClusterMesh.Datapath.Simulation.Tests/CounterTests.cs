using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using static ClusterMesh.Datapath.Simulation.Tests.TestNodes;

namespace ClusterMesh.Datapath.Simulation.Tests;

public sealed class CounterTests
{
    [Fact]
    public void Every_walk_and_receipt_is_counted_by_outcome_and_drop_reason()
    {
        var node = Node1Alone(RoutingMode.Hybrid);
        node.IpCache.Upsert(IpPrefix.Host(RebelBase.Address), new IpCacheValue(RebelBaseIdentity, Node2, 0));
        node.IpCache.Upsert(IpPrefix.Host(TieFighter.Address), new IpCacheValue(TieFighterIdentity, null, 0));
        node.Routes.Upsert(Cidr("10.244.2.0/24"), Node2);

        node.Walk(XWing.Address, YWing.Address);
        node.ReceiveTunneled(RebelBase.Address, XWing.Address, RebelBaseIdentity);
        node.Walk(XWing.Address, RebelBase.Address);
        node.Walk(XWing.Address, TieFighter.Address);
        node.Walk(XWing.Address, TieFighter.Address);
        node.Walk(XWing.Address, Ip("8.8.8.8"));
        node.Walk(RebelBase.Address, XWing.Address);
        node.ReceiveRouted(RebelBase.Address, Ip("10.244.1.200"));

        var expected = new DatapathCounterSnapshot(2, 0, 1, new Dictionary<DropReason, long>
        {
            [DropReason.NoTunnelEndpoint] = 2,
            [DropReason.DestinationUnknown] = 1,
            [DropReason.SourceNotLocalEndpoint] = 1,
            [DropReason.NoSuchEndpoint] = 1,
        });
        Assert.Equal(expected, node.Counters.Snapshot());
        Assert.Equal(5, node.Counters.Dropped);
        Assert.Equal(2, node.Counters.DroppedFor(DropReason.NoTunnelEndpoint));
        Assert.Equal(0, node.Counters.DroppedFor(DropReason.NoRoute));
    }

    [Fact]
    public void Snapshots_differ_when_any_counter_differs_and_read_as_text()
    {
        var oneDrop = new DatapathCounterSnapshot(1, 2, 3, new Dictionary<DropReason, long> { [DropReason.NoRoute] = 1 });

        Assert.NotEqual(oneDrop, oneDrop with { DroppedByReason = new Dictionary<DropReason, long> { [DropReason.NoTunnelEndpoint] = 1 } });
        Assert.NotEqual(oneDrop, oneDrop with { Routed = 4 });
        Assert.Equal("delivered 1, tunneled 2, routed 3, dropped 1 (no route to destination: 1)", oneDrop.ToString());
        Assert.Equal("delivered 0, tunneled 0, routed 0, dropped 0", new DatapathCounters().Snapshot().ToString());
    }
}
