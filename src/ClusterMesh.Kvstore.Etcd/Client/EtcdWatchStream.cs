using ClusterMesh.Abstractions.Kvstore;
using dotnet_etcd.interfaces;
using Etcdserverpb;
using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// One etcd watch on its own gRPC stream, read batch by batch. When replaying from an old revision it also decides
/// when the replay has caught up with <c>syncAt</c> (the revision current when the watch started) and inserts the
/// <see cref="KvEventKind.Synced"/> marker there.
/// </summary>
/// <remarks>
/// etcd 3.4 sends a watcher's whole backlog in one response whose header revision is the store revision at that
/// moment (unless the backlog spans 1000 revisions or more), so such a response at or past <c>syncAt</c> proves
/// the replay complete. When the prefix had no changes at all there is no such response: then a progress request
/// answers, sent only after a quiet period longer than etcd's 100 ms catch-up pass, because etcd 3.4 answers
/// progress requests even for a watcher that has not delivered its backlog yet.
/// </remarks>
internal sealed class EtcdWatchStream : IAsyncDisposable
{
    private const int EtcdMaxRevisionsPerBatch = 1000;
    private static readonly TimeSpan QuietBeforeProgress = TimeSpan.FromMilliseconds(300);

    private readonly AsyncDuplexStreamingCall<WatchRequest, WatchResponse> _call;
    private readonly CancellationTokenSource _stop;
    private readonly string _name;
    private readonly string _prefix;
    private readonly long _syncAt;
    private volatile bool _synced;
    private Task _progress = Task.CompletedTask;

    private EtcdWatchStream(AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call, CancellationTokenSource stop, string name, string prefix, long syncAt, bool synced)
    {
        _call = call;
        _stop = stop;
        _name = name;
        _prefix = prefix;
        _syncAt = syncAt;
        _synced = synced;
    }

    /// <summary>
    /// Opens a watch of <c>prefix</c> from <c>startRevision</c>; the marker goes after the changes up to
    /// <c>syncAt</c>, unless <c>synced</c> says it has been delivered already.
    /// </summary>
    public static async Task<EtcdWatchStream> OpenAsync(IConnection grpc, Metadata? headers, string name, string prefix, long startRevision, long syncAt, bool synced, CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var call = grpc.WatchClient.Watch(headers, cancellationToken: stop.Token);
        var stream = new EtcdWatchStream(call, stop, name, prefix, syncAt, synced);
        try
        {
            var create = new WatchCreateRequest { Key = EtcdKvStore.Bytes(prefix), RangeEnd = EtcdKvStore.RangeEnd(prefix), StartRevision = startRevision };
            await EtcdStreamStart.WriteFirstAsync(call.RequestStream, call.ResponseHeadersAsync, new WatchRequest { CreateRequest = create }, stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            string reason = ex is RpcException rpc ? $"{rpc.StatusCode} {rpc.Status.Detail}" : ex.Message;
            throw new KvUnavailableException($"{name}: cannot start a watch of {prefix}: {reason}", prefix, ex);
        }

        if (!synced)
        {
            stream._progress = stream.RequestProgressWhenQuietAsync();
        }

        return stream;
    }

    /// <summary>The next events (at least one); throws the typed error the watch ends with.</summary>
    public async Task<List<KvEvent>> NextAsync(CancellationToken cancellationToken)
    {
        var batch = new List<KvEvent>();
        while (batch.Count == 0)
        {
            var response = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (response.CompactRevision != 0)
            {
                throw new KvCompactedException($"{_name}: watch of {_prefix} starts below the compact revision {response.CompactRevision}", response.CompactRevision, _prefix);
            }

            if (response.Canceled)
            {
                string reason = response.CancelReason;
                throw reason.Contains("permission denied", StringComparison.OrdinalIgnoreCase)
                    ? new KvPermissionDeniedException($"{_name}: watch of {_prefix}: {reason}", _prefix)
                    : new KvUnavailableException($"{_name}: watch of {_prefix} cancelled by etcd: {reason}", _prefix);
            }

            if (response.Created)
            {
                continue;
            }

            Collect(response, batch);
        }

        return batch;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _progress.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException or InvalidOperationException or IOException)
        {
            // The stream is going away; a failed progress request changes nothing.
        }

        _call.Dispose();
        _stop.Dispose();
    }

    private void Collect(WatchResponse response, List<KvEvent> batch)
    {
        foreach (var change in response.Events)
        {
            long revision = change.Kv.ModRevision;
            if (!_synced && revision > _syncAt)
            {
                batch.Add(KvEvent.SyncedAt(_syncAt));
                _synced = true;
            }

            batch.Add(change.Type == Mvccpb.Event.Types.EventType.Delete
                ? new KvEvent(KvEventKind.Delete, change.Kv.Key.ToStringUtf8(), ReadOnlyMemory<byte>.Empty, revision)
                : new KvEvent(KvEventKind.Upsert, change.Kv.Key.ToStringUtf8(), change.Kv.Value.Memory, revision));
        }

        bool complete = response.Events.Count == 0
            || response.Events.Select(e => e.Kv.ModRevision).Distinct().Count() < EtcdMaxRevisionsPerBatch;
        if (!_synced && complete && response.Header.Revision >= _syncAt)
        {
            batch.Add(KvEvent.SyncedAt(_syncAt));
            _synced = true;
        }
    }

    private async Task<WatchResponse> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await _call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                return _call.ResponseStream.Current;
            }
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw ex.StatusCode == StatusCode.PermissionDenied
                ? new KvPermissionDeniedException($"{_name}: watch of {_prefix}: {ex.Status.Detail}", _prefix, ex)
                : new KvUnavailableException($"{_name}: watch of {_prefix} ended: {ex.StatusCode} {ex.Status.Detail}", _prefix, ex);
        }
        catch (RpcException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            // The channel went away under the stream (replaced after a certificate reload, or the store closed).
            throw new KvUnavailableException($"{_name}: watch of {_prefix} ended: its connection was closed", _prefix, ex);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new KvUnavailableException($"{_name}: watch of {_prefix} closed by the server", _prefix);
    }

    private async Task RequestProgressWhenQuietAsync()
    {
        // Only this task writes after the create request, so writes never overlap.
        while (!_synced && !_stop.IsCancellationRequested)
        {
            await Task.Delay(QuietBeforeProgress, _stop.Token).ConfigureAwait(false);
            if (!_synced)
            {
                await _call.RequestStream.WriteAsync(new WatchRequest { ProgressRequest = new WatchProgressRequest() }, _stop.Token).ConfigureAwait(false);
            }
        }
    }
}
