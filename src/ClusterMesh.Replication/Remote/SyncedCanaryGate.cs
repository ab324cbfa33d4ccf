using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Replication.Watch;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Replication.Remote;

/// <summary>
/// Lets a watch list a prefix only once the writer's synced canary exists, so a half-written (restarted)
/// source never makes the mirror delete what it has not republished yet. The canary let in must still be there
/// (the same write) when the listing ends and before a watch resumes: a new or missing canary means the writer
/// started over or the store restarted empty, so what was read since may belong to another incarnation.
/// A cluster that writes no canaries is judged the same way by its configuration key, which it writes under
/// a lease of its own.
/// </summary>
internal sealed class SyncedCanaryGate(string canaryKey, string configKey, ILogger logger) : IWatchGate
{
    private KvEntry? _seen;
    private volatile bool _canaries = true;
    private volatile bool _waiting;

    /// <summary>Whether a listing is waiting for the canary (or the configuration) right now.</summary>
    public bool Waiting => _waiting;

    /// <summary>Whether the source writes canaries; when not, its configuration key marks its incarnation.</summary>
    public bool Canaries
    {
        get => _canaries;
        set => _canaries = value;
    }

    private string MarkerKey => _canaries ? canaryKey : configKey;

    public async Task WaitReadyAsync(IKvStore store, CancellationToken cancellationToken)
    {
        var key = MarkerKey;
        var entry = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            RemoteClusterLog.WaitingForCanary(logger, key);
            _waiting = true;
            try
            {
                entry = await WaitForKeyAsync(store, key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _waiting = false;
            }
        }

        Volatile.Write(ref _seen, entry);
    }

    public async Task<bool> IsSameSourceAsync(IKvStore store, CancellationToken cancellationToken)
    {
        var seen = Volatile.Read(ref _seen);
        var now = seen is null ? null : await store.GetAsync(seen.Key, cancellationToken).ConfigureAwait(false);
        return SameIncarnation(seen, now);
    }

    /// <summary>Whether two reads of one key show the same write: same creation, lease and bytes.</summary>
    internal static bool SameIncarnation(KvEntry? before, KvEntry? now) =>
        before is not null && now is not null && before.Key == now.Key && before.CreateRevision == now.CreateRevision
        && before.Lease == now.Lease && before.Value.Span.SequenceEqual(now.Value.Span);

    private static async Task<KvEntry> WaitForKeyAsync(IKvStore store, string key, CancellationToken cancellationToken)
    {
        await foreach (var change in store.WatchAsync(key, 0, cancellationToken).ConfigureAwait(false))
        {
            if (change.Kind == KvEventKind.Upsert && change.Key == key
                && await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                return entry;
            }
        }

        // The watch ended without the key: the connection dropped; the caller's retry loop backs off.
        throw new KvUnavailableException($"watch of {key} ended", key);
    }
}
