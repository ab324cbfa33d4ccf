using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Benchmarks.Pipeline;

/// <summary>Receives and drops everything: measures what the WatchStore alone keeps per key.</summary>
internal sealed class NullObserver<T> : IStoreObserver<T>
{
    public void OnUpsert(string key, T value)
    {
    }

    public void OnDelete(string key, T lastValue)
    {
    }

    public void OnSynced()
    {
    }
}
