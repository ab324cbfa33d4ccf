using System.Text.Json;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Crd;
using ClusterMesh.Policy.Engine;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Parsing;
using ClusterMesh.Testing.Support;
using k8s;
using k8s.Models;

namespace ClusterMesh.Policy.Tests.Conformance;

/// <summary>
/// Cilium's NetworkPolicy flow verdicts (pkg/k8s/network_policy_test.go, 75 flows) and the documented cross-cluster
/// CNP verdicts, against the reference evaluator.
/// </summary>
public sealed class CiliumVerdictTests
{
    private static readonly ClusterName Cluster = ClusterName.Parse("default");

    private static string Folder => Path.Combine(RepoPaths.Shared, "reference", "netpol-conformance", "cilium");

    public static TheoryData<string, int> NetworkPolicyFlows()
    {
        var data = new TheoryData<string, int>();
        foreach (var c in Load("k8s-networkpolicy-verdicts.json").GetProperty("cases").EnumerateArray())
        {
            var flows = c.GetProperty("flows").GetArrayLength();
            for (var f = 0; f < flows; f++)
            {
                data.Add(c.GetProperty("id").GetString()!, f);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NetworkPolicyFlows))]
    public void NetworkPolicy_flow_verdict_matches_cilium(string caseId, int flowIndex)
    {
        var root = Load("k8s-networkpolicy-verdicts.json");
        var testCase = root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("id").GetString() == caseId);
        var identities = root.GetProperty("identitySets").GetProperty(testCase.GetProperty("identitySet").GetString()!)
            .EnumerateObject()
            .ToDictionary(
                p => p.Name,
                p => new PolicyEndpoint(p.Name, Cluster,
                    LabelSet.From(p.Value.GetProperty("labels").EnumerateArray().Select(l => Label.Parse(l.GetString()!))),
                    new NumericIdentity(p.Value.GetProperty("id").GetUInt32())));

        // Parsed with PolicyAnyCluster upstream: identities carry no cluster label, so selectors are not cluster-scoped.
        var policies = testCase.GetProperty("policies").EnumerateArray()
            .Select(p => PolicyParser.Parse(KubernetesJson.Deserialize<V1NetworkPolicy>(p.GetProperty("object").GetRawText())))
            .ToArray();
        var evaluator = new ReferenceEvaluator(
            new Dictionary<ClusterName, IReadOnlyList<Model.Policy>> { [Cluster] = policies },
            identities.Values,
            new PolicyOptions { PolicyDefaultLocalCluster = false });

        var flow = testCase.GetProperty("flows")[flowIndex];
        var verdict = evaluator.Evaluate(Flow.Between(
            identities[flow.GetProperty("from").GetString()!],
            identities[flow.GetProperty("to").GetString()!],
            flow.GetProperty("port").GetInt32(),
            KubernetesTruthTable.Protocol(flow.GetProperty("proto").GetString()!)));

        var engine = new PolicyEngine(new PolicyOptions { PolicyDefaultLocalCluster = false });
        foreach (var identity in identities.Values)
        {
            engine.UpsertEndpoint(identity);
        }

        // Added, not replaced by name (as upstream, see the note on example-4): one key per policy object.
        for (var p = 0; p < policies.Length; p++)
        {
            engine.UpsertPolicy(Cluster, $"policy-{p}", [policies[p]]);
        }

        var fromEngine = engine.Evaluate(Flow.Between(
            identities[flow.GetProperty("from").GetString()!],
            identities[flow.GetProperty("to").GetString()!],
            flow.GetProperty("port").GetInt32(),
            KubernetesTruthTable.Protocol(flow.GetProperty("proto").GetString()!)));

        var expected = flow.GetProperty("expected").GetString() == "allowed" ? Verdict.Allowed : Verdict.Denied;
        Assert.True(expected == verdict.Verdict, $"{caseId} flow {flowIndex}: expected {expected}, got {verdict}");
        Assert.True(expected == fromEngine.Verdict, $"{caseId} flow {flowIndex}: expected {expected}, engine got {fromEngine}");
    }

    [Theory]
    [InlineData(null, "rebel-base@cluster2", Verdict.Allowed)]
    [InlineData(null, "rebel-base@cluster1", Verdict.Denied)]
    [InlineData(true, "rebel-base@cluster1", Verdict.Allowed)]
    [InlineData(true, "rebel-base@cluster2", Verdict.Denied)]
    [InlineData(false, "rebel-base@cluster1", Verdict.Allowed)]
    [InlineData(false, "rebel-base@cluster2", Verdict.Allowed)]
    public void Cross_cluster_policy_follows_the_cluster_label(bool? defaultLocalCluster, string destination, Verdict expected)
    {
        // null: the documented allow-cross-cluster policy as is; true/false: its variant without a cluster label.
        var root = Load("crosscluster-policy-derived.json");
        var endpoints = root.GetProperty("identityLabels").EnumerateObject().Select((p, i) =>
        {
            var labels = LabelSet.From(p.Value.EnumerateArray().Select(l => Label.Parse(l.GetString()!)));
            var cluster = ClusterName.Parse(labels.ValueOf(Label.ClusterKey)!);
            return new PolicyEndpoint(p.Name, cluster, labels, new NumericIdentity((uint)(70000 + i)));
        }).ToDictionary(e => e.Name);

        var policyJson = root.GetProperty("policy");
        var cnp = KubernetesJson.Deserialize<CiliumNetworkPolicy>(policyJson.GetRawText());
        if (defaultLocalCluster is not null)
        {
            cnp = KubernetesJson.Deserialize<CiliumNetworkPolicy>(policyJson.GetRawText());
            cnp.Spec.Egress = KubernetesJson.Deserialize<List<CiliumEgressRule>>(
                root.GetProperty("variant_policyDefaultLocalCluster").GetProperty("policyWithoutClusterLabel").GetProperty("egress").GetRawText());
        }

        var evaluator = new ReferenceEvaluator(
            new Dictionary<ClusterName, IReadOnlyList<Model.Policy>> { [ClusterName.Parse("cluster1")] = PolicyParser.Parse(cnp) },
            endpoints.Values,
            new PolicyOptions { PolicyDefaultLocalCluster = defaultLocalCluster ?? true });

        var verdict = evaluator.Evaluate(Flow.Between(endpoints["x-wing@cluster1"], endpoints[destination], 80, Model.L4Protocol.Tcp));
        var engine = new PolicyEngine(new PolicyOptions { PolicyDefaultLocalCluster = defaultLocalCluster ?? true });
        foreach (var endpoint in endpoints.Values)
        {
            engine.UpsertEndpoint(endpoint);
        }

        engine.UpsertPolicy(ClusterName.Parse("cluster1"), "allow-cross-cluster", PolicyParser.Parse(cnp));
        var fromEngine = engine.Evaluate(Flow.Between(endpoints["x-wing@cluster1"], endpoints[destination], 80, Model.L4Protocol.Tcp));

        Assert.Equal(expected, verdict.Egress.Verdict);
        Assert.Equal(expected, fromEngine.Egress.Verdict);
    }

    private static JsonElement Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file)));
        return doc.RootElement.Clone();
    }
}
