using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Engine;

/// <summary>
/// One peer of a rule, in the cluster of the policy holding it, with the identities it selects right now. Peers
/// that select everything (<see cref="AnyPeer"/>, entity <c>all</c>) are the wildcard: identity 0 in the map, no set.
/// </summary>
internal sealed class CachedSelector(Peer peer, ClusterName policyCluster, PolicyOptions options)
{
    // Cilium's `cluster` entity: the local cluster's endpoints plus these reserved identities (as RuleMatcher).
    private static readonly HashSet<NumericIdentity> ClusterReserved =
    [
        NumericIdentity.Host, NumericIdentity.RemoteNode, NumericIdentity.Init, NumericIdentity.Health,
        NumericIdentity.Unmanaged, NumericIdentity.Ingress,
    ];

    public Peer Peer { get; } = peer;

    public ClusterName PolicyCluster { get; } = policyCluster;

    public HashSet<NumericIdentity> Identities { get; } = [];

    public int Users { get; set; }

    /// <summary>The installed policies with a rule using this selector (one entry per use).</summary>
    public List<PolicyBinding> Bindings { get; } = [];

    public bool IsWildcard => IsWildcardPeer(Peer);

    public static bool IsWildcardPeer(Peer peer) => peer is AnyPeer or EntityPeer { Entity: PolicyEntity.All };

    /// <summary>Re-evaluates one identity; true when membership changed.</summary>
    public bool Update(PeerIdentity identity) =>
        Matches(identity) ? Identities.Add(identity.Id) : Identities.Remove(identity.Id);

    public bool Matches(PeerIdentity identity) => Peer switch
    {
        SelectorPeer s => s.Selector.Matches(identity.Labels) && InScope(s.Selector, identity),
        EntityPeer e => EntityMatches(e.Entity, identity),
        CidrPeer c => CidrMatches(c, identity),
        _ => false,
    };

    private bool InScope(LabelSelector selector, PeerIdentity identity) =>
        !options.PolicyDefaultLocalCluster || selector.Mentions(Label.ClusterKey) || selector.SelectsReserved
        || (identity.Cluster is { } cluster && cluster == PolicyCluster);

    private bool EntityMatches(PolicyEntity entity, PeerIdentity identity) => entity switch
    {
        PolicyEntity.World => identity.Id == NumericIdentity.World || identity.Prefix is not null || CidrIdentities.IsLocal(identity.Id),
        PolicyEntity.Cluster => ClusterReserved.Contains(identity.Id) || (identity.IsWorkload && identity.Cluster == PolicyCluster),
        PolicyEntity.Mesh => ClusterReserved.Contains(identity.Id) || identity.IsWorkload,
        PolicyEntity.Host => identity.Id == NumericIdentity.Host,
        PolicyEntity.RemoteNode => identity.Id == NumericIdentity.RemoteNode,
        PolicyEntity.KubeApiServer => identity.Id == NumericIdentity.KubeApiServer,
        PolicyEntity.Init => identity.Id == NumericIdentity.Init,
        PolicyEntity.Health => identity.Id == NumericIdentity.Health,
        PolicyEntity.Unmanaged => identity.Id == NumericIdentity.Unmanaged,
        _ => false,
    };

    private static bool CidrMatches(CidrPeer peer, PeerIdentity identity)
    {
        if (identity.Prefix is { } prefix)
        {
            // A CIDR identity stands for the addresses whose longest policy prefix it is: inside the rule's CIDR and
            // outside every except exactly when its prefix is.
            return Within(prefix, peer.Cidr) && !peer.Except.Any(e => Within(prefix, e));
        }

        return peer.SelectsEndpoints && identity.IsWorkload && identity.Addresses.Any(peer.Contains);
    }

    private static bool Within(IpPrefix inner, IpPrefix outer) =>
        inner.IsIPv6 == outer.IsIPv6 && inner.PrefixLength >= outer.PrefixLength && outer.Contains(inner.Address);
}
