using ClusterMesh.Policy.Evaluation;

namespace ClusterMesh.Agent.PolicyTrace;

/// <summary>
/// Compares the engine's verdict with the reference evaluator's: per direction the verdict and the reason must agree
/// (the deciding rule may differ when several rules decide alike: the engine names the entry's, the reference its
/// first match).
/// </summary>
internal static class ReferenceCheck
{
    /// <summary>One line per direction where the two disagree; empty when they agree.</summary>
    public static IReadOnlyList<string> Mismatches(FlowVerdict engine, FlowVerdict reference)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(reference);
        var problems = new List<string>();
        foreach (var (name, actual, expected) in new[] { ("egress", engine.Egress, reference.Egress), ("ingress", engine.Ingress, reference.Ingress) })
        {
            if (actual.Verdict != expected.Verdict || actual.Reason != expected.Reason)
            {
                problems.Add($"{name}: engine {TraceReport.Word(actual.Verdict)} ({actual.Reason}) but reference {TraceReport.Word(expected.Verdict)} ({expected.Reason}): {expected.Explanation}");
            }
        }

        return problems;
    }
}
