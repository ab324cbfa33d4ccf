namespace ClusterMesh.Abstractions.Kvstore;

/// <summary>Base of every typed kvstore failure.</summary>
public abstract class KvStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected KvStoreException(string message, string? key, Exception? inner)
        : base(message, inner) => Key = key;

    /// <summary>The key the failed operation concerned, when there was one.</summary>
    public string? Key { get; }
}

/// <summary>The store cannot be reached (down, partitioned, timed out).</summary>
public sealed class KvUnavailableException(string message, string? key = null, Exception? inner = null)
    : KvStoreException(message, key, inner);

/// <summary>The credentials in use may not perform this operation (for example a write to a read-only remote).</summary>
public sealed class KvPermissionDeniedException(string message, string? key = null, Exception? inner = null)
    : KvStoreException(message, key, inner);

/// <summary>A leased or keyed object does not exist (an expired lease, for example).</summary>
public sealed class KvNotFoundException(string message, string? key = null, Exception? inner = null)
    : KvStoreException(message, key, inner);

/// <summary>The requested revision has been compacted away: the caller must list again.</summary>
public sealed class KvCompactedException(string message, long compactRevision, string? key = null, Exception? inner = null)
    : KvStoreException(message, key, inner)
{
    /// <summary>The store's compaction revision at the time of the failure.</summary>
    public long CompactRevision { get; } = compactRevision;
}
