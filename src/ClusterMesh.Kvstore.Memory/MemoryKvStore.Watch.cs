using System.Runtime.CompilerServices;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Memory.History;

namespace ClusterMesh.Kvstore.Memory;

/// <summary>
/// Watches. Writers never push into watchers: they append to the shared history and complete the current
/// "changed" signal; each watcher reads the history through its own cursor outside the lock. A watcher that
/// stops reading therefore slows nobody down and loses nothing, unless compaction overtakes it.
/// </summary>
public sealed partial class MemoryKvStore
{
    private TaskCompletionSource _changed = NewSignal();

    /// <inheritdoc />
    public IAsyncEnumerable<KvEvent> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        return WatchCore(prefix, fromRevision, cancellationToken);
    }

    private async IAsyncEnumerable<KvEvent> WatchCore(string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var start = StartWatch(prefix, fromRevision);
        var cursor = start.Cursor;
        bool synced = false;
        if (fromRevision == 0)
        {
            for (string? next = prefix; next is not null;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (entries, nextKey) = ReadInitialPage(prefix, next, start);
                foreach (var entry in entries)
                {
                    yield return new KvEvent(KvEventKind.Upsert, entry.Key, entry.Value, entry.ModRevision);
                }

                next = nextKey;
            }
        }

        while (true)
        {
            // Take the signal before looking for news: an append after this point completes this very task.
            var changed = Volatile.Read(ref _changed).Task;
            while (true)
            {
                if (!synced && cursor.Position >= start.SyncPosition)
                {
                    synced = true;
                    yield return KvEvent.SyncedAt(start.SyncRevision);
                }

                if (!cursor.TryRead(out var item))
                {
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                ThrowIfWatchBroken(start.Epoch, start.Outages, prefix);
                long compactRevision = Volatile.Read(ref _compactRevision);
                if (item.Revision < compactRevision)
                {
                    throw new KvCompactedException($"Watch on '{prefix}' fell behind compaction of '{Name}' at revision {compactRevision}.", compactRevision, prefix);
                }

                if (item.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    yield return item;
                }
            }

            ThrowIfWatchBroken(start.Epoch, start.Outages, prefix);
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private WatchStart StartWatch(string prefix, long fromRevision)
    {
        lock (_gate)
        {
            ThrowIfUnavailable();
            if (fromRevision == 0)
            {
                return new WatchStart(_epoch, _outages, _log.CursorAtTail(), _revision, _log.TailPosition);
            }

            // etcd would wait for a future revision; here one only comes from before a Reset, so make the caller list.
            ThrowIfNotReadable(Math.Min(fromRevision, _revision), prefix);
            if (fromRevision > _revision + 1)
            {
                throw new KvCompactedException($"Revision {fromRevision} is beyond the current revision {_revision} of '{Name}' (the store was reset).", _compactRevision, prefix);
            }

            return new WatchStart(_epoch, _outages, _log.CursorAtRevision(fromRevision), _revision, _log.TailPosition);
        }
    }

    private (List<KvEntry> Entries, string? NextKey) ReadInitialPage(string prefix, string startKey, WatchStart start)
    {
        lock (_gate)
        {
            ThrowIfWatchBroken(start.Epoch, start.Outages, prefix);
            ThrowIfNotReadable(start.SyncRevision, prefix);
            return _keys.ReadPage(prefix, startKey, start.SyncRevision, _options.DefaultPageSize);
        }
    }

    /// <summary>Wakes every waiting watcher; they run on the thread pool, never on the writer's thread.</summary>
    private void SignalWatchers() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Where a watch starts reading the history, and the revision and position at which it is in sync.</summary>
    private readonly record struct WatchStart(int Epoch, int Outages, LogCursor Cursor, long SyncRevision, long SyncPosition);
}
