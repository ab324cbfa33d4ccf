using System.Text.Json.Nodes;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Services.Export;
using ClusterMesh.Services.Merge;
using ClusterMesh.Services.Model;
using ClusterMesh.Services.Tests.Support;

namespace ClusterMesh.Services.Tests.Merge;

/// <summary>
/// Cilium's documented global/shared flowchart and affinity walkthrough
/// (netpol-conformance/cilium/global-shared-services-doc.json), replayed through export → wire → merge.
/// </summary>
public sealed class GlobalSharedDocTableTests
{
    public static TheoryData<int> Cases() => [.. Enumerable.Range(0, Vectors.GlobalSharedServicesDoc()["cases"]!.AsArray().Count)];

    public static TheoryData<int> TutorialSteps() => [.. Enumerable.Range(0, Vectors.GlobalSharedServicesDoc()["tutorialSteps"]!.AsArray().Count)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Flowchart_case(int index)
    {
        var row = Vectors.GlobalSharedServicesDoc()["cases"]![index]!;
        var mesh = new TwoClusters(Annotations(row["c1"]!), Annotations(row["c2"]!));

        Assert.Equal(row["backendsUsedBy"]!["c1"]!.GetValue<string>(), Describe(mesh.UsedBy("c1")));
        Assert.Equal(row["backendsUsedBy"]!["c2"]!.GetValue<string>(), Describe(mesh.UsedBy("c2")));
    }

    [Theory]
    [MemberData(nameof(TutorialSteps))]
    public void Tutorial_step(int index)
    {
        var step = Vectors.GlobalSharedServicesDoc()["tutorialSteps"]![index]!;
        var c1 = new Dictionary<string, string> { [ServiceAnnotations.Global] = "true" };
        switch (step["state"]!.GetValue<string>())
        {
            case "both global, both shared (default)" or "cluster1 affinity annotation removed": break;
            case "cluster1 shared=false": c1[ServiceAnnotations.Shared] = "false"; break;
            case "cluster1 affinity=local": c1[ServiceAnnotations.Affinity] = "local"; break;
            case "cluster1 affinity=remote": c1[ServiceAnnotations.Affinity] = "remote"; break;
            case var other: Assert.Fail($"unmapped tutorial state '{other}'"); break;
        }

        var mesh = new TwoClusters(c1, new Dictionary<string, string> { [ServiceAnnotations.Global] = "true" });
        var from = step["from"]!.GetValue<string>() switch
        {
            "cluster1" => new[] { "c1" },
            "cluster2" => ["c2"],
            "cluster1 or cluster2" or "either" => ["c1", "c2"],
            var other => throw new InvalidOperationException($"unmapped origin '{other}'"),
        };
        var observed = step["observed"]!.GetValue<string>();
        string[] expected = observed switch
        {
            _ when observed.Contains("both clusters", StringComparison.Ordinal) => ["c1", "c2"],
            _ when observed.Contains("cluster 1 only", StringComparison.Ordinal) => ["c1"],
            _ when observed.Contains("cluster 2 only", StringComparison.Ordinal) || observed.Contains("only from cluster 2", StringComparison.Ordinal) => ["c2"],
            _ => throw new InvalidOperationException($"unmapped observation '{observed}'"),
        };

        foreach (var cluster in from)
        {
            Assert.Equal(expected, mesh.UsedBy(cluster));
        }
    }

    private static string Describe(IReadOnlyList<string> clusters) => clusters.Count > 1 ? "local+remote" : "local only";

    private static Dictionary<string, string> Annotations(JsonNode side)
    {
        var annotations = new Dictionary<string, string> { [ServiceAnnotations.Global] = side["global"]!.GetValue<bool>() ? "true" : "false" };
        if (side["shared"] is { } shared)
        {
            annotations[ServiceAnnotations.Shared] = shared.GetValue<bool>() ? "true" : "false";
        }

        return annotations;
    }

    /// <summary>rebel-base in two clusters, each export crossing the wire (encode, decode with the source's context).</summary>
    private sealed class TwoClusters
    {
        private readonly Dictionary<string, GlobalServiceMerger> _mergers = [];
        private readonly List<(string Cluster, string Key, Abstractions.Model.ClusterService Value)> _pending = [];

        public TwoClusters(Dictionary<string, string> c1, Dictionary<string, string> c2)
        {
            var sides = new[] { ("c1", 1, c1), ("c2", 2, c2) };
            foreach (var (name, id, annotations) in sides)
            {
                var exporter = new ServiceExporter(new ServiceExportOptions { ClusterName = name, ClusterId = id });
                var local = exporter.Read(
                    Build.Service("rebel-base", clusterIp: $"10.96.{id}.1", annotations: annotations),
                    [Build.Slice("rebel-base", endpoints: [Build.Endpoint($"10.{id}.0.1"), Build.Endpoint($"10.{id}.0.2")])]);
                _mergers[name] = new GlobalServiceMerger(name);
                _mergers[name].UpsertLocal(local);
                if (exporter.Export(local) is { } exported)
                {
                    var codecs = WireCodecs.For(WireValidationContext.Create(name, id));
                    var key = codecs.Services.KeyOf(exported);
                    var received = codecs.Services.Decode(key, codecs.Services.Encode(exported));
                    foreach (var (other, _, _) in sides.Where(s => s.Item1 != name))
                    {
                        _pending.Add((other, key, received));
                    }
                }
            }

            foreach (var (cluster, key, value) in _pending)
            {
                _mergers[cluster].OnUpsert(key, value);
            }
        }

        /// <summary>The clusters whose backends a client in <paramref name="cluster"/> reaches.</summary>
        public IReadOnlyList<string> UsedBy(string cluster)
        {
            Assert.True(_mergers[cluster].TryGet(new ServiceName("default", "rebel-base"), out var merged));
            return [.. merged.Backends.Where(b => b.Selected).Select(b => b.Cluster).Distinct().Order(StringComparer.Ordinal)];
        }
    }
}
