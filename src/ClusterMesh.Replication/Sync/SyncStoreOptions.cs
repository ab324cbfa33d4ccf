using ClusterMesh.Replication.Common;

namespace ClusterMesh.Replication.Sync;

/// <summary>Settings of one <see cref="SyncStore"/>: which cluster writes which prefix, and how.</summary>
public sealed record SyncStoreOptions
{
    /// <summary>The local cluster's name: the canary is <c>cilium/synced/&lt;ClusterName&gt;/&lt;Prefix&gt;</c>.</summary>
    public required string ClusterName { get; init; }

    /// <summary>The prefix this writer owns, without a trailing '/' (for example <c>cilium/state/nodes/v1</c>).
    /// Every key written must lie below it.</summary>
    public required string Prefix { get; init; }

    /// <summary>The name the synced canary uses instead of <see cref="Prefix"/>, when set.</summary>
    public string? SyncedKeyOverride { get; init; }

    /// <summary>Whether keys are written under a lease (so they vanish when this writer dies). Default on.</summary>
    public bool UseLease { get; init; } = true;

    /// <summary>The lease's time to live (Cilium's default kvstore lease TTL is 15 minutes).</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the lease is renewed; defaults to a third of <see cref="LeaseTtl"/>.</summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    /// <summary>Retry delays after a failed write.</summary>
    public BackoffOptions Backoff { get; init; } = BackoffOptions.Default;

    /// <summary>Whether disposing the writer revokes its lease (deleting every key it wrote). Default off:
    /// an agent restart then does not make every remote cluster withdraw and re-learn this cluster's state.</summary>
    public bool RevokeLeaseOnDispose { get; init; }

    internal TimeSpan EffectiveKeepAliveInterval => KeepAliveInterval ?? LeaseTtl / 3;

    internal string CanaryKey => Abstractions.Keys.KvKeys.SyncedCanary(ClusterName, SyncedKeyOverride ?? Prefix);
}

/// <summary>A snapshot of a <see cref="SyncStore"/> for status output.</summary>
/// <param name="Prefix">The prefix written.</param>
/// <param name="OwnedKeys">Keys the writer currently owns.</param>
/// <param name="PendingKeys">Keys waiting to be written or deleted.</param>
/// <param name="CanaryWritten">Whether the synced canary is written.</param>
/// <param name="Lease">The current lease, or <see cref="Abstractions.Kvstore.LeaseId.None"/>.</param>
/// <param name="Failures">Failed store operations since start.</param>
/// <param name="LeasesLost">How often the lease was lost and every key rewritten.</param>
public sealed record SyncStoreStatus(string Prefix, int OwnedKeys, int PendingKeys, bool CanaryWritten,
    Abstractions.Kvstore.LeaseId Lease, long Failures, long LeasesLost);
