using System.Globalization;
using System.Text;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kvstore.Memory;

namespace ClusterMesh.Benchmarks.Data;

/// <summary>
/// Writes the remote cluster's state into its memory kvstore the way its clustermesh-apiserver would: every value,
/// then the cluster configuration, the heartbeat and one synced canary per prefix.
/// </summary>
internal static class RemoteStoreSeeder
{
    public static readonly string[] CanaryPrefixes =
        [KvKeys.NodesPrefix, KvKeys.ServicesPrefix, KvKeys.IdentitiesPrefix, KvKeys.IpCachePrefix];

    public static async Task SeedAsync(MemoryKvStore store, RemoteClusterData data, bool ipcacheOnly = false)
    {
        var totals = data.Totals;
        if (!ipcacheOnly)
        {
            await PutAllAsync(store, totals.Identities, data.IdentityPair);
            await PutAllAsync(store, totals.Nodes, data.NodePair);
        }

        await PutAllAsync(store, totals.IpCacheEntries, data.PodPair);
        var config = new ClusterConfig
        {
            Id = RemoteClusterData.ClusterIdValue,
            Capabilities = new ClusterCapabilities { SyncedCanaries = true, MaxConnectedClusters = MeshLimits.DefaultMaxConnectedClusters, ServiceExportsEnabled = false },
        };
        await store.PutAsync(KvKeys.ClusterConfig(RemoteClusterData.ClusterName), data.Codecs.ClusterConfig.Encode(config));
        await store.PutAsync(KvKeys.HasClusterConfig, "true"u8.ToArray());
        var now = Encoding.UTF8.GetBytes(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        await store.PutAsync(KvKeys.Heartbeat, now);
        foreach (var prefix in CanaryPrefixes)
        {
            await store.PutAsync(KvKeys.SyncedCanary(RemoteClusterData.ClusterName, prefix), now);
        }
    }

    private static async Task PutAllAsync(MemoryKvStore store, int count, Func<int, KvPair> pairOf)
    {
        for (var i = 0; i < count; i++)
        {
            var (key, value) = pairOf(i);
            await store.PutAsync(key, value);
        }
    }
}
