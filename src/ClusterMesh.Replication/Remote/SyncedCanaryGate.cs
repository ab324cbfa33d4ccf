using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Replication.Watch;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Replication.Remote;

/// <summary>
/// Lets a watch list a prefix only once the writer's synced canary exists, so a half-written (restarted)
/// source never makes the mirror delete what it has not republished yet. Resuming is allowed only while the
/// canary seen at the last listing is still there: a new or missing canary means the writer started over
/// (or the store restarted empty), and history read since then may belong to another incarnation.
/// </summary>
internal sealed class SyncedCanaryGate(string canaryKey, ILogger logger, Func<IKvStore, CancellationToken, Task<bool>>? sourceUnchanged = null) : IWatchGate
{
    private KvEntry? _seen;
    private volatile bool _enabled = true;
    private volatile bool _waiting;

    /// <summary>Whether a listing is waiting for the canary right now.</summary>
    public bool Waiting => _waiting;

    public string CanaryKey => canaryKey;

    /// <summary>Whether the source writes canaries at all; when not, the gate lets everything through.</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    public async Task WaitReadyAsync(IKvStore store, CancellationToken cancellationToken)
    {
        if (!_enabled)
        {
            return;
        }

        var entry = await store.GetAsync(canaryKey, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            RemoteClusterLog.WaitingForCanary(logger, canaryKey);
            _waiting = true;
            try
            {
                entry = await WaitForCanaryAsync(store, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _waiting = false;
            }
        }

        Volatile.Write(ref _seen, entry);
    }

    public async Task<bool> CanResumeAsync(IKvStore store, CancellationToken cancellationToken)
    {
        if (sourceUnchanged is not null && !await sourceUnchanged(store, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (!_enabled)
        {
            return true;
        }

        var entry = await store.GetAsync(canaryKey, cancellationToken).ConfigureAwait(false);
        return SameIncarnation(Volatile.Read(ref _seen), entry);
    }

    private async Task<KvEntry> WaitForCanaryAsync(IKvStore store, CancellationToken cancellationToken)
    {
        await foreach (var change in store.WatchAsync(canaryKey, 0, cancellationToken).ConfigureAwait(false))
        {
            if (change.Kind == KvEventKind.Upsert && change.Key == canaryKey
                && await store.GetAsync(canaryKey, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                return entry;
            }
        }

        // The watch ended without the canary: the connection dropped; the caller's retry loop backs off.
        throw new KvUnavailableException($"watch of {canaryKey} ended", canaryKey);
    }

    /// <summary>Whether two reads of one key show the same write: same creation, lease and bytes.</summary>
    internal static bool SameIncarnation(KvEntry? before, KvEntry? now) =>
        before is not null && now is not null && before.CreateRevision == now.CreateRevision
        && before.Lease == now.Lease && before.Value.Span.SequenceEqual(now.Value.Span);
}
