namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// One security identity as stored under <c>cilium/state/identities/v1/id/&lt;id&gt;</c>: its number and its labels
/// (the value is the labels' kvstore form, <c>k8s:a=b;k8s:c=d;</c>).
/// </summary>
/// <param name="Id">The numeric identity.</param>
/// <param name="Labels">The identity's labels.</param>
public sealed record IdentityEntry(NumericIdentity Id, LabelSet Labels);
