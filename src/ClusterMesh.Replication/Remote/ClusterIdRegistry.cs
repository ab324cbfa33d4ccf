using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Replication.Remote;

/// <summary>Which connected remote cluster uses which cluster ID: two clusters with one ID would mix identities.</summary>
internal sealed class ClusterIdRegistry
{
    private readonly Dictionary<ClusterId, string> _holders = [];

    /// <summary>Claims <paramref name="id"/> for <paramref name="cluster"/> (releasing its previous ID);
    /// returns the other holder when the ID is taken.</summary>
    public string? TryClaim(string cluster, ClusterId id)
    {
        lock (_holders)
        {
            if (_holders.TryGetValue(id, out var holder) && holder != cluster)
            {
                return holder;
            }

            ReleaseLocked(cluster);
            _holders[id] = cluster;
            return null;
        }
    }

    public void Release(string cluster)
    {
        lock (_holders)
        {
            ReleaseLocked(cluster);
        }
    }

    private void ReleaseLocked(string cluster)
    {
        foreach (var (id, holder) in _holders.Where(h => h.Value == cluster).ToList())
        {
            _holders.Remove(id);
        }
    }
}
