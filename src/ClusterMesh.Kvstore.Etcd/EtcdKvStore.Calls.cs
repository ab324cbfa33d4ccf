using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Client;
using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;
using Polly;

namespace ClusterMesh.Kvstore.Etcd;

/// <summary>How one unary call runs: resilience pipeline, auth metadata, error mapping; and compaction probing.</summary>
public sealed partial class EtcdKvStore
{
    private delegate Task<T> EtcdCall<T>(EtcdClient client, Metadata? headers, CancellationToken cancellationToken);

    /// <summary>An idempotent read: timeout per attempt, retried with backoff and jitter.</summary>
    private Task<T> ReadAsync<T>(string? key, EtcdCall<T> call, CancellationToken cancellationToken)
        => RunAsync(_resilience.Reads, key, call, cancellationToken);

    /// <summary>A write: timeout, no blind retry.</summary>
    private Task<T> WriteAsync<T>(string? key, EtcdCall<T> call, CancellationToken cancellationToken)
        => RunAsync(_resilience.Writes, key, call, cancellationToken);

    /// <summary>
    /// Runs <paramref name="call"/> through <paramref name="pipeline"/>. A compaction error passes through as the
    /// raw <see cref="RpcException"/> (the caller knows which revision it asked for); every other failure becomes a
    /// <see cref="KvStoreException"/>; caller cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    private async Task<T> RunAsync<T>(ResiliencePipeline pipeline, string? key, EtcdCall<T> call, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        try
        {
            var result = await pipeline.ExecuteAsync(
                async token =>
                {
                    var headers = await _connection.HeadersAsync(token).ConfigureAwait(false);
                    return await call(_connection.Client, headers, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            NoteSuccess();
            return result;
        }
        catch (RpcException ex) when (EtcdErrors.IsCompacted(ex))
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (RpcException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The kvstore call was cancelled.", ex, cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            var unavailable = new KvUnavailableException($"{Name}: call cancelled by the client library ({ex.Message})", key, ex);
            NoteFailure(unavailable);
            throw unavailable;
        }
        catch (Exception ex) when (EtcdErrors.Map(ex, key, Name) is { } mapped)
        {
            if (mapped is KvUnavailableException)
            {
                EtcdLog.CallFailed(_logger, Name, key ?? "-", ex.Message);
            }

            NoteFailure(mapped);

            throw mapped;
        }
    }

    /// <summary>The typed error for a read below the compaction point, with the compact revision found out.</summary>
    private async Task<KvCompactedException> CompactedAsync(string key, long revision, RpcException ex, CancellationToken cancellationToken)
    {
        var current = await ReadAsync(key, (client, headers, ct) => client.GetAsync(new RangeRequest { Key = Bytes(key), CountOnly = true }, headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        long compacted = Math.Max(revision + 1, await FindCompactRevisionAsync(current.Header.Revision, cancellationToken).ConfigureAwait(false));
        return new KvCompactedException($"{Name}: revision {revision} of {key} has been compacted (compact revision {compacted})", compacted, key, ex);
    }

    /// <summary>
    /// etcd's compact revision: the lowest revision a read can still ask for. Status does not report it, so it is
    /// found by reads at a pinned revision (a binary search above the last compaction this client knows of; usually
    /// one read). The probe reads a key this client has read before, so read-only users may run it.
    /// </summary>
    private async Task<long> FindCompactRevisionAsync(long currentRevision, CancellationToken cancellationToken)
    {
        long low = Math.Max(1, Interlocked.Read(ref _knownCompactRevision));
        try
        {
            if (!await IsCompactedAsync(low, cancellationToken).ConfigureAwait(false))
            {
                return low == 1 ? Interlocked.Read(ref _knownCompactRevision) : low;
            }

            // Invariant: low is compacted, high is not.
            long high = Math.Max(low + 1, currentRevision);
            while (high - low > 1)
            {
                long middle = low + ((high - low) / 2);
                if (await IsCompactedAsync(middle, cancellationToken).ConfigureAwait(false))
                {
                    low = middle;
                }
                else
                {
                    high = middle;
                }
            }

            NoteCompaction(high);
            return high;
        }
        catch (KvStoreException ex)
        {
            EtcdLog.CompactionProbeFailed(_logger, Name, ex.Message);
            return Interlocked.Read(ref _knownCompactRevision);
        }
    }

    private async Task<bool> IsCompactedAsync(long revision, CancellationToken cancellationToken)
    {
        var request = new RangeRequest { Key = Bytes(_probeKey), Revision = revision, CountOnly = true };
        try
        {
            await ReadAsync(_probeKey, (client, headers, ct) => client.GetAsync(request, headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (RpcException ex) when (EtcdErrors.IsCompacted(ex))
        {
            return true;
        }
    }
}
