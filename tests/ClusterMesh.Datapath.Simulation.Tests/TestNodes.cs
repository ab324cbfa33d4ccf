using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Simulation.Tests;

/// <summary>Nodes and pods of the tests: x-wing on node-1 (cluster 1), rebel-base on node-2 (cluster 2), tie-fighter on node-3.</summary>
internal static class TestNodes
{
    public static readonly NumericIdentity XWingIdentity = new((1u << 16) | 257); // 65793
    public static readonly NumericIdentity RebelBaseIdentity = new((2u << 16) | 258);
    public static readonly NumericIdentity TieFighterIdentity = new((3u << 16) | 259);

    public static readonly IPAddress Node1 = Ip("192.168.0.11");
    public static readonly IPAddress Node2 = Ip("192.168.0.12");
    public static readonly IPAddress Node3 = Ip("192.168.1.13");

    public static readonly LocalEndpoint XWing = new(Ip("10.244.1.5"), 101, XWingIdentity, "default", "x-wing");
    public static readonly LocalEndpoint YWing = new(Ip("10.244.1.6"), 102, XWingIdentity, "default", "y-wing");
    public static readonly LocalEndpoint RebelBase = new(Ip("10.244.2.7"), 201, RebelBaseIdentity, "default", "rebel-base");
    public static readonly LocalEndpoint TieFighter = new(Ip("10.244.3.9"), 301, TieFighterIdentity, "empire", "tie-fighter");

    public static IPAddress Ip(string text) => IPAddress.Parse(text);

    public static IpPrefix Cidr(string text) => IpPrefix.Parse(text);

    public static SimulatedNodeOptions Options(string name, string address, params string[] podCidrs) => new()
    {
        NodeName = name,
        NodeAddress = Ip(address),
        PodCidrs = [.. podCidrs.Select(Cidr)],
    };

    /// <summary>node-1 alone, in <paramref name="mode"/>, hosting x-wing and y-wing.</summary>
    public static SimulatedDatapath Node1Alone(RoutingMode mode)
    {
        var node = new SimulatedDatapath(Options("node-1", "192.168.0.11", "10.244.1.0/24", "fd00:10:244:1::/64") with { RoutingMode = mode });
        node.Endpoints.Upsert(XWing);
        node.Endpoints.Upsert(YWing);
        return node;
    }

    /// <summary>Three nodes in <paramref name="mode"/>: node-1 and node-2 on segment "a", node-3 on "b"; routes and ipcache programmed.</summary>
    public static SimulatedMesh ThreeNodeMesh(RoutingMode mode)
    {
        var mesh = new SimulatedMesh();
        mesh.AddNode(Options("node-1", "192.168.0.11", "10.244.1.0/24", "fd00:10:244:1::/64") with { RoutingMode = mode, Segment = "a" })
            .Endpoints.Upsert(XWing);
        mesh.AddNode(Options("node-2", "192.168.0.12", "10.244.2.0/24") with { RoutingMode = mode, Segment = "a" })
            .Endpoints.Upsert(RebelBase);
        mesh.AddNode(Options("node-3", "192.168.1.13", "10.244.3.0/24") with { RoutingMode = mode, Segment = "b", EncryptKey = 4 })
            .Endpoints.Upsert(TieFighter);
        mesh.InstallNodeRoutes();
        mesh.PublishEndpoints();
        return mesh;
    }
}
