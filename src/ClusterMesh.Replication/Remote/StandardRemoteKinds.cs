using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire;

namespace ClusterMesh.Replication.Remote;

/// <summary>Who receives what every remote cluster publishes: the agent's caches.</summary>
/// <param name="Nodes">Nodes (<c>cilium/state/nodes/v1/&lt;cluster&gt;/</c>).</param>
/// <param name="Services">Global services (<c>cilium/state/services/v1/&lt;cluster&gt;/</c>).</param>
/// <param name="Identities">Identities (<c>cilium/state/identities/v1/id/</c>).</param>
/// <param name="Endpoints">IP cache entries (<c>cilium/state/ip/v1/default/</c>).</param>
public sealed record RemoteClusterObservers(
    IStoreObserver<Node> Nodes,
    IStoreObserver<ClusterService> Services,
    IStoreObserver<IdentityEntry> Identities,
    IStoreObserver<IpCacheEntry> Endpoints)
{
    /// <summary>
    /// MCS-API service exports (<c>cilium/state/serviceexports/v1/&lt;cluster&gt;/</c>), mirrored when set and the
    /// remote cluster's config says it publishes them (<c>serviceExportsEnabled</c>).
    /// </summary>
    public IStoreObserver<ServiceExport>? ServiceExports { get; init; }
}

/// <summary>The kinds Cilium mirrors from every remote cluster, decoded and validated by the wire codecs.</summary>
public static class StandardRemoteKinds
{
    /// <summary>Nodes, services, identities and endpoints (and service exports when observed), each validated
    /// against the remote cluster's name, ID and mesh size, delivered to <paramref name="observers"/>.</summary>
    public static IReadOnlyList<RemoteKind> Create(RemoteClusterObservers observers)
    {
        ArgumentNullException.ThrowIfNull(observers);
        RemoteKind[] standard =
        [
            RemoteKind.ClusterScoped(RemoteKindNames.Nodes, KvKeys.NodesPrefix, info => CodecsFor(info).Nodes, observers.Nodes),
            RemoteKind.ClusterScoped(RemoteKindNames.Services, KvKeys.ServicesPrefix, info => CodecsFor(info).Services, observers.Services),
            RemoteKind.Shared(RemoteKindNames.Identities, KvKeys.IdentitiesPrefix, "id", info => CodecsFor(info).Identities, observers.Identities),
            RemoteKind.Shared(RemoteKindNames.Endpoints, KvKeys.IpCachePrefix, KvKeys.IpCacheNamespace, info => CodecsFor(info).IpCache, observers.Endpoints),
        ];
        if (observers.ServiceExports is not { } exports)
        {
            return standard;
        }

        // A cluster without MCS-API support publishes no exports (nor their canary): nothing to wait for.
        return [.. standard, RemoteKind.ClusterScoped(RemoteKindNames.ServiceExports, KvKeys.ServiceExportsPrefix, info => CodecsFor(info).ServiceExports, exports)
            .OnlyWhen(config => config.Capabilities.ServiceExportsEnabled == true)];
    }

    /// <summary>The codecs that validate what <paramref name="cluster"/> publishes.</summary>
    public static WireCodecs CodecsFor(RemoteClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return WireCodecs.For(new WireValidationContext(ClusterName.Parse(cluster.Name), cluster.Id, cluster.MaxConnectedClusters));
    }
}
