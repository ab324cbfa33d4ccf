using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Simulation.Policy;
using ClusterMesh.Policy.Engine;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Parsing;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Datapath.Simulation.Tests.Policy;

/// <summary>
/// The starwars sample's allow-cross-cluster policy, computed by the policy engine and enforced by the simulated
/// datapath: x-wing in cluster1 reaches rebel-base in cluster2, not rebel-base in cluster1.
/// </summary>
public sealed class StarwarsPolicyEnforcementTests
{
    private static readonly ClusterName Cluster1 = ClusterName.Parse("cluster1");
    private static readonly ClusterName Cluster2 = ClusterName.Parse("cluster2");

    private readonly SimulatedMesh _mesh = new();
    private readonly PolicyEngine _engine = new();
    private readonly Dictionary<string, (SimulatedDatapath Node, LocalEndpoint Endpoint)> _pods = new(StringComparer.Ordinal);

    public StarwarsPolicyEnforcementTests()
    {
        var c1 = _mesh.AddNode(new SimulatedNodeOptions { NodeName = "cluster1-node1", NodeAddress = IPAddress.Parse("192.168.1.11"), PodCidrs = [IpPrefix.Parse("10.1.1.0/24")] });
        var c2 = _mesh.AddNode(new SimulatedNodeOptions { NodeName = "cluster2-node1", NodeAddress = IPAddress.Parse("192.168.2.11"), PodCidrs = [IpPrefix.Parse("10.2.1.0/24")] });
        Pod(c1, Cluster1, "x-wing", "10.1.1.10", 101, 1);
        Pod(c1, Cluster1, "rebel-base", "10.1.1.20", 102, 2);
        Pod(c2, Cluster2, "rebel-base", "10.2.1.20", 201, 1);
        _mesh.InstallNodeRoutes();
        _mesh.PublishEndpoints();

        var yaml = File.ReadAllText(Path.Combine(RepoPaths.Samples, "starwars", "cluster1", "allow-cross-cluster.yaml"));
        var loaded = PolicyParser.LoadYaml(yaml);
        Assert.Empty(loaded.Errors);
        _engine.UpsertPolicy(Cluster1, "allow-cross-cluster", loaded.Policies);
        foreach (var (name, (node, endpoint)) in _pods)
        {
            node.PolicyMaps.Replace(endpoint.EndpointId, _engine.GetEndpointPolicy(name)!.Dump());
        }
    }

    [Fact]
    public void XWing_in_cluster1_reaches_rebel_base_in_cluster2()
    {
        var trace = _mesh.Follow(Address("cluster1/x-wing"), Address("cluster2/rebel-base"), PacketL4.Tcp(40000, 80));

        Assert.True(trace.Delivered, trace.ToString());
        Assert.Equal("cluster2-node1", trace.DeliveredBy!.NodeName);
    }

    [Fact]
    public void XWing_in_cluster1_is_denied_rebel_base_in_cluster1()
    {
        var trace = _mesh.Follow(Address("cluster1/x-wing"), Address("cluster1/rebel-base"), PacketL4.Tcp(40000, 80));

        Assert.Equal(DropReason.PolicyDenied, trace.Outcome.DropReason);
        Assert.Contains("egress", trace.Outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebel_base_answers_x_wing_and_may_open_connections_of_its_own()
    {
        _mesh.Follow(Address("cluster1/x-wing"), Address("cluster2/rebel-base"), PacketL4.Tcp(40000, 80));

        Assert.True(_mesh.Follow(Address("cluster2/rebel-base"), Address("cluster1/x-wing"), PacketL4.Tcp(80, 40000)).Delivered);
        Assert.True(_mesh.Follow(Address("cluster1/rebel-base"), Address("cluster1/x-wing"), PacketL4.Tcp(40002, 80)).Delivered);
    }

    private IPAddress Address(string pod) => _pods[pod].Endpoint.Address;

    private void Pod(SimulatedDatapath node, ClusterName cluster, string name, string ip, int endpointId, uint localId)
    {
        var labels = EndpointLabels.ForPod(new Dictionary<string, string> { ["name"] = name, ["org"] = "alliance" }, "default", null, cluster);
        var identity = NumericIdentity.Create(new ClusterId(cluster == Cluster1 ? 1 : 2), NumericIdentity.MinimalAllocationIdentity + localId);
        var endpoint = new LocalEndpoint(IPAddress.Parse(ip), endpointId, identity, "default", name);
        node.Endpoints.Upsert(endpoint);
        var key = $"{cluster}/{name}";
        _pods[key] = (node, endpoint);
        _engine.UpsertEndpoint(new PolicyEndpoint(key, cluster, labels, identity) { Addresses = [endpoint.Address] });
    }
}
