using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using static ClusterMesh.Datapath.Simulation.Tests.TestNodes;

namespace ClusterMesh.Datapath.Simulation.Tests;

/// <summary>Following packets across nodes through the simulated underlay.</summary>
public sealed class MeshTests
{
    [Fact]
    public void A_tunneled_packet_is_delivered_by_the_remote_node_with_the_vni_identity()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Tunnel);

        var trace = mesh.Follow(XWing.Address, RebelBase.Address);

        Assert.True(trace.Delivered);
        Assert.Equal(2, trace.Hops.Count);
        Assert.Equal(PathKind.Tunnel, trace.Hops[0].Path.Kind);
        Assert.Equal("node-2", trace.DeliveredBy?.NodeName);
        Assert.Equal(RebelBase, trace.Outcome.Endpoint);
        Assert.Equal(XWingIdentity, trace.Outcome.SourceIdentity);
        Assert.Equal(
            "node-1 (192.168.0.11): tunnel to 192.168.0.12 (vni identity 65793); "
            + "node-2 (192.168.0.12): delivered to pod default/rebel-base (endpoint 201, identity 131330)",
            trace.ToString());
    }

    [Fact]
    public void A_tunnel_to_an_encrypting_node_carries_its_key()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Tunnel);

        var trace = mesh.Follow(XWing.Address, TieFighter.Address);

        Assert.Equal(4, trace.Hops[0].Path.EncryptKey);
        Assert.Equal(TieFighter, trace.Outcome.Endpoint);
    }

    [Fact]
    public void A_directly_routed_packet_is_delivered_with_the_source_identity_from_the_receivers_ipcache()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Direct);

        var trace = mesh.Follow(RebelBase.Address, XWing.Address);

        Assert.Equal(PathKind.DirectRoute, trace.Hops[0].Path.Kind);
        Assert.Equal(XWing, trace.Outcome.Endpoint);
        Assert.Equal(RebelBaseIdentity, trace.Outcome.SourceIdentity);
    }

    [Fact]
    public void A_local_destination_is_delivered_without_leaving_the_node()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Tunnel);
        Assert.True(mesh.TryGetNode(Node1, out var node1));
        node1.Endpoints.Upsert(YWing);

        var trace = mesh.Follow(XWing.Address, YWing.Address);

        Assert.Equal(YWing, Assert.Single(trace.Hops).Path.Endpoint);
    }

    [Fact]
    public void Hybrid_mode_routes_within_the_segment_and_tunnels_across_segments()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Hybrid);

        var sameSegment = mesh.Follow(XWing.Address, RebelBase.Address);
        var otherSegment = mesh.Follow(XWing.Address, TieFighter.Address);

        Assert.Equal(PathKind.DirectRoute, sameSegment.Hops[0].Path.Kind);
        Assert.Equal(RebelBase, sameSegment.Outcome.Endpoint);
        Assert.Equal(PathKind.Tunnel, otherSegment.Hops[0].Path.Kind);
        Assert.Equal(TieFighter, otherSegment.Outcome.Endpoint);
    }

    [Fact]
    public void A_direct_route_to_a_node_on_another_segment_is_dropped_by_the_underlay()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Direct);

        var trace = mesh.Follow(XWing.Address, TieFighter.Address);

        Assert.Equal(PathKind.DirectRoute, trace.Hops[0].Path.Kind);
        Assert.Null(trace.Hops[1].Node);
        Assert.Equal(DropReason.NextHopNotOnSegment, trace.Outcome.DropReason);
        Assert.StartsWith("underlay: drop: next hop 192.168.1.13 is on L2 segment 'b'", trace.Hops[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_receiving_node_drops_a_packet_for_an_endpoint_it_does_not_have()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Tunnel);
        Assert.True(mesh.TryGetNode(Node2, out var node2));
        node2.Endpoints.Delete(RebelBase.Address);

        var trace = mesh.Follow(XWing.Address, RebelBase.Address);

        Assert.Equal(node2, trace.Hops[1].Node);
        Assert.Equal(DropReason.NoSuchEndpoint, trace.Outcome.DropReason);
        Assert.Equal("drop: no such endpoint on node", trace.Outcome.ToString());
        Assert.Equal(1, node2.Counters.DroppedFor(DropReason.NoSuchEndpoint));
    }

    [Fact]
    public void A_tunnel_to_an_address_that_is_no_node_is_dropped_by_the_underlay()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Tunnel);
        Assert.True(mesh.TryGetNode(Node1, out var node1));
        node1.IpCache.Upsert(Cidr("10.244.9.0/24"), new IpCacheValue(RebelBaseIdentity, Ip("192.168.0.99"), 0));

        var trace = mesh.Follow(XWing.Address, Ip("10.244.9.1"));

        Assert.Equal(DropReason.UnknownNode, trace.Outcome.DropReason);
        Assert.Equal(Ip("192.168.0.99"), trace.Outcome.NodeAddress);
    }

    [Fact]
    public void A_source_no_node_hosts_is_dropped_before_any_walk()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Tunnel);

        var trace = mesh.Follow(Ip("10.99.0.1"), RebelBase.Address);

        Assert.Equal(DropReason.SourceNotLocalEndpoint, Assert.Single(trace.Hops).Path.DropReason);
        Assert.All(mesh.Nodes, n => Assert.Equal(0, n.Counters.Dropped));
    }

    [Fact]
    public void Following_packets_counts_on_the_sending_and_the_receiving_node()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Tunnel);
        Assert.True(mesh.TryGetNode(Node1, out var node1));
        Assert.True(mesh.TryGetNode(Node2, out var node2));

        mesh.Follow(XWing.Address, RebelBase.Address);
        mesh.Follow(XWing.Address, RebelBase.Address);
        mesh.Follow(RebelBase.Address, XWing.Address);

        Assert.Equal(new DatapathCounterSnapshot(1, 2, 0, new Dictionary<DropReason, long>()), node1.Counters.Snapshot());
        Assert.Equal(new DatapathCounterSnapshot(2, 1, 0, new Dictionary<DropReason, long>()), node2.Counters.Snapshot());
    }

    [Fact]
    public void Install_node_routes_programs_tunnels_and_routes_per_mode()
    {
        var tunnel = ThreeNodeMesh(RoutingMode.Tunnel);
        var direct = ThreeNodeMesh(RoutingMode.Direct);
        Assert.True(tunnel.TryGetNode(Node1, out var tunnelNode));
        Assert.True(direct.TryGetNode(Node1, out var directNode));

        Assert.Equal(
            [Cidr("10.244.2.0/24"), Cidr("10.244.3.0/24")],
            tunnelNode.Tunnels.Dump().Select(e => e.Key));
        Assert.Equal(new TunnelEndpoint(Node3, 4), tunnelNode.Tunnels.Dump()[1].Value);
        Assert.Equal(0, tunnelNode.Routes.Count);
        Assert.Equal(0, directNode.Tunnels.Count);
        Assert.Equal([Node2, Node3], directNode.Routes.Dump().Select(e => e.Value));
    }

    [Fact]
    public void Publish_endpoints_writes_host_entries_with_the_owning_node_as_tunnel_endpoint()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Tunnel);
        Assert.True(mesh.TryGetNode(Node1, out var node1));

        Assert.Equal(3, node1.IpCache.Count);
        Assert.True(node1.IpCache.TryLookup(XWing.Address, out _, out var own));
        Assert.Equal(new IpCacheValue(XWingIdentity, null, 0), own);
        Assert.True(node1.IpCache.TryLookup(TieFighter.Address, out var matched, out var remote));
        Assert.Equal(IpPrefix.Host(TieFighter.Address), matched);
        Assert.Equal(new IpCacheValue(TieFighterIdentity, Node3, 4), remote);
    }

    [Fact]
    public void Two_nodes_with_one_address_cannot_join()
    {
        var mesh = new SimulatedMesh();
        mesh.AddNode(Options("node-1", "192.168.0.11"));

        Assert.Throws<InvalidOperationException>(() => mesh.AddNode(Options("other", "192.168.0.11")));
    }
}
