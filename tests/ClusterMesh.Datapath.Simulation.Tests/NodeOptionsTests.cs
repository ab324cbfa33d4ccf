using ClusterMesh.Abstractions.Datapath;
using static ClusterMesh.Datapath.Simulation.Tests.TestNodes;

namespace ClusterMesh.Datapath.Simulation.Tests;

public sealed class NodeOptionsTests
{
    [Theory]
    [InlineData(RoutingMode.Tunnel, "a", false)]
    [InlineData(RoutingMode.Tunnel, "b", false)]
    [InlineData(RoutingMode.Direct, "a", true)]
    [InlineData(RoutingMode.Direct, "b", true)]
    [InlineData(RoutingMode.Hybrid, "a", true)]
    [InlineData(RoutingMode.Hybrid, "b", false)]
    public void Direct_routes_follow_the_routing_mode_and_the_segment(RoutingMode mode, string remoteSegment, bool direct)
    {
        var local = Options("node-1", "192.168.0.11") with { RoutingMode = mode, Segment = "a" };
        var remote = Options("node-2", "192.168.0.12") with { Segment = remoteSegment };

        Assert.Equal(direct, local.RoutesDirectlyTo(remote));
    }

    [Fact]
    public void A_node_owns_the_addresses_of_every_pod_cidr()
    {
        var options = Options("node-1", "192.168.0.11", "10.244.1.0/24", "fd00:10:244:1::/64");

        Assert.True(options.OwnsPodAddress(Ip("10.244.1.255")));
        Assert.True(options.OwnsPodAddress(Ip("fd00:10:244:1::1")));
        Assert.False(options.OwnsPodAddress(Ip("10.244.2.1")));
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SimulatedDatapath(Options(" ", "192.168.0.11")));
        Assert.Throws<ArgumentException>(() => new SimulatedDatapath(Options("node-1", "192.168.0.11") with { Segment = "" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedDatapath(Options("node-1", "192.168.0.11") with { RoutingMode = (RoutingMode)9 }));
    }
}
