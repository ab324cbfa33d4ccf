using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Memory;

/// <summary>Compaction: explicit through <see cref="CompactAsync"/>, or automatic past <see cref="MemoryKvStoreOptions.MaxRetainedEvents"/>.</summary>
public sealed partial class MemoryKvStore
{
    /// <inheritdoc />
    /// <remarks>A revision at or below the current compaction point does nothing; one above the current revision is refused.</remarks>
    public ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        var result = Run(cancellationToken, () =>
        {
            lock (_gate)
            {
                ThrowIfUnavailable();
                ArgumentOutOfRangeException.ThrowIfGreaterThan(revision, _revision);
                CompactLocked(revision);
                return true;
            }
        });
        return result.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(result.AsTask());
    }

    /// <summary>
    /// Keeps the history within its bound. It runs only once the bound is exceeded by a slack of 1/16, so its cost
    /// (walking the dropped events) is spread over many writes.
    /// </summary>
    private void AutoCompactLocked()
    {
        long max = _options.MaxRetainedEvents;
        if (max == 0 || _log.RetainedCount <= max + Math.Max(1, max / 16))
        {
            return;
        }

        CompactLocked(_log.RevisionAt(_log.TailPosition - max));
    }

    private void CompactLocked(long revision)
    {
        if (revision <= _compactRevision)
        {
            return;
        }

        var touched = _log.DropBelow(revision);
        _keys.Compact(touched, revision);
        Volatile.Write(ref _compactRevision, revision);
        Log.Compacted(_logger, Name, revision, _log.RetainedCount);
    }
}
