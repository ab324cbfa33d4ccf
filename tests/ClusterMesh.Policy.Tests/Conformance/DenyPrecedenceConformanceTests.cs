using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Crd;
using ClusterMesh.Policy.Engine;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Parsing;
using k8s;
using k8s.Models;

namespace ClusterMesh.Policy.Tests.Conformance;

/// <summary>
/// The deny.rst allow/deny table (every <c>cilium-deny-precedence/</c> file): ingress policies on the server,
/// traffic from the client to 81/TCP, 80/TCP and ICMP, looked up in the server's computed map. The doc gives no
/// YAML; the rule kinds below follow the file's <c>ruleKinds</c> reading (L7 = an HTTP rule on 80/TCP, the L4 deny
/// has no peer).
/// </summary>
public sealed class DenyPrecedenceConformanceTests
{
    private static readonly ClusterName Cluster = ClusterName.Parse("default");

    private static readonly Dictionary<string, string> RuleKinds = new(StringComparer.Ordinal)
    {
        ["allowL7"] = """{"ingress":[{"toPorts":[{"ports":[{"port":"80","protocol":"TCP"}],"rules":{"http":[{"method":"GET"}]}}]}]}""",
        ["allowL4_80"] = """{"ingress":[{"toPorts":[{"ports":[{"port":"80","protocol":"TCP"}]}]}]}""",
        ["allowL4_81"] = """{"ingress":[{"toPorts":[{"ports":[{"port":"81","protocol":"TCP"}]}]}]}""",
        ["allowL3"] = """{"ingress":[{"fromEndpoints":[{"matchLabels":{"app":"client"}}]}]}""",
        ["denyL4_80"] = """{"ingressDeny":[{"toPorts":[{"ports":[{"port":"80","protocol":"TCP"}]}]}]}""",
        ["denyL3"] = """{"ingressDeny":[{"fromEndpoints":[{"matchLabels":{"app":"client"}}]}]}""",
    };

    private static readonly Dictionary<string, (byte Protocol, ushort Port)> Probes = new(StringComparer.Ordinal)
    {
        ["tcp81"] = (6, 81),
        ["tcp80"] = (6, 80),
        ["icmpPing"] = (1, 0),
    };

    public static TheoryData<string, int, string> Cells()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var file in CiliumData.FilesWithSchema("cilium-deny-precedence/"))
        {
            foreach (var scenario in CiliumData.Load(file).GetProperty("scenarios").EnumerateArray())
            {
                foreach (var probe in scenario.GetProperty("expect").EnumerateObject())
                {
                    data.Add(file, scenario.GetProperty("id").GetInt32(), probe.Name);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_table_has_five_scenarios() => Assert.True(Cells().Count >= 15);

    [Theory]
    [MemberData(nameof(Cells))]
    public void Server_map_decides_as_the_doc_table(string file, int scenarioId, string probe)
    {
        var scenario = CiliumData.Load(file).GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == scenarioId);
        var engine = new PolicyEngine();
        var server = Pod("server", 1001);
        var client = Pod("client", 1002);
        engine.UpsertEndpoint(server);
        engine.UpsertEndpoint(client);
        foreach (var kind in scenario.GetProperty("allow").EnumerateArray().Concat(scenario.GetProperty("deny").EnumerateArray()).Select(k => k.GetString()!))
        {
            var cnp = new CiliumNetworkPolicy
            {
                Metadata = new V1ObjectMeta { Name = kind, NamespaceProperty = "default" },
                Spec = KubernetesJson.Deserialize<CiliumPolicyRule>(RuleKinds[kind]),
            };
            cnp.Spec.EndpointSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "server" } };
            engine.UpsertPolicy(Cluster, kind, PolicyParser.Parse(cnp));
        }

        var (protocol, port) = Probes[probe];
        var allowed = engine.GetEndpointPolicy(server.Name)!.Allows(PolicyMapDirection.Ingress, client.Identity, protocol, port);
        var expected = scenario.GetProperty("expect").GetProperty(probe).GetString() == "Allowed";
        Assert.True(expected == allowed, $"scenario {scenarioId} {probe}: expected {(expected ? "Allowed" : "Denied")}; map {string.Join("; ", engine.GetEndpointPolicy(server.Name)!.Dump())}");
    }

    private static PolicyEndpoint Pod(string app, uint identity) =>
        new($"default/{app}", Cluster, EndpointLabels.ForPod(new Dictionary<string, string> { ["app"] = app }, "default", null, Cluster), new NumericIdentity(identity + 65536));
}
