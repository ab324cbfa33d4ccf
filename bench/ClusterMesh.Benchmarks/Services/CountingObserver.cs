using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Services.Model;

namespace ClusterMesh.Benchmarks.Services;

/// <summary>Counts what the merger passes on, so the harness can check every change reached downstream.</summary>
internal sealed class CountingObserver : IStoreObserver<MergedService>
{
    public long Upserts { get; private set; }

    public void OnUpsert(string key, MergedService value) => Upserts++;

    public void OnDelete(string key, MergedService lastValue)
    {
    }

    public void OnSynced()
    {
    }
}
