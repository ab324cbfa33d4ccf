namespace ClusterMesh.Abstractions.Kvstore;

/// <summary>A lease handle; <see cref="None"/> (0) means "no lease".</summary>
/// <param name="Value">The backend's lease number.</param>
public readonly record struct LeaseId(long Value)
{
    /// <summary>No lease.</summary>
    public static LeaseId None => default;

    /// <summary>Whether this is a real lease.</summary>
    public bool IsSet => Value != 0;

    /// <inheritdoc />
    public override string ToString() => Value.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One stored key with its revisions, as etcd reports them.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value bytes (never mutated after creation).</param>
/// <param name="CreateRevision">Revision at which the key was created.</param>
/// <param name="ModRevision">Revision of the last write to the key.</param>
/// <param name="Version">Number of writes since creation (1 after the first).</param>
/// <param name="Lease">The lease the key is attached to, or <see cref="LeaseId.None"/>.</param>
public sealed record KvEntry(string Key, ReadOnlyMemory<byte> Value, long CreateRevision, long ModRevision, long Version, LeaseId Lease);

/// <summary>Options for one page of a prefix read.</summary>
/// <param name="Limit">Maximum number of keys in the page; 0 means the backend's default page size.</param>
/// <param name="Revision">The revision to read at; 0 means the current revision. Pin it for every page after the first.</param>
/// <param name="StartKey">First key to return (inclusive); <c>null</c> starts at the prefix.</param>
public readonly record struct KvListOptions(int Limit = 0, long Revision = 0, string? StartKey = null);

/// <summary>One page of a prefix read.</summary>
/// <param name="Entries">The entries in key order.</param>
/// <param name="Revision">The store revision the page was read at.</param>
/// <param name="NextKey">The key to start the next page at, or <c>null</c> when this was the last page.</param>
public sealed record KvPage(IReadOnlyList<KvEntry> Entries, long Revision, string? NextKey)
{
    /// <summary>Whether more pages follow.</summary>
    public bool HasMore => NextKey is not null;
}

/// <summary>What a watch event says.</summary>
public enum KvEventKind
{
    /// <summary>The key was created or changed.</summary>
    Upsert,

    /// <summary>The key was deleted (explicitly, by prefix delete, or by lease expiry).</summary>
    Delete,

    /// <summary>Every existing key (or every change since the start revision) has been delivered: the watcher is in sync.</summary>
    Synced,
}

/// <summary>One watch event.</summary>
/// <param name="Kind">Upsert, delete, or the in-sync marker.</param>
/// <param name="Key">The key (empty for <see cref="KvEventKind.Synced"/>).</param>
/// <param name="Value">The new value for upserts; empty for deletes and markers.</param>
/// <param name="Revision">The revision of the change; for the marker, the revision the watcher is in sync at.</param>
public readonly record struct KvEvent(KvEventKind Kind, string Key, ReadOnlyMemory<byte> Value, long Revision)
{
    /// <summary>Builds the in-sync marker.</summary>
    public static KvEvent SyncedAt(long revision) => new(KvEventKind.Synced, string.Empty, ReadOnlyMemory<byte>.Empty, revision);
}

/// <summary>Status of a kvstore connection.</summary>
/// <param name="Connected">Whether the store answered.</param>
/// <param name="Revision">Its current revision.</param>
/// <param name="CompactRevision">The revision below which history has been discarded.</param>
/// <param name="Detail">A human-readable line for status output.</param>
public sealed record KvStatus(bool Connected, long Revision, long CompactRevision, string Detail);
