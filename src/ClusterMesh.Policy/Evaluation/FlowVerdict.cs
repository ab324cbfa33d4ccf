using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Evaluation;

/// <summary>Allowed or denied.</summary>
public enum Verdict
{
    /// <summary>The traffic passes.</summary>
    Allowed,

    /// <summary>The traffic is dropped.</summary>
    Denied,
}

/// <summary>Why a direction decided as it did.</summary>
public enum DecisionReason
{
    /// <summary>That side is not an endpoint of the mesh, so no policy of the mesh applies there.</summary>
    NotAnEndpoint,

    /// <summary>No policy puts the endpoint into default deny in this direction.</summary>
    NotEnforced,

    /// <summary>An allow rule matched (and no deny rule did).</summary>
    AllowedByRule,

    /// <summary>A deny rule matched; a deny beats any allow.</summary>
    DeniedByRule,

    /// <summary>The endpoint is in default deny in this direction and no rule allowed the traffic.</summary>
    DefaultDeny,
}

/// <summary>
/// The decision of one direction: egress at the source, ingress at the destination, with the rule and policy
/// that decided (<c>null</c> when no single rule did).
/// </summary>
/// <param name="Direction">Egress (at the source) or ingress (at the destination).</param>
/// <param name="Verdict">The decision.</param>
/// <param name="Reason">Why.</param>
/// <param name="Policy">The deciding policy (<c>Kind/namespace/name</c>), if any.</param>
/// <param name="Rule">The deciding rule's field path (<c>spec.ingress[0]</c>), if any.</param>
/// <param name="Explanation">One line a person can read.</param>
public sealed record DirectionVerdict(TrafficDirection Direction, Verdict Verdict, DecisionReason Reason, string? Policy, string? Rule, string Explanation);

/// <summary>A flow's verdict: allowed only when both egress at the source and ingress at the destination allow.</summary>
/// <param name="Egress">The decision at the source.</param>
/// <param name="Ingress">The decision at the destination.</param>
public sealed record FlowVerdict(DirectionVerdict Egress, DirectionVerdict Ingress)
{
    /// <summary>The combined verdict.</summary>
    public Verdict Verdict => Egress.Verdict == Verdict.Allowed && Ingress.Verdict == Verdict.Allowed ? Verdict.Allowed : Verdict.Denied;

    /// <inheritdoc />
    public override string ToString() => $"{Verdict.ToString().ToUpperInvariant()} (egress: {Egress.Explanation}; ingress: {Ingress.Explanation})";
}
