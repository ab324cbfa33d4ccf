using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Memory.Mvcc;

/// <summary>One revision of one key; a tombstone (no value) records a delete.</summary>
internal readonly record struct KeyVersion(long CreateRevision, long ModRevision, long Version, byte[]? Value, LeaseId Lease)
{
    public bool IsTombstone => Value is null;

    public static KeyVersion Tombstone(long revision) => new(0, revision, 0, null, LeaseId.None);

    public KvEntry ToEntry(string key) => new(key, Value, CreateRevision, ModRevision, Version, Lease);
}
