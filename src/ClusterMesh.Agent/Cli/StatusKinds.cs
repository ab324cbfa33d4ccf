using ClusterMesh.Abstractions.Model;
using ClusterMesh.Replication.Caches;
using ClusterMesh.Replication.Remote;

namespace ClusterMesh.Agent.Cli;

/// <summary>The kinds a status check mirrors from each remote cluster (into throwaway caches: it only counts).</summary>
internal static class StatusKinds
{
    public static IReadOnlyList<RemoteKind> All() => StandardRemoteKinds.Create(new RemoteClusterObservers(
        new MirrorCache<Node>(),
        new MirrorCache<ClusterService>(),
        new MirrorCache<IdentityEntry>(),
        new MirrorCache<IpCacheEntry>()));
}
