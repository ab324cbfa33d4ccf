using System.Text;
using ClusterMesh.Abstractions.Kvstore;
using Google.Protobuf;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// One etcd Range response read without copying each key-value: the message's bytes in one array, and per key an
/// <see cref="EtcdRangeEntry"/> pointing into it (see <see cref="EtcdRangePageReader"/>). Values handed out are
/// slices of that array, so the array is never pooled or reused: it lives as long as any value taken from it.
/// </summary>
internal sealed class EtcdRangePage
{
    private readonly byte[] _buffer;
    private readonly EtcdRangeEntry[] _entries;

    /// <summary>A page over <paramref name="buffer"/> (owned by the page from now on).</summary>
    public EtcdRangePage(byte[] buffer, EtcdRangeEntry[] entries, long revision, bool more, long count)
    {
        _buffer = buffer;
        _entries = entries;
        Revision = revision;
        More = more;
        Count = count;
    }

    /// <summary>The store revision the range was served at (the response header's; 0 without a header).</summary>
    public long Revision { get; }

    /// <summary>Whether the range holds more keys than this page (etcd's <c>more</c>).</summary>
    public bool More { get; }

    /// <summary>How many keys the whole range holds, as etcd counted them (its <c>count</c>, not this page's).</summary>
    public long Count { get; }

    /// <summary>How many key-values this page holds.</summary>
    public int KeyCount => _entries.Length;

    /// <summary>The key-value at <paramref name="index"/> (offsets into the page buffer).</summary>
    public ref readonly EtcdRangeEntry this[int index] => ref _entries[index];

    /// <summary>The raw key bytes at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> KeyBytes(int index) => _buffer.AsSpan(_entries[index].KeyOffset, _entries[index].KeyLength);

    /// <summary>The key at <paramref name="index"/> as text (etcd keys of Cilium are UTF-8).</summary>
    public string Key(int index) => Encoding.UTF8.GetString(KeyBytes(index));

    /// <summary>The value at <paramref name="index"/>: a slice of the page buffer, no copy.</summary>
    public ReadOnlyMemory<byte> Value(int index) => _buffer.AsMemory(_entries[index].ValueOffset, _entries[index].ValueLength);

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
        if (!More || _entries.Length == 0)
        {
            return null;
        }

        var last = KeyBytes(_entries.Length - 1);
        var start = new byte[last.Length + 1];
        last.CopyTo(start);

        // The array is new and never written again, so it can back the ByteString without another copy.
        return UnsafeByteOperations.UnsafeWrap(start);
    }
}
