using System.Runtime.CompilerServices;
using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Etcd.Tests.Faults;

/// <summary>
/// A network partition between one client and a real etcd: while partitioned every call fails as unavailable and
/// open watches end; etcd itself keeps running for everyone else. Counts watches that etcd refused because
/// their start revision was compacted.
/// </summary>
internal sealed class PartitionableKvStore(IKvStore inner) : IKvStore
{
    private CancellationTokenSource _partition = new();
    private volatile bool _partitioned;
    private int _compactedWatches;

    public string Name => inner.Name;

    public int CompactedWatches => Volatile.Read(ref _compactedWatches);

    public void Partition()
    {
        _partitioned = true;
        _partition.Cancel();
    }

    public void Heal()
    {
        _partition = new CancellationTokenSource();
        _partitioned = false;
    }

    public ValueTask<KvEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => Call(() => inner.GetAsync(key, cancellationToken));

    public ValueTask<KvPage> ListAsync(string prefix, KvListOptions options = default, CancellationToken cancellationToken = default) => Call(() => inner.ListAsync(prefix, options, cancellationToken));

    public ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default) => Call(() => inner.PutAsync(key, value, lease, cancellationToken));

    public ValueTask<bool> CreateAsync(string key, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default) => Call(() => inner.CreateAsync(key, value, lease, cancellationToken));

    public ValueTask<bool> CompareAndSwapAsync(string key, long expectedModRevision, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default) =>
        Call(() => inner.CompareAndSwapAsync(key, expectedModRevision, value, lease, cancellationToken));

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => Call(() => inner.DeleteAsync(key, cancellationToken));

    public ValueTask<long> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => Call(() => inner.DeletePrefixAsync(prefix, cancellationToken));

    public ValueTask<LeaseId> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) => Call(() => inner.GrantLeaseAsync(ttl, cancellationToken));

    public async ValueTask KeepAliveAsync(LeaseId lease, CancellationToken cancellationToken = default) => await Call(async () => { await inner.KeepAliveAsync(lease, cancellationToken); return 0; });

    public async ValueTask RevokeLeaseAsync(LeaseId lease, CancellationToken cancellationToken = default) => await Call(async () => { await inner.RevokeLeaseAsync(lease, cancellationToken); return 0; });

    public async ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default) => await Call(async () => { await inner.CompactAsync(revision, cancellationToken); return 0; });

    public ValueTask<KvStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Call(() => inner.GetStatusAsync(cancellationToken));

    public IAsyncEnumerable<KvEvent> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default) =>
        Watch(inner.WatchAsync, prefix, fromRevision, cancellationToken);

    // The mirrors under test watch through here: the fault tests then cover the etcd store's lent listings.
    public IAsyncEnumerable<KvEvent> WatchLendingValuesAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default) =>
        Watch(inner.WatchLendingValuesAsync, prefix, fromRevision, cancellationToken);

    private async IAsyncEnumerable<KvEvent> Watch(Func<string, long, CancellationToken, IAsyncEnumerable<KvEvent>> watch, string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ThrowIfPartitioned(prefix);
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _partition.Token);
        await using var events = watch(prefix, fromRevision, cut.Token).GetAsyncEnumerator(cut.Token);
        while (true)
        {
            bool more;
            try
            {
                more = await events.MoveNextAsync();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new KvUnavailableException($"{Name}: partitioned", prefix);
            }
            catch (KvCompactedException) when (fromRevision > 0)
            {
                Interlocked.Increment(ref _compactedWatches);
                throw;
            }

            if (!more)
            {
                yield break;
            }

            yield return events.Current;
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async ValueTask<T> Call<T>(Func<ValueTask<T>> call)
    {
        ThrowIfPartitioned(null);
        return await call();
    }

    private void ThrowIfPartitioned(string? key)
    {
        if (_partitioned)
        {
            throw new KvUnavailableException($"{Name}: partitioned", key);
        }
    }
}
