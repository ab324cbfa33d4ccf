using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Replication.Watch;

namespace ClusterMesh.Replication.Remote;

/// <summary>The type-erased view of one kind's <see cref="WatchStore{T}"/> that a remote cluster drives.</summary>
internal interface IKindWatcher
{
    string Name { get; }

    string WatchPrefix { get; }

    bool Synced { get; }

    int Count { get; }

    RejectionCounters Rejections { get; }

    Task WatchAsync(IKvStore store, CancellationToken cancellationToken);

    void Drain();
}

internal sealed class KindWatcher<T>(string name, WatchStore<T> store) : IKindWatcher
    where T : notnull
{
    public string Name => name;

    public string WatchPrefix => store.Prefix;

    public bool Synced => store.Synced;

    public int Count => store.Count;

    public RejectionCounters Rejections => store.Rejections;

    public Task WatchAsync(IKvStore kv, CancellationToken cancellationToken) => store.WatchAsync(kv, cancellationToken);

    public void Drain() => store.Drain();
}
