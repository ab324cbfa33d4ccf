using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Agent.PolicyTrace;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Agent.Tests.PolicyTrace;

/// <summary>
/// The engine-based trace against the reference evaluator, for every ordered pod pair and a few ports of a manifests
/// directory: same verdict and reason in each direction, and the reported map entry agrees with the decision.
/// </summary>
public sealed class EngineReferenceAgreementTests
{
    private static readonly (int Port, L4Protocol Protocol)[] Ports =
        [(80, L4Protocol.Tcp), (85, L4Protocol.Tcp), (8080, L4Protocol.Tcp), (53, L4Protocol.Udp), (443, L4Protocol.Tcp)];

    [Fact]
    public void Engine_agrees_with_the_reference_on_every_pod_pair_of_the_starwars_sample()
    {
        var counts = AssertAgreement(EmpireManifests.StarWars, expectedPods: 6);

        Assert.True(counts.Allowed > 0 && counts.Denied > 0, $"{counts}");
    }

    [Fact]
    public void Engine_agrees_with_the_reference_on_network_policies_with_ipblock_namespace_selectors_and_named_ports()
    {
        using var dir = EmpireManifests.Write();

        var counts = AssertAgreement(dir.Path, expectedPods: 8);

        Assert.True(counts.Allowed > 0 && counts.Denied > 0 && counts.ByRule > 0, $"{counts}");
    }

    [Theory]
    [InlineData("cluster1/empire/tie-fighter", "cluster1/empire/death-star", 8080, "UDP", false)] // http-alt is TCP
    [InlineData("cluster1/empire/tie-fighter", "cluster1/empire/death-star", 8080, "TCP", true)] // named port both ways
    [InlineData("cluster1/empire/tie-fighter", "cluster1/empire/death-star", 53, "UDP", true)] // egress named port to anyone
    [InlineData("cluster1/default/rebel-base-1", "cluster1/empire/death-star", 8080, "TCP", false)] // not from an empire namespace
    [InlineData("cluster1/empire/tie-fighter", "cluster1/default/rebel-base-1", 80, "TCP", false)] // ipBlock except
    [InlineData("cluster1/default/rebel-base-2", "cluster1/default/rebel-base-1", 80, "TCP", true)] // ipBlock
    [InlineData("cluster2/default/x-wing", "cluster2/default/rebel-base-1", 85, "TCP", true)] // endPort
    [InlineData("cluster2/default/x-wing", "cluster2/default/rebel-base-1", 91, "TCP", false)]
    [InlineData("cluster1/default/x-wing", "cluster2/default/rebel-base-2", 80, "TCP", false)] // namespaceSelector is local
    public void The_network_policies_decide_as_written(string source, string destination, int port, string protocol, bool allowed)
    {
        using var dir = EmpireManifests.Write();
        var world = ManifestPolicyWorld.Load(ManifestDirectory.LoadMesh(dir.Path));
        Assert.Empty(world.Rejected);
        Assert.True(world.TryFind(source, out var from));
        Assert.True(world.TryFind(destination, out var to));

        var verdict = world.Decide(from, to, port, ManifestPolicyWorld.ProtocolOf(protocol));

        Assert.True(allowed == (verdict.Verdict == Verdict.Allowed), verdict.ToString());
    }

    private static Counts AssertAgreement(string directory, int expectedPods)
    {
        var world = ManifestPolicyWorld.Load(ManifestDirectory.LoadMesh(directory));
        Assert.Empty(world.Rejected);
        var pods = world.Endpoints.ToArray();
        Assert.Equal(expectedPods, pods.Length);
        var counts = new Counts();
        var problems = new List<string>();
        foreach (var source in pods)
        {
            foreach (var destination in pods)
            {
                foreach (var (port, protocol) in Ports)
                {
                    var trace = world.Trace(source, destination, port, protocol);
                    var flow = $"{source.Name} -> {destination.Name} {port}/{protocol}";
                    problems.AddRange(ReferenceCheck.Mismatches(trace.Verdict, world.Reference(source, destination, port, protocol)).Select(m => $"{flow}: {m}"));
                    problems.AddRange(EntryProblems(trace).Select(m => $"{flow}: {m}"));
                    counts.Add(trace.Verdict);
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Take(10)));
        return counts;
    }

    /// <summary>The entry shown must be the decision: an allow entry for an allowed direction, none or a deny otherwise.</summary>
    private static IEnumerable<string> EntryProblems(EngineTrace trace)
    {
        foreach (var (direction, verdict, entry) in new[]
        {
            (PolicyMapDirection.Egress, trace.Verdict.Egress, trace.EgressEntry),
            (PolicyMapDirection.Ingress, trace.Verdict.Ingress, trace.IngressEntry),
        })
        {
            var allowedByEntry = entry is { Value.Deny: false };
            if (allowedByEntry != (verdict.Verdict == Verdict.Allowed) || (entry is not null && entry.Key.Direction != direction))
            {
                yield return $"{direction} decided {verdict.Verdict} but the entry is {entry?.ToString() ?? "none"}";
            }
        }
    }

    private sealed record Counts
    {
        public int Allowed { get; private set; }

        public int Denied { get; private set; }

        public int ByRule { get; private set; }

        public void Add(FlowVerdict verdict)
        {
            if (verdict.Verdict == Verdict.Allowed)
            {
                Allowed++;
            }
            else
            {
                Denied++;
            }

            ByRule += new[] { verdict.Egress, verdict.Ingress }.Count(d => d.Reason is DecisionReason.AllowedByRule or DecisionReason.DeniedByRule);
        }
    }
}
