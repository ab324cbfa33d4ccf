using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Replication.Datapath;

/// <summary>Programs the ipcache from ipcache entries: prefix → identity, tunnel endpoint (HostIP) and key.</summary>
public sealed class IpCacheDatapathObserver : IStoreObserver<IpCacheEntry>
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
