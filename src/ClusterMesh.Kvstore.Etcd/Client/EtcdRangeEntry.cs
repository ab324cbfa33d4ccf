namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// One key-value of an <see cref="EtcdRangePage"/>: where its key and value lie (in the message while it is read,
/// then in one of the page's chunks), plus its revisions and lease, as etcd's <c>mvccpb.KeyValue</c> carries them.
/// A struct, so that a page of a thousand keys is one array rather than thousands of objects.
/// </summary>
/// <param name="KeyOffset">Where the key starts.</param>
/// <param name="KeyLength">The key's length in bytes (0 when absent).</param>
/// <param name="ValueOffset">Where the value starts.</param>
/// <param name="ValueLength">The value's length in bytes (0 when absent).</param>
/// <param name="CreateRevision">The revision of the key's last creation.</param>
/// <param name="ModRevision">The revision of the key's last change.</param>
/// <param name="Version">How many times the key changed since its creation.</param>
/// <param name="Lease">The lease attached to the key (0: none).</param>
/// <param name="Chunk">The page chunk holding the key and the value.</param>
internal readonly record struct EtcdRangeEntry(
    int KeyOffset,
    int KeyLength,
    int ValueOffset,
    int ValueLength,
    long CreateRevision,
    long ModRevision,
    long Version,
    long Lease,
    int Chunk = 0);
