using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Services.Tests.Support;

/// <summary>Records what a stage passes on.</summary>
internal sealed class RecordingObserver<T> : IStoreObserver<T>
{
    public List<string> Events { get; } = [];

    public Dictionary<string, T> State { get; } = [];

    public void OnUpsert(string key, T value)
    {
        Events.Add($"upsert {key}");
        State[key] = value;
    }

    public void OnDelete(string key, T lastValue)
    {
        Events.Add($"delete {key}");
        State.Remove(key);
    }

    public void OnSynced() => Events.Add("synced");
}
