using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using static ClusterMesh.Datapath.Simulation.Tests.TestNodes;

namespace ClusterMesh.Datapath.Simulation.Tests;

/// <summary>One node's packet walk: every outcome in every routing mode.</summary>
public sealed class WalkTests
{
    public static TheoryData<RoutingMode> AllModes => [RoutingMode.Tunnel, RoutingMode.Direct, RoutingMode.Hybrid];

    [Theory]
    [MemberData(nameof(AllModes))]
    public void A_local_destination_is_delivered_to_its_endpoint(RoutingMode mode)
    {
        var node = Node1Alone(mode);

        var path = node.Walk(XWing.Address, YWing.Address);

        Assert.Equal(PathKind.LocalDelivery, path.Kind);
        Assert.Equal(YWing, path.Endpoint);
        Assert.Equal(XWingIdentity, path.SourceIdentity);
        Assert.Equal(YWing.Identity, path.DestinationIdentity);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void A_source_that_is_not_a_local_endpoint_is_dropped(RoutingMode mode)
    {
        var node = Node1Alone(mode);

        var path = node.Walk(RebelBase.Address, YWing.Address);

        Assert.Equal(DropReason.SourceNotLocalEndpoint, path.DropReason);
        Assert.Equal("source is not a local endpoint", path.Reason);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void A_destination_without_an_ipcache_entry_is_dropped_as_unknown(RoutingMode mode)
    {
        var node = Node1Alone(mode);
        node.Tunnels.Upsert(Cidr("10.244.2.0/24"), new TunnelEndpoint(Node2, 0));
        node.Routes.Upsert(Cidr("10.244.2.0/24"), Node2);

        var path = node.Walk(XWing.Address, RebelBase.Address);

        Assert.Equal(DropReason.DestinationUnknown, path.DropReason);
        Assert.Equal(NumericIdentity.Unknown, path.DestinationIdentity);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void An_address_of_the_own_pod_cidr_without_endpoint_is_dropped(RoutingMode mode)
    {
        var node = Node1Alone(mode);

        Assert.Equal(DropReason.NoSuchEndpoint, node.Walk(XWing.Address, Ip("10.244.1.99")).DropReason);
        Assert.Equal(DropReason.NoSuchEndpoint, node.Walk(XWing.Address, Ip("fd00:10:244:1::99")).DropReason);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void An_ipcache_entry_that_points_at_this_node_without_endpoint_is_dropped(RoutingMode mode)
    {
        var node = Node1Alone(mode);
        node.IpCache.Upsert(Cidr("10.250.0.1/32"), new IpCacheValue(RebelBaseIdentity, Node1, 0));

        var path = node.Walk(XWing.Address, Ip("10.250.0.1"));

        Assert.Equal(DropReason.NoSuchEndpoint, path.DropReason);
        Assert.Equal(RebelBaseIdentity, path.DestinationIdentity);
    }

    [Fact]
    public void Tunnel_mode_encapsulates_to_the_ipcache_tunnel_endpoint_with_the_source_identity_in_the_vni()
    {
        var node = Node1Alone(RoutingMode.Tunnel);
        node.IpCache.Upsert(IpPrefix.Host(RebelBase.Address), new IpCacheValue(RebelBaseIdentity, Node2, 3));
        node.Tunnels.Upsert(Cidr("10.244.2.0/24"), new TunnelEndpoint(Node3, 0));
        node.Routes.Upsert(Cidr("10.244.2.0/24"), Node3);

        var path = node.Walk(XWing.Address, RebelBase.Address);

        Assert.Equal(PathKind.Tunnel, path.Kind);
        Assert.Equal(Node2, path.NodeAddress);
        Assert.Equal(XWingIdentity, path.SourceIdentity);
        Assert.Equal(RebelBaseIdentity, path.DestinationIdentity);
        Assert.Equal(3, path.EncryptKey);
    }

    [Fact]
    public void Tunnel_mode_falls_back_to_the_tunnel_map_when_the_ipcache_names_no_node()
    {
        var node = Node1Alone(RoutingMode.Tunnel);
        node.IpCache.Upsert(Cidr("10.244.2.0/24"), new IpCacheValue(RebelBaseIdentity, null, 0));
        node.Tunnels.Upsert(Cidr("10.244.0.0/16"), new TunnelEndpoint(Node3, 0));
        node.Tunnels.Upsert(Cidr("10.244.2.0/24"), new TunnelEndpoint(Node2, 5));

        var path = node.Walk(XWing.Address, RebelBase.Address);

        Assert.Equal((PathKind.Tunnel, Node2, (byte)5), (path.Kind, path.NodeAddress, path.EncryptKey));
    }

    [Fact]
    public void Tunnel_mode_drops_without_a_tunnel_endpoint()
    {
        var node = Node1Alone(RoutingMode.Tunnel);
        node.IpCache.Upsert(Cidr("0.0.0.0/0"), new IpCacheValue(NumericIdentity.World, null, 0));
        node.Routes.Upsert(Cidr("0.0.0.0/0"), Node2);

        var path = node.Walk(XWing.Address, Ip("8.8.8.8"));

        Assert.Equal(DropReason.NoTunnelEndpoint, path.DropReason);
        Assert.Equal(NumericIdentity.World, path.DestinationIdentity);
    }

    [Fact]
    public void Tunnel_mode_works_for_ipv6()
    {
        var node = Node1Alone(RoutingMode.Tunnel);
        node.Endpoints.Upsert(XWing with { Address = Ip("fd00:10:244:1::5") });
        node.IpCache.Upsert(Cidr("fd00:10:244:2::/64"), new IpCacheValue(RebelBaseIdentity, null, 0));
        node.Tunnels.Upsert(Cidr("fd00:10:244:2::/64"), new TunnelEndpoint(Ip("fd00:192:168::12"), 0));

        var path = node.Walk(Ip("fd00:10:244:1::5"), Ip("fd00:10:244:2::7"));

        Assert.Equal((PathKind.Tunnel, Ip("fd00:192:168::12")), (path.Kind, path.NodeAddress));
    }

    [Fact]
    public void Direct_mode_routes_to_the_next_hop_of_the_route_table_ignoring_tunnels()
    {
        var node = Node1Alone(RoutingMode.Direct);
        node.IpCache.Upsert(IpPrefix.Host(RebelBase.Address), new IpCacheValue(RebelBaseIdentity, Node3, 2));
        node.Routes.Upsert(Cidr("10.244.2.0/24"), Node2);

        var path = node.Walk(XWing.Address, RebelBase.Address);

        Assert.Equal((PathKind.DirectRoute, Node2, (byte)2), (path.Kind, path.NodeAddress, path.EncryptKey));
        Assert.Equal((XWingIdentity, RebelBaseIdentity), (path.SourceIdentity, path.DestinationIdentity));
    }

    [Fact]
    public void Direct_mode_drops_without_a_route_even_when_a_tunnel_exists()
    {
        var node = Node1Alone(RoutingMode.Direct);
        node.IpCache.Upsert(IpPrefix.Host(RebelBase.Address), new IpCacheValue(RebelBaseIdentity, Node2, 0));
        node.Tunnels.Upsert(Cidr("10.244.2.0/24"), new TunnelEndpoint(Node2, 0));

        Assert.Equal(DropReason.NoRoute, node.Walk(XWing.Address, RebelBase.Address).DropReason);
    }

    [Fact]
    public void Direct_mode_drops_when_the_route_points_back_at_this_node()
    {
        var node = Node1Alone(RoutingMode.Direct);
        node.IpCache.Upsert(Cidr("10.250.0.0/16"), new IpCacheValue(RebelBaseIdentity, null, 0));
        node.Routes.Upsert(Cidr("10.250.0.0/16"), Node1);

        Assert.Equal(DropReason.NoSuchEndpoint, node.Walk(XWing.Address, Ip("10.250.0.1")).DropReason);
    }

    [Fact]
    public void Hybrid_mode_routes_where_a_route_exists_and_tunnels_elsewhere()
    {
        var node = Node1Alone(RoutingMode.Hybrid);
        node.IpCache.Upsert(IpPrefix.Host(RebelBase.Address), new IpCacheValue(RebelBaseIdentity, Node2, 0));
        node.IpCache.Upsert(IpPrefix.Host(TieFighter.Address), new IpCacheValue(TieFighterIdentity, Node3, 4));
        node.Routes.Upsert(Cidr("10.244.2.0/24"), Node2);

        var toSameSegment = node.Walk(XWing.Address, RebelBase.Address);
        var toOtherSegment = node.Walk(XWing.Address, TieFighter.Address);

        Assert.Equal((PathKind.DirectRoute, Node2), (toSameSegment.Kind, toSameSegment.NodeAddress));
        Assert.Equal((PathKind.Tunnel, Node3, (byte)4), (toOtherSegment.Kind, toOtherSegment.NodeAddress, toOtherSegment.EncryptKey));
    }

    [Fact]
    public void Hybrid_mode_drops_without_route_or_tunnel_endpoint()
    {
        var node = Node1Alone(RoutingMode.Hybrid);
        node.IpCache.Upsert(Cidr("10.244.2.0/24"), new IpCacheValue(RebelBaseIdentity, null, 0));

        Assert.Equal(DropReason.NoTunnelEndpoint, node.Walk(XWing.Address, RebelBase.Address).DropReason);
    }

    [Fact]
    public void Hybrid_mode_picks_direct_or_tunnel_by_l2_segment()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Hybrid);
        Assert.True(mesh.TryGetNode(Node1, out var node1));

        Assert.Equal(PathKind.DirectRoute, node1.Walk(XWing.Address, RebelBase.Address).Kind);
        Assert.Equal(PathKind.Tunnel, node1.Walk(XWing.Address, TieFighter.Address).Kind);
        Assert.True(node1.Routes.TryLookup(RebelBase.Address, out _, out _));
        Assert.False(node1.Routes.TryLookup(TieFighter.Address, out _, out _));
    }

    [Fact]
    public void Receiving_a_tunneled_packet_takes_the_source_identity_from_the_vni()
    {
        var node = Node1Alone(RoutingMode.Tunnel);

        var path = node.ReceiveTunneled(RebelBase.Address, XWing.Address, RebelBaseIdentity);

        Assert.Equal((PathKind.LocalDelivery, RebelBaseIdentity, XWing), (path.Kind, path.SourceIdentity, path.Endpoint));
    }

    [Fact]
    public void Receiving_a_routed_packet_takes_the_source_identity_from_the_ipcache_or_world()
    {
        var node = Node1Alone(RoutingMode.Direct);
        node.IpCache.Upsert(Cidr("10.244.2.0/24"), new IpCacheValue(RebelBaseIdentity, Node2, 0));

        Assert.Equal(RebelBaseIdentity, node.ReceiveRouted(RebelBase.Address, XWing.Address).SourceIdentity);
        Assert.Equal(NumericIdentity.World, node.ReceiveRouted(Ip("8.8.8.8"), XWing.Address).SourceIdentity);
        Assert.Equal(DropReason.NoSuchEndpoint, node.ReceiveRouted(RebelBase.Address, Ip("10.244.1.99")).DropReason);
    }
}
