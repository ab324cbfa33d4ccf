using ClusterMesh.Abstractions.Model;
using static ClusterMesh.Datapath.Simulation.Tests.TestNodes;

namespace ClusterMesh.Datapath.Simulation.Tests;

public sealed class PacketPathTests
{
    [Fact]
    public void Each_kind_reads_as_a_sentence()
    {
        Assert.Equal(
            "tunnel to 192.168.0.12 (vni identity 65793)",
            PacketPath.Tunneled(XWing.Address, RebelBase.Address, XWingIdentity, RebelBaseIdentity, Node2, 0).ToString());
        Assert.Equal(
            "tunnel to 192.168.0.12 (vni identity 65793, encrypt key 3)",
            PacketPath.Tunneled(XWing.Address, RebelBase.Address, XWingIdentity, RebelBaseIdentity, Node2, 3).ToString());
        Assert.Equal(
            "direct route via 192.168.0.12",
            PacketPath.Routed(XWing.Address, RebelBase.Address, XWingIdentity, RebelBaseIdentity, Node2, 0).ToString());
        Assert.Equal(
            "delivered to pod default/rebel-base (endpoint 201, identity 131330)",
            PacketPath.Delivered(XWing.Address, XWingIdentity, RebelBase).ToString());
        Assert.Equal(
            "drop: no tunnel endpoint",
            PacketPath.Dropped(XWing.Address, RebelBase.Address, XWingIdentity, NumericIdentity.Unknown, DropReason.NoTunnelEndpoint).ToString());
    }

    [Fact]
    public void Every_drop_reason_has_its_own_description()
    {
        var descriptions = Enum.GetValues<DropReason>().Select(r => r.Describe()).ToList();

        Assert.Equal(descriptions.Count, descriptions.Distinct().Count());
        Assert.DoesNotContain(descriptions, d => Enum.TryParse<DropReason>(d, out _));
    }

    [Fact]
    public void Paths_with_equal_fields_are_equal()
    {
        var first = PacketPath.Tunneled(XWing.Address, RebelBase.Address, XWingIdentity, RebelBaseIdentity, Ip("192.168.0.12"), 0);
        var second = PacketPath.Tunneled(Ip("10.244.1.5"), Ip("10.244.2.7"), XWingIdentity, RebelBaseIdentity, Ip("192.168.0.12"), 0);

        Assert.Equal(first, second);
        Assert.NotEqual(first, PacketPath.Routed(XWing.Address, RebelBase.Address, XWingIdentity, RebelBaseIdentity, Node2, 0));
    }
}
