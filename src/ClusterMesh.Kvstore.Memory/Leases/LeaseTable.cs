using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Memory.Leases;

/// <summary>One granted lease: its time to live, when it runs out, and the keys attached to it.</summary>
internal sealed class Lease(LeaseId id, TimeSpan ttl, TimeSpan deadline)
{
    public LeaseId Id { get; } = id;

    public TimeSpan Ttl { get; } = ttl;

    public TimeSpan Deadline { get; set; } = deadline;

    public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The granted leases and a queue of their deadlines. Keep-alives only move a lease's deadline; the queue entry
/// is fixed up lazily when it comes due, so a keep-alive costs O(1). Callers hold the store lock.
/// </summary>
internal sealed class LeaseTable
{
    private readonly Dictionary<LeaseId, Lease> _leases = [];
    private readonly PriorityQueue<Lease, TimeSpan> _deadlines = new();
    private long _lastId;

    public int Count => _leases.Count;

    public Lease Grant(TimeSpan ttl, TimeSpan now)
    {
        var lease = new Lease(new LeaseId(++_lastId), ttl, now + ttl);
        _leases.Add(lease.Id, lease);
        _deadlines.Enqueue(lease, lease.Deadline);
        return lease;
    }

    public Lease? Find(LeaseId id) => _leases.GetValueOrDefault(id);

    public bool Remove(LeaseId id) => _leases.Remove(id);

    /// <summary>The earliest queued deadline (possibly stale, never later than the real one).</summary>
    public TimeSpan? NextDeadline => _deadlines.TryPeek(out _, out var due) ? due : null;

    /// <summary>Removes and returns the leases whose deadline has passed, earliest first.</summary>
    public List<Lease> TakeExpired(TimeSpan now)
    {
        var expired = new List<Lease>();
        while (_deadlines.TryPeek(out var lease, out var due) && due <= now)
        {
            _deadlines.Dequeue();
            if (!_leases.ContainsKey(lease.Id))
            {
                continue;
            }

            if (lease.Deadline > now)
            {
                _deadlines.Enqueue(lease, lease.Deadline);
                continue;
            }

            _leases.Remove(lease.Id);
            expired.Add(lease);
        }

        return expired;
    }

    /// <summary>Gives every lease a full time to live again, as etcd does when a new leader takes over.</summary>
    public void RenewAll(TimeSpan now)
    {
        _deadlines.Clear();
        foreach (var lease in _leases.Values)
        {
            lease.Deadline = now + lease.Ttl;
            _deadlines.Enqueue(lease, lease.Deadline);
        }
    }

    /// <summary>Forgets every lease; lease ids keep counting so an old id never names a new lease.</summary>
    public void Clear()
    {
        _leases.Clear();
        _deadlines.Clear();
    }
}
