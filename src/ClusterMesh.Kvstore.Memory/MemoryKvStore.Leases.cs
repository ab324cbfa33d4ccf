using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Memory.Leases;

namespace ClusterMesh.Kvstore.Memory;

/// <summary>Leases: expiry runs on one timer of the injected <see cref="TimeProvider"/>, set to the earliest deadline.</summary>
public sealed partial class MemoryKvStore
{
    private static readonly TimeSpan MinimumTimerDue = TimeSpan.FromTicks(1);
    private readonly ITimer _leaseTimer;
    private TimeSpan? _leaseTimerDeadline;

    /// <inheritdoc />
    public ValueTask<LeaseId> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        lock (_gate)
        {
            ThrowIfUnavailable();
            var lease = _leases.Grant(ttl, Now);
            ScheduleLeaseTimerLocked();
            return lease.Id;
        }
    });

    /// <inheritdoc />
    public ValueTask KeepAliveAsync(LeaseId lease, CancellationToken cancellationToken = default)
    {
        var result = Run(cancellationToken, () =>
        {
            lock (_gate)
            {
                ThrowIfUnavailable();
                var now = Now;
                var found = _leases.Find(lease);
                if (found is not null && found.Deadline <= now)
                {
                    // The timer has not run yet, but the lease is over: expire it now rather than revive it.
                    Commit(() => RevokeLocked(found));
                    found = null;
                }

                if (found is null)
                {
                    throw new KvNotFoundException($"Lease {lease} does not exist (expired or revoked).");
                }

                found.Deadline = now + found.Ttl;
                return true;
            }
        });
        return result.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(result.AsTask());
    }

    /// <inheritdoc />
    public ValueTask RevokeLeaseAsync(LeaseId lease, CancellationToken cancellationToken = default)
    {
        var result = Run(cancellationToken, () =>
        {
            lock (_gate)
            {
                ThrowIfUnavailable();
                var found = _leases.Find(lease) ?? throw new KvNotFoundException($"Lease {lease} does not exist (expired or revoked).");
                return Commit(() => RevokeLocked(found));
            }
        });
        return result.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(result.AsTask());
    }

    /// <summary>Removes a lease and deletes its keys at one revision, as etcd does in one transaction.</summary>
    private int RevokeLocked(Lease lease)
    {
        _leases.Remove(lease.Id);
        if (lease.Keys.Count == 0)
        {
            return 0;
        }

        var keys = lease.Keys.Order(Mvcc.KeyOrder.Instance).ToList();
        return DeleteLocked(keys, ++_revision);
    }

    private void OnLeaseTimer()
    {
        List<(Lease Lease, int Keys)> expired = [];
        lock (_gate)
        {
            _leaseTimerDeadline = null;
            if (_disposed || _offline)
            {
                // A paused server lets no lease run out; GoOnline renews them all and sets the timer again.
                return;
            }

            foreach (var lease in _leases.TakeExpired(Now))
            {
                expired.Add((lease, Commit(() => RevokeLocked(lease))));
            }

            ScheduleLeaseTimerLocked();
        }

        foreach (var (lease, keys) in expired)
        {
            Log.LeaseExpired(_logger, Name, lease.Id.ToString(), keys);
        }
    }

    /// <summary>Points the timer at the earliest deadline unless it already fires at or before it.</summary>
    private void ScheduleLeaseTimerLocked()
    {
        if (_disposed || _leases.NextDeadline is not { } deadline || deadline >= _leaseTimerDeadline)
        {
            return;
        }

        _leaseTimerDeadline = deadline;
        var due = deadline - Now;

        // Never zero: a fake clock would run the callback right here, inside the lock.
        _leaseTimer.Change(due < MinimumTimerDue ? MinimumTimerDue : due, Timeout.InfiniteTimeSpan);
    }
}
