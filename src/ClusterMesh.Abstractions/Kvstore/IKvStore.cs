namespace ClusterMesh.Abstractions.Kvstore;

/// <summary>
/// A key-value store with etcd v3 semantics: one revision counter for the whole store, prefix watches that
/// replay from any revision not yet compacted, leases, and compare-and-swap through revisions.
/// Every backend (embedded memory, etcd) implements this contract and passes the shared contract tests.
/// </summary>
/// <remarks>
/// Failures surface as <see cref="KvStoreException"/> subclasses: <see cref="KvUnavailableException"/>,
/// <see cref="KvPermissionDeniedException"/>, <see cref="KvCompactedException"/> and
/// <see cref="KvNotFoundException"/>. Values are opaque bytes; keys are UTF-8 strings. A value handed out (in an
/// entry or a watch event) is never mutated afterwards, so consumers may keep it without copying; only
/// <see cref="WatchLendingValuesAsync"/> lends its values for a shorter time.
/// </remarks>
public interface IKvStore : IAsyncDisposable
{
    /// <summary>A name for logs and status output (for example the cluster name or the endpoint list).</summary>
    string Name { get; }

    /// <summary>Reads one key; <c>null</c> when it does not exist.</summary>
    ValueTask<KvEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one page of the keys under <paramref name="prefix"/>, in key order. Pass the returned
    /// <see cref="KvPage.Revision"/> and <see cref="KvPage.NextKey"/> back through <paramref name="options"/>
    /// to read the next page at the same revision, so that a large prefix is read consistently without
    /// one huge response.
    /// </summary>
    ValueTask<KvPage> ListAsync(string prefix, KvListOptions options = default, CancellationToken cancellationToken = default);

    /// <summary>Writes a key, attached to <paramref name="lease"/> when it is not <see cref="LeaseId.None"/>.</summary>
    /// <returns>The revision of the write.</returns>
    ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default);

    /// <summary>Writes a key only when it does not exist yet.</summary>
    /// <returns><c>true</c> when this call created the key.</returns>
    ValueTask<bool> CreateAsync(string key, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a key only when its current modification revision equals <paramref name="expectedModRevision"/>
    /// (0 means "the key must not exist").
    /// </summary>
    /// <returns><c>true</c> when the write happened.</returns>
    ValueTask<bool> CompareAndSwapAsync(string key, long expectedModRevision, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default);

    /// <summary>Deletes one key.</summary>
    /// <returns><c>true</c> when the key existed.</returns>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every key under a prefix.</summary>
    /// <returns>The number of keys deleted.</returns>
    ValueTask<long> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches the keys under <paramref name="prefix"/>.
    /// With <paramref name="fromRevision"/> 0 the current state is listed first as <see cref="KvEventKind.Upsert"/>
    /// events, followed by one <see cref="KvEventKind.Synced"/> marker; then live changes follow.
    /// With a positive <paramref name="fromRevision"/> every change from that revision on is replayed, then the
    /// <see cref="KvEventKind.Synced"/> marker, then live changes.
    /// A revision below the compaction point fails with <see cref="KvCompactedException"/>; an outage ends the
    /// enumeration with <see cref="KvUnavailableException"/>. Callers resume from the last revision they saw + 1.
    /// </summary>
    IAsyncEnumerable<KvEvent> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="WatchAsync"/> for a consumer that is done with each event's value before it asks for the next
    /// event: a value is valid only until the enumerator moves on (or is disposed), after which the store may reuse
    /// the memory behind it. A consumer copies what it keeps. A backend that lists from its own buffers can then
    /// reuse them instead of allocating every page of a large listing anew (the etcd backend does); the default is
    /// <see cref="WatchAsync"/> itself, whose values outlive that promise.
    /// </summary>
    IAsyncEnumerable<KvEvent> WatchLendingValuesAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default) =>
        WatchAsync(prefix, fromRevision, cancellationToken);

    /// <summary>Grants a lease that expires <paramref name="ttl"/> after its last keep-alive.</summary>
    ValueTask<LeaseId> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Renews a lease; throws <see cref="KvNotFoundException"/> when it has expired or was revoked.</summary>
    ValueTask KeepAliveAsync(LeaseId lease, CancellationToken cancellationToken = default);

    /// <summary>Revokes a lease and deletes every key attached to it.</summary>
    ValueTask RevokeLeaseAsync(LeaseId lease, CancellationToken cancellationToken = default);

    /// <summary>Discards history below <paramref name="revision"/>; watches that start below it fail as compacted.</summary>
    ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default);

    /// <summary>Health and revision of the store; throws <see cref="KvUnavailableException"/> when it cannot be reached.</summary>
    ValueTask<KvStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}
