using System.Buffers;
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

        // The map reads the batch as a span and keeps nothing of it, so the array is rented (a listing delivers
        // batches of hundreds, one after the other) and cleared when given back (it holds addresses).
        var entries = ArrayPool<KeyValuePair<IpPrefix, IpCacheValue>>.Shared.Rent(upserts.Count);
        try
        {
            for (var i = 0; i < upserts.Count; i++)
            {
                var value = upserts[i].Value;
                entries[i] = KeyValuePair.Create(value.Prefix, new IpCacheValue(value.ID, value.HostIP, value.Key));
            }

            _datapath.IpCache.UpsertMany(entries.AsSpan(0, upserts.Count));
        }
        finally
        {
            ArrayPool<KeyValuePair<IpPrefix, IpCacheValue>>.Shared.Return(entries, clearArray: true);
        }
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
