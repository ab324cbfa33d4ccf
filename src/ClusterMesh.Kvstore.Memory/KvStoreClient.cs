using System.Runtime.CompilerServices;
using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Memory;

/// <summary>
/// One client's view of a shared <see cref="MemoryKvStore"/>: disposing it ends this client's watches only, and a
/// read-only view refuses every change like an etcd user with a read-only role.
/// </summary>
internal sealed class KvStoreClient(MemoryKvStore store, bool readOnly) : IKvStore
{
    private readonly CancellationTokenSource _closed = new();

    public string Name => readOnly ? $"{store.Name} (read-only)" : store.Name;

    public ValueTask<KvEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
        => Usable() ? store.GetAsync(key, cancellationToken) : Closed<KvEntry?>();

    public ValueTask<KvPage> ListAsync(string prefix, KvListOptions options = default, CancellationToken cancellationToken = default)
        => Usable() ? store.ListAsync(prefix, options, cancellationToken) : Closed<KvPage>();

    public ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default)
        => Writable() ? store.PutAsync(key, value, lease, cancellationToken) : Refused<long>(key);

    public ValueTask<bool> CreateAsync(string key, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default)
        => Writable() ? store.CreateAsync(key, value, lease, cancellationToken) : Refused<bool>(key);

    public ValueTask<bool> CompareAndSwapAsync(string key, long expectedModRevision, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default)
        => Writable() ? store.CompareAndSwapAsync(key, expectedModRevision, value, lease, cancellationToken) : Refused<bool>(key);

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
        => Writable() ? store.DeleteAsync(key, cancellationToken) : Refused<bool>(key);

    public ValueTask<long> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
        => Writable() ? store.DeletePrefixAsync(prefix, cancellationToken) : Refused<long>(prefix);

    public IAsyncEnumerable<KvEvent> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed.IsCancellationRequested, this);
        return WatchUntilClosed(prefix, fromRevision, cancellationToken);
    }

    public ValueTask<LeaseId> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
        => Writable() ? store.GrantLeaseAsync(ttl, cancellationToken) : Refused<LeaseId>(null);

    public ValueTask KeepAliveAsync(LeaseId lease, CancellationToken cancellationToken = default)
        => Writable() ? store.KeepAliveAsync(lease, cancellationToken) : new ValueTask(Refused<bool>(null).AsTask());

    public ValueTask RevokeLeaseAsync(LeaseId lease, CancellationToken cancellationToken = default)
        => Writable() ? store.RevokeLeaseAsync(lease, cancellationToken) : new ValueTask(Refused<bool>(null).AsTask());

    public ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default)
        => Writable() ? store.CompactAsync(revision, cancellationToken) : new ValueTask(Refused<bool>(null).AsTask());

    public ValueTask<KvStatus> GetStatusAsync(CancellationToken cancellationToken = default)
        => Usable() ? store.GetStatusAsync(cancellationToken) : Closed<KvStatus>();

    public ValueTask DisposeAsync()
    {
        _closed.Cancel();
        return ValueTask.CompletedTask;
    }

    private async IAsyncEnumerable<KvEvent> WatchUntilClosed(string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        var events = store.WatchAsync(prefix, fromRevision, linked.Token).GetAsyncEnumerator(linked.Token);
        await using (events.ConfigureAwait(false))
        {
            while (await MoveNextOrClosedAsync(events, cancellationToken).ConfigureAwait(false))
            {
                yield return events.Current;
            }
        }
    }

    /// <summary>Reports this client's disposal as such, not as a cancellation the caller never asked for.</summary>
    private async ValueTask<bool> MoveNextOrClosedAsync(IAsyncEnumerator<KvEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(KvStoreClient), "The kvstore client was disposed; its watch ended.");
        }
    }

    private bool Usable() => !_closed.IsCancellationRequested;

    private bool Writable() => Usable() && !readOnly;

    private ValueTask<T> Refused<T>(string? key) => Usable()
        ? ValueTask.FromException<T>(new KvPermissionDeniedException($"Client of '{store.Name}' is read-only.", key))
        : Closed<T>();

    private ValueTask<T> Closed<T>() => ValueTask.FromException<T>(new ObjectDisposedException(nameof(KvStoreClient)));
}
