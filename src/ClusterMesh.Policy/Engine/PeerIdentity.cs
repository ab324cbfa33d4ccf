using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Identities;

namespace ClusterMesh.Policy.Engine;

/// <summary>
/// A security identity as the engine's selectors see it: its labels, the cluster it belongs to (none for reserved
/// and CIDR identities), the CIDR of a CIDR identity, and the addresses and named ports of the endpoints that have
/// it (NetworkPolicy ipBlock selects pods by address; egress named ports resolve on the peer).
/// </summary>
internal sealed record PeerIdentity(NumericIdentity Id, LabelSet Labels, ClusterName? Cluster, IpPrefix? Prefix)
{
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];

    public IReadOnlyList<EndpointPort> NamedPorts { get; init; } = [];

    /// <summary>A pod's identity: not reserved and not a CIDR.</summary>
    public bool IsWorkload => !Id.IsReserved && Prefix is null && !CidrIdentities.IsLocal(Id);

    public static PeerIdentity Reserved(NumericIdentity id) => new(id, ReservedIdentities.LabelsOf(id), null, null);

    public static PeerIdentity Cidr(NumericIdentity id, IpPrefix prefix) => new(id, CidrIdentities.LabelsOf(prefix), null, prefix);

    /// <summary>The cluster named by the identity's <c>io.cilium.k8s.policy.cluster</c> label, if any.</summary>
    public static ClusterName? ClusterOf(LabelSet labels) =>
        labels.ValueOf(Label.ClusterKey) is { Length: > 0 } name && ClusterName.TryParse(name, out var cluster) ? cluster : null;
}
