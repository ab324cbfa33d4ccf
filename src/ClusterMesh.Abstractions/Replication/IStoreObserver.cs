namespace ClusterMesh.Abstractions.Replication;

/// <summary>
/// Receives the decoded contents of one watched prefix. Every stage of the pipeline (caches, the service merger,
/// the policy engine, datapath writers) is an observer of the stage before it: nothing polls.
/// Calls for one store arrive in order and never concurrently.
/// </summary>
/// <typeparam name="T">The decoded value type.</typeparam>
public interface IStoreObserver<in T>
{
    /// <summary>A key was created or changed.</summary>
    void OnUpsert(string key, T value);

    /// <summary>A key was deleted; <paramref name="lastValue"/> is the last value seen for it.</summary>
    void OnDelete(string key, T lastValue);

    /// <summary>The initial listing (or a relisting) is complete: the observer now holds the full state.</summary>
    void OnSynced();
}
