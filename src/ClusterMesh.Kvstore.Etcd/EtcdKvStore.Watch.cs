using System.Runtime.CompilerServices;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Client;
using Etcdserverpb;
using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd;

/// <summary>Watches: paged listing at one revision then a watch from the next, or replay from a revision.</summary>
public sealed partial class EtcdKvStore
{
    /// <inheritdoc />
    public IAsyncEnumerable<KvEvent> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default) =>
        WatchAsync(prefix, fromRevision, lend: false, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The listing's pages are read into buffers of the shared array pool, each given back once the
    /// consumer has moved past its last key-value: a mirror listing hundreds of pages allocates none of them. The
    /// shared pool keeps a bounded number of buffers per size and lets go of those it has not lent for a while.</remarks>
    public IAsyncEnumerable<KvEvent> WatchLendingValuesAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default) =>
        WatchAsync(prefix, fromRevision, lend: true, cancellationToken);

    private async IAsyncEnumerable<KvEvent> WatchAsync(string prefix, long fromRevision, bool lend, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        _probeKey = prefix;
        long start;
        long syncAt;
        bool synced;
        if (fromRevision == 0)
        {
            // The current state, page by page at one pinned revision R, then every change from R + 1. The next
            // page is already requested while this one is handed out, so etcd and the consumer work side by side.
            // Events come straight from etcd's key-values: a mirror lists hundreds of thousands of them.
            var (page, limit) = await RangePageAsync(prefix, Bytes(prefix), _options.PageSize, 0, lend, cancellationToken).ConfigureAwait(false);
            // Values are slices of the page's chunks (no array per key); a chunk lives as long as the consumer keeps
            // one. Lent values are slices of the page's pooled buffer, valid until the consumer moves past the page.
            long revision = page.Revision;
            while (true)
            {
                Task<(EtcdRangePage Page, int Limit)>? next = page.NextStartKey() is { } nextStart
                    ? RangePageAsync(prefix, nextStart, limit, revision, lend, cancellationToken).AsTask()
                    : null;
                try
                {
                    for (int i = 0; i < page.KeyCount; i++)
                    {
                        yield return page.ToUpsert(i);
                    }
                }
                finally
                {
                    // The consumer is past the page's last value (or gone): a lent page's buffer goes back to the pool.
                    page.Release();

                    // Abandoned mid-page: nobody awaits the prefetch, so observe its failure here (a lent page it
                    // read is left to the collector, which the shared pool allows).
                    _ = next?.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                }

                if (next is null)
                {
                    break;
                }

                (page, limit) = await next.ConfigureAwait(false);
            }

            yield return KvEvent.SyncedAt(revision);
            (start, syncAt, synced) = (revision + 1, revision, true);
        }
        else
        {
            // Replay: in sync once every change up to the revision current now has been delivered.
            syncAt = await CurrentRevisionAsync(prefix, cancellationToken).ConfigureAwait(false);
            start = fromRevision;
            synced = fromRevision > syncAt;
            if (synced)
            {
                yield return KvEvent.SyncedAt(syncAt);
            }
        }

        var headers = await _connection.HeadersAsync(cancellationToken).ConfigureAwait(false);
        await using var stream = await OpenWatchAsync(headers, prefix, start, syncAt, synced, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            List<KvEvent> batch;
            try
            {
                batch = await stream.NextAsync(cancellationToken).ConfigureAwait(false);
                NoteSuccess();
            }
            catch (KvStoreException ex)
            {
                EtcdLog.WatchEnded(_logger, Name, prefix, ex.GetType().Name, ex.Message);
                NoteFailure(ex);
                throw;
            }

            foreach (var change in batch)
            {
                yield return change;
            }
        }
    }

    private async Task<EtcdWatchStream> OpenWatchAsync(Metadata? headers, string prefix, long start, long syncAt, bool synced, CancellationToken cancellationToken)
    {
        try
        {
            return await EtcdWatchStream.OpenAsync(_connection.Grpc, headers, Name, prefix, start, syncAt, synced, cancellationToken).ConfigureAwait(false);
        }
        catch (KvStoreException ex)
        {
            NoteFailure(ex);
            throw;
        }
    }

    private async Task<long> CurrentRevisionAsync(string prefix, CancellationToken cancellationToken)
    {
        var request = new RangeRequest { Key = Bytes(prefix), RangeEnd = RangeEnd(prefix), CountOnly = true };
        var response = await ReadAsync(prefix, (client, headers, ct) => client.GetAsync(request, headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return response.Header.Revision;
    }
}
