using System.Net;
using ClusterMesh.Abstractions.Datapath;
using static ClusterMesh.Datapath.Simulation.Tests.TestNodes;

namespace ClusterMesh.Datapath.Simulation.Tests;

/// <summary>Service translation in the packet walk: DNAT to a backend, connection affinity, reverse NAT of replies.</summary>
public sealed class LoadBalancingTests
{
    private static readonly IPAddress ClusterIp = Ip("10.96.0.10");
    private static readonly LbServiceKey Frontend = LbServiceKey.Of(ClusterIp, 80, "tcp");
    private static readonly LbBackendAddress Local = new(Ip("10.244.1.6"), 8080, "cluster1");
    private static readonly LbBackendAddress Remote = new(RebelBase.Address, 8080, "cluster2");

    private static L4Flow FromXWing(int port) => L4Flow.Of(XWing.Address, (ushort)port, ClusterIp, 80, "tcp");

    /// <summary>Slots 0..69 name the first backend, 70..99 the second: a 70/30 table.</summary>
    private static LbServiceEntry Entry(params LbBackendAddress[] backends) =>
        new(backends, [.. Enumerable.Range(0, 101).Select(s => backends.Length == 1 || s < 70 ? 0 : 1 + (s % (backends.Length - 1)))]);

    private static SimulatedMesh MeshWithService(LbServiceEntry entry)
    {
        var mesh = ThreeNodeMesh(RoutingMode.Tunnel);
        Assert.True(mesh.TryGetNode(Node1, out var node1));
        node1.Endpoints.Upsert(YWing);
        mesh.PublishEndpoints();
        node1.LoadBalancer.Upsert(Frontend, entry);
        return mesh;
    }

    [Fact]
    public void Connections_to_a_frontend_spread_over_the_backends_as_the_slots_say_and_reach_them()
    {
        var mesh = MeshWithService(Entry(Local, Remote));

        var traces = Enumerable.Range(20000, 1000).Select(p => mesh.Follow(FromXWing(p))).ToList();

        Assert.All(traces, t => Assert.True(t.Delivered, t.ToString()));
        var byCluster = traces.GroupBy(t => t.Hops[0].Path.Translation!.Backend.Cluster).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(byCluster["cluster1"], 640, 760);
        Assert.InRange(byCluster["cluster2"], 240, 360);
        Assert.All(traces.Where(t => t.Hops[0].Path.Translation!.Backend == Remote), t => Assert.Equal(RebelBase, t.Outcome.Endpoint));
        Assert.All(traces.Where(t => t.Hops[0].Path.Translation!.Backend == Local), t => Assert.Equal(YWing, t.Outcome.Endpoint));
        Assert.True(mesh.TryGetNode(Node1, out var node1));
        Assert.Equal(1000, node1.TrackedConnections);
    }

    [Fact]
    public void A_connection_keeps_its_backend_when_backends_are_added_and_moves_when_its_backend_leaves()
    {
        var node = Node1Alone(RoutingMode.Tunnel);
        node.LoadBalancer.Upsert(Frontend, Entry(Local));
        var flows = Enumerable.Range(30000, 200).Select(FromXWing).ToList();
        Assert.All(flows, f => Assert.Equal(Local, node.Walk(f).Translation!.Backend));

        node.LoadBalancer.Upsert(Frontend, Entry(Remote, Local));
        var again = flows.Select(f => node.Walk(f).Translation!).ToList();
        Assert.All(again, t => Assert.True(t.Established && t.Backend == Local));
        Assert.Contains(node.Walk(FromXWing(40000)).Translation!.Backend, new[] { Remote, Local });

        node.LoadBalancer.Upsert(Frontend, Entry(Remote));
        Assert.All(flows, f => Assert.Equal(Remote, node.Walk(f).Translation!.Backend));
    }

    [Fact]
    public void A_reply_is_reverse_nated_to_the_frontend_by_the_clients_node()
    {
        var mesh = MeshWithService(Entry(Remote));
        var flow = FromXWing(45000);
        var request = mesh.Follow(flow);
        Assert.Equal(RebelBase, request.Outcome.Endpoint);
        Assert.Equal(NatDirection.Dnat, request.Hops[0].Path.Translation!.Direction);

        var reply = mesh.Follow(L4Flow.Of(RebelBase.Address, 8080, XWing.Address, 45000));

        Assert.Equal(XWing, reply.Outcome.Endpoint);
        Assert.Equal(ClusterIp, reply.Outcome.Source);
        Assert.Equal(NatDirection.ReverseNat, reply.Outcome.Translation!.Direction);
        Assert.Equal(Frontend, reply.Outcome.Translation.Frontend);
        Assert.Equal("reverse nat 10.244.2.7:8080 → 10.96.0.10:80/TCP", reply.Outcome.Translation.ToString());

        var stranger = mesh.Follow(L4Flow.Of(RebelBase.Address, 8080, XWing.Address, 45001));
        Assert.Equal(RebelBase.Address, stranger.Outcome.Source);
        Assert.Null(stranger.Outcome.Translation);
    }

    [Fact]
    public void A_reply_from_a_backend_on_the_same_node_is_reverse_nated_at_delivery()
    {
        var mesh = MeshWithService(Entry(Local));
        Assert.True(mesh.TryGetNode(Node1, out var node1));
        Assert.Equal(YWing, node1.Walk(FromXWing(46000)).Endpoint);

        var reply = node1.Walk(L4Flow.Of(YWing.Address, 8080, XWing.Address, 46000));

        Assert.Equal(PathKind.LocalDelivery, reply.Kind);
        Assert.Equal(ClusterIp, reply.Source);
    }

    [Fact]
    public void A_frontend_without_backends_drops_and_other_ports_are_not_translated()
    {
        var node = Node1Alone(RoutingMode.Tunnel);
        node.LoadBalancer.Upsert(Frontend, new LbServiceEntry([], []));

        var dropped = node.Walk(FromXWing(1234));
        var otherPort = node.Walk(L4Flow.Of(XWing.Address, 1234, ClusterIp, 443));

        Assert.Equal(DropReason.NoServiceBackend, dropped.DropReason);
        Assert.Equal(1, node.Counters.DroppedFor(DropReason.NoServiceBackend));
        Assert.Null(otherPort.Translation);
        Assert.Equal(DropReason.DestinationUnknown, otherPort.DropReason);
        Assert.Equal(0, node.TrackedConnections);
    }

    [Fact]
    public void The_map_refuses_slots_naming_no_backend_and_normalises_the_protocol()
    {
        var node = Node1Alone(RoutingMode.Tunnel);
        Assert.Throws<ArgumentException>(() => node.LoadBalancer.Upsert(Frontend, new LbServiceEntry([Local], [0, 1])));

        node.LoadBalancer.Upsert(new LbServiceKey(ClusterIp, 80, "tcp"), Entry(Local));

        Assert.True(node.LoadBalancer.TryLookup(Frontend, out _));
        Assert.Equal(Frontend, Assert.Single(node.LoadBalancer.Dump()).Key);
        Assert.True(node.LoadBalancer.Delete(Frontend));
        Assert.Equal(0, node.LoadBalancer.Count);
    }

    [Fact]
    public void The_flow_hash_is_stable_and_depends_on_every_field()
    {
        var flow = FromXWing(50000);
        Assert.Equal(flow.Hash(), L4Flow.Of(XWing.Address, 50000, ClusterIp, 80, "TCP").Hash());
        Assert.Equal(5, new[]
        {
            flow with { SourcePort = 50001 }, flow with { DestinationPort = 81 }, flow with { Protocol = "UDP" },
            flow with { Source = YWing.Address }, flow with { Destination = Ip("10.96.0.11") },
        }.Select(f => f.Hash()).Where(h => h != flow.Hash()).Distinct().Count());
        Assert.Equal("10.244.1.5:50000 → 10.96.0.10:80/TCP", flow.ToString());
    }
}
