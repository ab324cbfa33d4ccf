using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Replication.Common;

namespace ClusterMesh.Replication.Watch;

/// <summary>
/// Decides when a <see cref="WatchStore{T}"/> may list, and whether what it reads still comes from the source
/// it was let in for. The synced-canary gate waits for the writer's canary; the default lets everything through.
/// </summary>
public interface IWatchGate
{
    /// <summary>Completes when the source is ready to be listed (for example once its synced canary exists).</summary>
    Task WaitReadyAsync(IKvStore store, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the source is still the one <see cref="WaitReadyAsync"/> last let in (not restarted or
    /// republished since). Asked before resuming after a failure and before a listing deletes the keys that
    /// did not come back; <c>false</c> makes the watch wait and list again instead.
    /// </summary>
    Task<bool> IsSameSourceAsync(IKvStore store, CancellationToken cancellationToken);
}

/// <summary>Settings of one <see cref="WatchStore{T}"/>.</summary>
public sealed record WatchStoreOptions
{
    /// <summary>Retry delays after a failed watch.</summary>
    public BackoffOptions Backoff { get; init; } = BackoffOptions.Default;

    /// <summary>When to list and whether to resume; <c>null</c> lists at once and always resumes when it can.</summary>
    public IWatchGate? Gate { get; init; }

    /// <summary>Called when the watch fails (the store could not be reached, history was compacted, ...).</summary>
    public Action<Exception>? OnFailure { get; init; }

    /// <summary>Called each time a (re)started watch is in sync with the store again.</summary>
    public Action? OnConnected { get; init; }

    /// <summary>Only keys for which this returns <c>true</c> are considered (for watches of one exact key).</summary>
    public Func<string, bool>? KeyFilter { get; init; }
}
