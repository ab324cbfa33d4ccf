namespace ClusterMesh.Policy.Evaluation;

/// <summary>Policy settings that change what selectors mean.</summary>
public sealed record PolicyOptions
{
    /// <summary>
    /// Cilium's <c>policy-default-local-cluster</c> (default true): a peer selector that names no
    /// <c>io.cilium.k8s.policy.cluster</c> selects only endpoints of the policy's own cluster.
    /// </summary>
    public bool PolicyDefaultLocalCluster { get; init; } = true;
}
