using System.Collections.Immutable;

namespace ClusterMesh.Policy.Model;

/// <summary>
/// A parsed, validated, immutable policy: whom it selects, which directions it puts into default deny and its
/// allow and deny rules. Built by <see cref="Parsing.PolicyParser"/>; a policy acts in the cluster that holds it.
/// </summary>
public sealed class Policy
{
    internal Policy(
        PolicyKind kind,
        string name,
        string? ns,
        LabelSelector subject,
        bool selectsNodes,
        bool enforcesIngress,
        bool enforcesEgress,
        ImmutableArray<PolicyRule> rules)
    {
        Kind = kind;
        Name = name;
        Namespace = ns;
        Subject = subject;
        SelectsNodes = selectsNodes;
        EnforcesIngress = enforcesIngress;
        EnforcesEgress = enforcesEgress;
        Rules = rules;
    }

    /// <summary>Where the policy came from.</summary>
    public PolicyKind Kind { get; }

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>The policy's namespace; <c>null</c> for a cluster-wide policy.</summary>
    public string? Namespace { get; }

    /// <summary><c>Kind/namespace/name</c>, as traces name the policy.</summary>
    public string QualifiedName => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    /// <summary>The endpoints (or, with <see cref="SelectsNodes"/>, the nodes) the policy applies to.</summary>
    internal LabelSelector Subject { get; }

    /// <summary>A cluster-wide policy with a nodeSelector applies to host endpoints only.</summary>
    internal bool SelectsNodes { get; }

    /// <summary>Whether selecting an endpoint turns on ingress default deny for it.</summary>
    internal bool EnforcesIngress { get; }

    /// <summary>Whether selecting an endpoint turns on egress default deny for it.</summary>
    internal bool EnforcesEgress { get; }

    internal ImmutableArray<PolicyRule> Rules { get; }

    internal bool Enforces(TrafficDirection direction) =>
        direction == TrafficDirection.Ingress ? EnforcesIngress : EnforcesEgress;

    /// <inheritdoc />
    public override string ToString() => QualifiedName;
}
