using ClusterMesh.Policy.Engine;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Tests.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Policy.Tests.Engine;

/// <summary>The engine's verdicts from its computed maps agree with the naive reference evaluator.</summary>
public sealed class EngineDifferentialProperties
{
    [Property(MaxTest = 150)]
    public Property Engine_and_reference_agree_on_every_flow(int seed)
    {
        var mesh = new RandomMesh(seed);
        var reference = mesh.Evaluator();
        var engine = Build(mesh);
        var mismatches = mesh.Flows()
            .Select(f => (Flow: f, Expected: reference.Evaluate(f), Actual: engine.Evaluate(f)))
            .Where(x => !Same(x.Expected.Egress, x.Actual.Egress) || !Same(x.Expected.Ingress, x.Actual.Ingress))
            .Select(x => $"{x.Flow}: reference {x.Expected}, engine {x.Actual}")
            .ToList();

        return (mismatches.Count == 0).Label(string.Join(Environment.NewLine, mismatches.Take(3)) + Environment.NewLine + mesh.Describe());
    }

    internal static PolicyEngine Build(RandomMesh mesh)
    {
        var engine = new PolicyEngine();
        foreach (var endpoint in mesh.Endpoints)
        {
            engine.UpsertEndpoint(endpoint);
        }

        foreach (var (cluster, policies) in mesh.Policies)
        {
            foreach (var policy in policies)
            {
                engine.UpsertPolicy(cluster, policy);
            }
        }

        return engine;
    }

    private static bool Same(DirectionVerdict expected, DirectionVerdict actual) =>
        expected.Verdict == actual.Verdict && expected.Reason == actual.Reason;
}
