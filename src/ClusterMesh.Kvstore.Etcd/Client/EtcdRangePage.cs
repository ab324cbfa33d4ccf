using System.Buffers;
using System.Text;
using ClusterMesh.Abstractions.Kvstore;
using Google.Protobuf;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// One etcd Range response read without an object per key-value: the keys and values packed into a few chunks, and
/// per key an <see cref="EtcdRangeEntry"/> pointing into one (see <see cref="EtcdRangePageReader"/>). Values handed
/// out are slices of a chunk, so chunks are never pooled or reused: each lives as long as any value taken from it.
/// A lent page (<see cref="Lend"/>) is the exception: the whole response in one buffer rented from the shared array
/// pool, given back by <see cref="Release"/> once its values are no longer used.
/// </summary>
/// <remarks>
/// A page of a thousand ipcache entries is some 350 KB; as one array it would land on the large object heap of a
/// process with the default threshold, and a sync of hundreds of pages would use up that heap's budget and force
/// full collections of everything mirrored so far. Chunks stay under <see cref="ChunkBytes"/>.
/// </remarks>
internal sealed class EtcdRangePage
{
    /// <summary>The largest chunk (but for a single key-value bigger than that), below the 85,000-byte threshold.</summary>
    internal const int ChunkBytes = 80 * 1024;

    private byte[][] _chunks;
    private EtcdRangeEntry[] _entries;
    private byte[]? _rented;

    private EtcdRangePage(byte[][] chunks, EtcdRangeEntry[] entries, int keyCount, long revision, bool more, long count)
    {
        _chunks = chunks;
        _entries = entries;
        KeyCount = keyCount;
        Revision = revision;
        More = more;
        Count = count;
    }

    /// <summary>
    /// A page of <paramref name="entries"/>, whose offsets point into <paramref name="message"/>: their keys and values
    /// are copied, in order, into chunks, and the entries rewritten to point there.
    /// </summary>
    public static EtcdRangePage Pack(ReadOnlySpan<byte> message, EtcdRangeEntry[] entries, long revision, bool more, long count)
    {
        var chunks = new List<byte[]>();
        for (int first = 0; first < entries.Length;)
        {
            // As many key-values as fit (at least one), then one chunk of exactly their size.
            long size = Size(entries[first]);
            int end = first + 1;
            while (end < entries.Length && size + Size(entries[end]) <= ChunkBytes)
            {
                size += Size(entries[end++]);
            }

            var chunk = GC.AllocateUninitializedArray<byte>((int)size); // filled to the last byte below
            int at = 0;
            for (int i = first; i < end; i++)
            {
                var kv = entries[i];
                message.Slice(kv.KeyOffset, kv.KeyLength).CopyTo(chunk.AsSpan(at));
                message.Slice(kv.ValueOffset, kv.ValueLength).CopyTo(chunk.AsSpan(at + kv.KeyLength));
                entries[i] = kv with { Chunk = chunks.Count, KeyOffset = at, ValueOffset = at + kv.KeyLength };
                at += kv.KeyLength + kv.ValueLength;
            }

            chunks.Add(chunk);
            first = end;
        }

        return new EtcdRangePage([.. chunks], entries, entries.Length, revision, more, count);
    }

    /// <summary>
    /// A page whose keys and values stay where the first <paramref name="keyCount"/> of <paramref name="entries"/>
    /// point: in <paramref name="rented"/>. Both arrays are from the shared array pools, and <see cref="Release"/>
    /// gives them back.
    /// </summary>
    public static EtcdRangePage Lend(byte[] rented, EtcdRangeEntry[] entries, int keyCount, long revision, bool more, long count) =>
        new([rented], entries, keyCount, revision, more, count) { _rented = rented };

    /// <summary>
    /// Gives a lent page's arrays back to their pools (once; nothing for a packed page). The page is empty afterwards,
    /// and values taken from it may hold another page's bytes.
    /// </summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            var entries = _entries;
            (_chunks, _entries, KeyCount) = ([], [], 0);
            ArrayPool<byte>.Shared.Return(rented);
            ArrayPool<EtcdRangeEntry>.Shared.Return(entries);
        }
    }

    /// <summary>The number of chunks the keys and values were packed into.</summary>
    internal int ChunkCount => _chunks.Length;

    /// <summary>The store revision the range was served at (the response header's; 0 without a header).</summary>
    public long Revision { get; }

    /// <summary>Whether the range holds more keys than this page (etcd's <c>more</c>).</summary>
    public bool More { get; }

    /// <summary>How many keys the whole range holds, as etcd counted them (its <c>count</c>, not this page's).</summary>
    public long Count { get; }

    /// <summary>How many key-values this page holds.</summary>
    public int KeyCount { get; private set; }

    /// <summary>The key-value at <paramref name="index"/> (offsets into its chunk).</summary>
    public ref readonly EtcdRangeEntry this[int index] => ref _entries[index];

    /// <summary>The raw key bytes at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> KeyBytes(int index) => _chunks[_entries[index].Chunk].AsSpan(_entries[index].KeyOffset, _entries[index].KeyLength);

    /// <summary>The key at <paramref name="index"/> as text (etcd keys of Cilium are UTF-8).</summary>
    public string Key(int index) => Encoding.UTF8.GetString(KeyBytes(index));

    /// <summary>The value at <paramref name="index"/>: a slice of its chunk, no copy.</summary>
    public ReadOnlyMemory<byte> Value(int index) => _chunks[_entries[index].Chunk].AsMemory(_entries[index].ValueOffset, _entries[index].ValueLength);

    /// <summary>The key-value at <paramref name="index"/> as the contract's entry.</summary>
    public KvEntry ToEntry(int index)
    {
        ref readonly var kv = ref _entries[index];
        return new KvEntry(Key(index), Value(index), kv.CreateRevision, kv.ModRevision, kv.Version, new LeaseId(kv.Lease));
    }

    /// <summary>The key-value at <paramref name="index"/> as a listing event.</summary>
    public KvEvent ToUpsert(int index) => new(KvEventKind.Upsert, Key(index), Value(index), _entries[index].ModRevision);

    /// <summary>
    /// Where the next page starts: the last key followed by a zero byte, the smallest key after it. Null when this
    /// page is the last one (or empty).
    /// </summary>
    public ByteString? NextStartKey()
    {
        if (!More || KeyCount == 0)
        {
            return null;
        }

        var last = KeyBytes(KeyCount - 1);
        var start = new byte[last.Length + 1];
        last.CopyTo(start);

        // The array is new and never written again, so it can back the ByteString without another copy.
        return UnsafeByteOperations.UnsafeWrap(start);
    }

    private static long Size(in EtcdRangeEntry kv) => (long)kv.KeyLength + kv.ValueLength;
}
