using System.Text.Json;
using ClusterMesh.Policy.Engine;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Parsing;

namespace ClusterMesh.Policy.Tests.Conformance;

/// <summary>
/// Every truth table of netpol-conformance/kubernetes, discovered from the folder, step by step and probe by probe
/// against the reference evaluator and against the engine's computed maps (its policies applied step after step,
/// so updates run incrementally). Loopback cells (null) are ignored, as upstream does.
/// </summary>
public sealed class KubernetesConformanceTests
{
    public static TheoryData<string, int, int> Probes()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var file in KubernetesTruthTable.Files())
        {
            var steps = KubernetesTruthTable.Load(file).Steps();
            for (var s = 0; s < steps.Count; s++)
            {
                for (var p = 0; p < steps[s].Probes.Count; p++)
                {
                    data.Add(file, s, p);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_folder_holds_the_expected_truth_tables()
    {
        Assert.True(KubernetesTruthTable.Files().Count() >= 36, $"expected at least 36 files in {KubernetesTruthTable.Folder}");
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public void Probe_matches_the_truth_table(string file, int step, int probe)
    {
        var table = KubernetesTruthTable.Load(file);
        var endpoints = table.Endpoints();
        var steps = table.Steps();
        var policies = new Dictionary<string, Model.Policy>(StringComparer.Ordinal);
        var engine = new PolicyEngine();
        foreach (var endpoint in endpoints.Values)
        {
            engine.UpsertEndpoint(endpoint);
        }

        for (var s = 0; s <= step; s++)
        {
            // apply adds, update replaces the same-named policy: both are keyed by namespace/name.
            foreach (var np in steps[s].Policies)
            {
                var parsed = PolicyParser.Parse(np);
                policies[$"{parsed.Namespace}/{parsed.Name}"] = parsed;
                engine.UpsertPolicy(KubernetesTruthTable.Cluster, $"{parsed.Namespace}/{parsed.Name}", [parsed]);
            }
        }

        var evaluator = new ReferenceEvaluator(
            new Dictionary<Abstractions.Model.ClusterName, IReadOnlyList<Model.Policy>> { [KubernetesTruthTable.Cluster] = policies.Values.ToArray() },
            endpoints.Values);
        var cell = steps[step].Probes[probe];
        var protocol = KubernetesTruthTable.Protocol(cell.GetProperty("protocol").GetString()!);
        var port = cell.GetProperty("port").GetInt32();
        var mismatches = new List<string>();
        foreach (var (from, to, expected) in Cells(cell))
        {
            var flow = Flow.Between(endpoints[from], endpoints[to], port, protocol);
            foreach (var (who, verdict) in new[] { ("reference", evaluator.Evaluate(flow)), ("engine", engine.Evaluate(flow)) })
            {
                if ((verdict.Verdict == Verdict.Allowed) != expected)
                {
                    mismatches.Add($"{who}: {from} -> {to} {port}/{protocol}: expected {(expected ? "allowed" : "denied")}, got {verdict}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private static IEnumerable<(string From, string To, bool Expected)> Cells(JsonElement probe)
    {
        var expected = probe.GetProperty("expected");
        if (expected.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            yield return (probe.GetProperty("from").GetString()!, probe.GetProperty("to").GetString()!, expected.GetBoolean());
            yield break;
        }

        foreach (var row in expected.EnumerateObject())
        {
            foreach (var cell in row.Value.EnumerateObject())
            {
                if (cell.Value.ValueKind != JsonValueKind.Null)
                {
                    yield return (row.Name, cell.Name, cell.Value.GetBoolean());
                }
            }
        }
    }
}
