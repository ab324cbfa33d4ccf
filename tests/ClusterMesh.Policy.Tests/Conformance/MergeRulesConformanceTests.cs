using System.Text.Json;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Crd;
using ClusterMesh.Policy.Engine;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Parsing;
using k8s;
using k8s.Models;

namespace ClusterMesh.Policy.Tests.Conformance;

/// <summary>
/// Cilium's Test_MergeRules (every merge-rules file of the cilium/ folder): each case's rules, applied to endpoint
/// foo (identity 100) beside the placeholder empty ingress rule that puts foo into ingress default deny, must give
/// exactly the expected ingress policy-map entries. The egress allow-all is not compared (the upstream harness
/// deletes it too).
/// </summary>
public sealed class MergeRulesConformanceTests
{
    private static readonly ClusterName Cluster = ClusterName.Parse("default");

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in CiliumData.FilesWithSchema("cilium-distillery-mergerules/"))
        {
            foreach (var c in CiliumData.Load(file).GetProperty("cases").EnumerateArray())
            {
                data.Add(file, c.GetProperty("case").GetInt32());
            }
        }

        return data;
    }

    [Fact]
    public void The_table_has_256_cases() => Assert.True(Cases().Count >= 256);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Policy_map_entries_match_the_table(string file, int caseNumber)
    {
        var legend = CiliumData.Load(CiliumData.FilesWithSchema("cilium-distillery-mergerules-legend/").Single());
        var testCase = CiliumData.Load(file).GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("case").GetInt32() == caseNumber);
        var setup = legend.GetProperty("setup").GetProperty("endpointUnderTest");
        var foo = new PolicyEndpoint("foo", Cluster,
            LabelSet.From(setup.GetProperty("labels").EnumerateArray().Select(l => Label.Parse(l.GetString()!))),
            new NumericIdentity(setup.GetProperty("identity").GetUInt32()));

        var engine = new PolicyEngine(new PolicyOptions { PolicyDefaultLocalCluster = false });
        engine.UpsertEndpoint(foo);
        engine.UpsertPolicy(Cluster, "placeholder", PolicyParser.Parse(Ccnp("placeholder", """{"endpointSelector":{"matchLabels":{"any:foo":""}},"ingress":[{}]}""")));
        var applied = testCase.GetProperty("rulesApplied").EnumerateArray().Select(r => r.GetString()!).ToHashSet();
        foreach (var rule in legend.GetProperty("ruleBits").EnumerateObject().Where(r => r.Value.ValueKind == JsonValueKind.Object))
        {
            var name = rule.Value.GetProperty("name").GetString()!;
            if (applied.Contains(name))
            {
                engine.UpsertPolicy(Cluster, name, PolicyParser.Parse(Ccnp(name, rule.Value.GetProperty("spec").GetRawText())));
            }
        }

        var expected = testCase.GetProperty("expectedIngressEntries").EnumerateArray().Select(e =>
        {
            var key = e.GetProperty("key");
            var value = e.GetProperty("value");
            return Describe(
                new PolicyMapKey(new NumericIdentity(key.GetProperty("identity").GetUInt32()), PolicyMapDirection.Ingress,
                    key.GetProperty("nexthdr").GetByte(), key.GetProperty("dport").GetUInt16(), key.GetProperty("portPrefixLen").GetByte()),
                new PolicyMapValue(value.GetProperty("verdict").GetString() == "deny", value.GetProperty("proxyPortInTest").GetUInt16()));
        }).Order(StringComparer.Ordinal).ToArray();
        var actual = engine.GetEndpointPolicy("foo")!.Dump()
            .Where(e => e.Key.Direction == PolicyMapDirection.Ingress)
            .Select(e => Describe(e.Key, e.Value)).Order(StringComparer.Ordinal).ToArray();

        Assert.True(expected.SequenceEqual(actual),
            $"case {caseNumber} ({string.Join(",", applied)}): expected [{string.Join("; ", expected)}], got [{string.Join("; ", actual)}]");
    }

    private static string Describe(PolicyMapKey key, PolicyMapValue value) => $"{key} {value}";

    private static CiliumClusterwideNetworkPolicy Ccnp(string name, string spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = KubernetesJson.Deserialize<CiliumPolicyRule>(spec),
    };
}
