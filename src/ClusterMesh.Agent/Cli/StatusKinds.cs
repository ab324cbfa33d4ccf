using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Replication.Caches;
using ClusterMesh.Replication.Remote;

namespace ClusterMesh.Agent.Cli;

/// <summary>The kinds a status check mirrors from each remote cluster (into throwaway caches: it only counts).</summary>
internal static class StatusKinds
{
    public static IReadOnlyList<RemoteKind> All() =>
    [
        RemoteKind.ClusterScoped(RemoteKindNames.Nodes, KvKeys.NodesPrefix, Codecs(c => c.Nodes), new MirrorCache<Node>()),
        RemoteKind.ClusterScoped(RemoteKindNames.Services, KvKeys.ServicesPrefix, Codecs(c => c.Services), new MirrorCache<ClusterService>()),
        RemoteKind.Shared(RemoteKindNames.Identities, KvKeys.IdentitiesPrefix, "id", Codecs(c => c.Identities), new MirrorCache<IdentityEntry>()),
        RemoteKind.Shared(RemoteKindNames.Endpoints, KvKeys.IpCachePrefix, KvKeys.IpCacheNamespace, Codecs(c => c.IpCache), new MirrorCache<IpCacheEntry>()),
    ];

    /// <summary>A codec factory validating against the remote cluster the kind is read from.</summary>
    public static Func<RemoteClusterInfo, IKvCodec<T>> Codecs<T>(Func<WireCodecs, IKvCodec<T>> pick)
        where T : notnull =>
        info => pick(WireCodecs.For(new WireValidationContext(ClusterName.Parse(info.Name), info.Id, info.MaxConnectedClusters)));
}
