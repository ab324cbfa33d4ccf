using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Evaluation;

/// <summary>The other side of a rule, resolved: an endpoint of the mesh, a reserved identity, or the world.</summary>
internal sealed record ResolvedPeer(PolicyEndpoint? Endpoint, IPAddress? Address, LabelSet Labels, NumericIdentity Identity)
{
    public static ResolvedPeer World(IPAddress? address) =>
        new(null, address, ReservedIdentities.LabelsOf(NumericIdentity.World), NumericIdentity.World);

    public override string ToString() => Endpoint?.Name ?? Address?.ToString() ?? "world";
}

/// <summary>A direct reading of what a rule's peers and ports select.</summary>
internal static class RuleMatcher
{
    // Cilium's `cluster` entity: the local cluster's endpoints plus these reserved identities.
    private static readonly HashSet<NumericIdentity> ClusterReserved =
    [
        NumericIdentity.Host, NumericIdentity.RemoteNode, NumericIdentity.Init, NumericIdentity.Health,
        NumericIdentity.Unmanaged, NumericIdentity.Ingress,
    ];

    public static bool PeerMatches(Peer rulePeer, ResolvedPeer peer, ClusterName policyCluster, PolicyOptions options) => rulePeer switch
    {
        AnyPeer => true,
        SelectorPeer s => s.Selector.Matches(peer.Labels) && InScope(s.Selector, peer, policyCluster, options),
        EntityPeer e => EntityMatches(e.Entity, peer, policyCluster),
        CidrPeer c => peer.Address is not null && (c.SelectsEndpoints || peer.Endpoint is null) && c.Contains(peer.Address),
        _ => false,
    };

    public static bool PortMatches(PortMatch match, int port, L4Protocol protocol, PolicyEndpoint? destination)
    {
        if (match.Protocol != L4Protocol.Any && match.Protocol != protocol)
        {
            return false;
        }

        if (match.Name is not null)
        {
            // A named port is resolved on the receiving endpoint: its container port of that name and protocol.
            return destination is not null && destination.NamedPorts.Any(p =>
                p.Name == match.Name && p.Port == port && (match.Protocol == L4Protocol.Any || p.Protocol == protocol));
        }

        return match.Port == 0 || (port >= match.Port && port <= Math.Max(match.Port, match.EndPort));
    }

    public static bool RuleMatches(PolicyRule rule, ResolvedPeer peer, int port, L4Protocol protocol, PolicyEndpoint? destination, ClusterName policyCluster, PolicyOptions options) =>
        rule.Peers.Any(p => PeerMatches(p, peer, policyCluster, options))
        && (rule.Ports.IsEmpty || rule.Ports.Any(p => PortMatches(p, port, protocol, destination)));

    private static bool InScope(LabelSelector selector, ResolvedPeer peer, ClusterName policyCluster, PolicyOptions options)
    {
        if (!options.PolicyDefaultLocalCluster || selector.Mentions(Label.ClusterKey) || selector.SelectsReserved)
        {
            return true;
        }

        return peer.Endpoint is not null && peer.Endpoint.Cluster == policyCluster;
    }

    private static bool EntityMatches(PolicyEntity entity, ResolvedPeer peer, ClusterName policyCluster) => entity switch
    {
        PolicyEntity.All => true,
        PolicyEntity.World => peer.Endpoint is null || peer.Identity == NumericIdentity.World || CidrIdentities.IsLocal(peer.Identity),
        PolicyEntity.Cluster => ClusterReserved.Contains(peer.Identity) || (IsWorkload(peer) && peer.Endpoint!.Cluster == policyCluster),
        PolicyEntity.Mesh => ClusterReserved.Contains(peer.Identity) || IsWorkload(peer),
        PolicyEntity.Host => peer.Identity == NumericIdentity.Host,
        PolicyEntity.RemoteNode => peer.Identity == NumericIdentity.RemoteNode,
        PolicyEntity.KubeApiServer => peer.Identity == NumericIdentity.KubeApiServer,
        PolicyEntity.Init => peer.Identity == NumericIdentity.Init,
        PolicyEntity.Health => peer.Identity == NumericIdentity.Health,
        PolicyEntity.Unmanaged => peer.Identity == NumericIdentity.Unmanaged,
        _ => false,
    };

    private static bool IsWorkload(ResolvedPeer peer) => peer.Endpoint is not null && !peer.Identity.IsReserved;
}
