using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Replication.Datapath;

/// <summary>Programs the ipcache from ipcache entries: prefix → identity, tunnel endpoint (HostIP) and key.</summary>
public sealed class IpCacheDatapathObserver : IBatchStoreObserver<IpCacheEntry>
{
    private readonly IDatapath _datapath;

    /// <summary>Creates the observer for one node's datapath.</summary>
    public IpCacheDatapathObserver(IDatapath datapath) => _datapath = datapath;

    /// <inheritdoc />
    public void OnUpsert(string key, IpCacheEntry value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _datapath.IpCache.Upsert(value.Prefix, new IpCacheValue(value.ID, value.HostIP, value.Key));
    }

    /// <inheritdoc />
    public void OnUpsertBatch(IReadOnlyList<KeyValuePair<string, IpCacheEntry>> upserts)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        var entries = new KeyValuePair<IpPrefix, IpCacheValue>[upserts.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var value = upserts[i].Value;
            entries[i] = KeyValuePair.Create(value.Prefix, new IpCacheValue(value.ID, value.HostIP, value.Key));
        }

        _datapath.IpCache.UpsertMany(entries);
    }

    /// <inheritdoc />
    public void OnDelete(string key, IpCacheEntry lastValue)
    {
        ArgumentNullException.ThrowIfNull(lastValue);
        _datapath.IpCache.Delete(lastValue.Prefix);
    }

    /// <inheritdoc />
    public void OnSynced()
    {
    }
}
