using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Simulation.Policy;
using static ClusterMesh.Datapath.Simulation.Tests.TestNodes;

namespace ClusterMesh.Datapath.Simulation.Tests.Policy;

/// <summary>Policy maps in the packet walk: egress at the sender, ingress at the receiver, replies of allowed connections.</summary>
public sealed class PolicyEnforcementTests
{
    private static KeyValuePair<PolicyMapKey, PolicyMapValue> Entry(NumericIdentity peer, PolicyMapDirection direction, byte protocol, ushort port, bool deny = false) =>
        new(new PolicyMapKey(peer, direction, protocol, port, (byte)(protocol == 0 || port == 0 ? 0 : 16)), new PolicyMapValue(deny, 0));

    private static SimulatedMesh EnforcedMesh()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Tunnel);
        var node1 = mesh.FindEndpointNode(XWing.Address)!;
        var node2 = mesh.FindEndpointNode(RebelBase.Address)!;
        node1.PolicyMaps.Replace(XWing.EndpointId, [Entry(RebelBaseIdentity, PolicyMapDirection.Egress, 6, 80), Entry(NumericIdentity.Unknown, PolicyMapDirection.Ingress, 0, 0)]);
        node2.PolicyMaps.Replace(RebelBase.EndpointId, [Entry(XWingIdentity, PolicyMapDirection.Ingress, 6, 0)]);
        return mesh;
    }

    [Fact]
    public void Allowed_in_both_directions_is_delivered()
    {
        var trace = EnforcedMesh().Follow(XWing.Address, RebelBase.Address, PacketL4.Tcp(40000, 80));

        Assert.Equal(PathKind.LocalDelivery, trace.Hops[^1].Path.Kind);
    }

    [Fact]
    public void Egress_deny_drops_at_the_sending_node()
    {
        var trace = EnforcedMesh().Follow(XWing.Address, RebelBase.Address, PacketL4.Tcp(40000, 81));

        var hop = Assert.Single(trace.Hops);
        Assert.Equal(DropReason.PolicyDenied, hop.Path.DropReason);
        Assert.Contains("egress", hop.Path.Reason, StringComparison.Ordinal);
        Assert.Equal(1, hop.Node!.Counters.DroppedFor(DropReason.PolicyDenied));
    }

    [Fact]
    public void Ingress_deny_drops_at_the_receiving_node()
    {
        var mesh = EnforcedMesh();
        mesh.FindEndpointNode(RebelBase.Address)!.PolicyMaps.Replace(RebelBase.EndpointId, [Entry(XWingIdentity, PolicyMapDirection.Ingress, 6, 80, deny: true), Entry(NumericIdentity.Unknown, PolicyMapDirection.Ingress, 0, 0)]);

        var trace = mesh.Follow(XWing.Address, RebelBase.Address, PacketL4.Tcp(40000, 80));

        Assert.Equal(2, trace.Hops.Count);
        Assert.Equal(DropReason.PolicyDenied, trace.Hops[1].Path.DropReason);
        Assert.Contains("ingress", trace.Hops[1].Path.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Replies_of_an_allowed_connection_pass_but_new_connections_back_do_not()
    {
        var mesh = EnforcedMesh();
        mesh.Follow(XWing.Address, RebelBase.Address, PacketL4.Tcp(40000, 80));

        var reply = mesh.Follow(RebelBase.Address, XWing.Address, PacketL4.Tcp(80, 40000));
        var fresh = mesh.Follow(RebelBase.Address, XWing.Address, PacketL4.Tcp(40001, 22));

        Assert.Equal(PathKind.LocalDelivery, reply.Hops[^1].Path.Kind);
        Assert.Equal(DropReason.PolicyDenied, fresh.Hops[^1].Path.DropReason);
    }

    [Fact]
    public void Without_a_map_or_an_l4_header_nothing_is_enforced()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Tunnel);

        Assert.Equal(PathKind.LocalDelivery, mesh.Follow(XWing.Address, RebelBase.Address, PacketL4.Tcp(1, 2)).Hops[^1].Path.Kind);
        Assert.Equal(PathKind.LocalDelivery, EnforcedMesh().Follow(XWing.Address, RebelBase.Address).Hops[^1].Path.Kind);
    }

    [Fact]
    public void The_longer_prefix_wins_and_a_tie_goes_to_the_peer_identity()
    {
        var map = new PolicyMapSnapshot(
        [
            Entry(XWingIdentity, PolicyMapDirection.Ingress, 0, 0),
            Entry(NumericIdentity.Unknown, PolicyMapDirection.Ingress, 6, 80, deny: true),
            Entry(RebelBaseIdentity, PolicyMapDirection.Ingress, 0, 0, deny: true),
            Entry(NumericIdentity.Unknown, PolicyMapDirection.Ingress, 0, 0),
        ]);

        Assert.True(map.Lookup(PolicyMapDirection.Ingress, XWingIdentity, 6, 80)!.Value.Value.Deny);
        Assert.False(map.Lookup(PolicyMapDirection.Ingress, XWingIdentity, 6, 81)!.Value.Value.Deny);
        Assert.True(map.Lookup(PolicyMapDirection.Ingress, RebelBaseIdentity, 17, 53)!.Value.Value.Deny);
        Assert.Null(map.Lookup(PolicyMapDirection.Egress, XWingIdentity, 6, 80));
    }
}
