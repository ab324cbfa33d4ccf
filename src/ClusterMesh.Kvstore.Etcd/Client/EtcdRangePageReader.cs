using System.Buffers;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// Reads an etcd <c>RangeResponse</c> (rpc.proto) into an <see cref="EtcdRangePage"/> without an object per key:
/// the generated parser allocates a KeyValue, two ByteStrings and two arrays for every key, most of the garbage of
/// an initial sync. Same semantics as Google.Protobuf for what etcd sends: fields are matched by number and wire
/// type (anything else is skipped as unknown), the last value of a repeated scalar wins, and repeated headers merge.
/// </summary>
internal static class EtcdRangePageReader
{
    // Tags (field number << 3 | wire type) of RangeResponse { 1 header; 2 repeated kvs; 3 more; 4 count }.
    private const uint HeaderTag = (1 << 3) | ProtoCursor.LengthDelimited;
    private const uint KvsTag = (2 << 3) | ProtoCursor.LengthDelimited;
    private const uint MoreTag = (3 << 3) | ProtoCursor.Varint;
    private const uint CountTag = (4 << 3) | ProtoCursor.Varint;

    // ResponseHeader { 1 cluster_id; 2 member_id; 3 revision; 4 raft_term }: only the revision is kept.
    private const uint RevisionTag = (3 << 3) | ProtoCursor.Varint;

    // mvccpb.KeyValue { 1 key; 2 create_revision; 3 mod_revision; 4 version; 5 value; 6 lease }.
    private const uint KeyTag = (1 << 3) | ProtoCursor.LengthDelimited;
    private const uint CreateRevisionTag = (2 << 3) | ProtoCursor.Varint;
    private const uint ModRevisionTag = (3 << 3) | ProtoCursor.Varint;
    private const uint VersionTag = (4 << 3) | ProtoCursor.Varint;
    private const uint ValueTag = (5 << 3) | ProtoCursor.LengthDelimited;
    private const uint LeaseTag = (6 << 3) | ProtoCursor.Varint;

    /// <summary>Reads <paramref name="buffer"/>; the page keeps copies of the keys and values, not the buffer.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed RangeResponse.</exception>
    public static EtcdRangePage Read(ReadOnlySpan<byte> buffer)
    {
        var entries = ReadEntries(buffer, rent: false, out _, out long revision, out bool more, out long count);
        return EtcdRangePage.Pack(buffer, entries, revision, more, count);
    }

    /// <summary>
    /// Reads the first <paramref name="length"/> bytes of <paramref name="rented"/>, a buffer from the shared array
    /// pool, into a lent page that keeps the keys and values where they are, with its entries in a pooled array too
    /// (see <see cref="EtcdRangePage.Lend"/>). The buffer is the page's from here on, also when the bytes are
    /// refused: it is given back then.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed RangeResponse.</exception>
    public static EtcdRangePage ReadLent(byte[] rented, int length)
    {
        try
        {
            var entries = ReadEntries(rented.AsSpan(0, length), rent: true, out int keyCount, out long revision, out bool more, out long count);
            return EtcdRangePage.Lend(rented, entries, keyCount, revision, more, count);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }
    }

    /// <summary>The key-values of <paramref name="buffer"/> in the first <paramref name="keyCount"/> elements of the
    /// array returned: one of exactly that length, or one rented from the shared pool (<paramref name="rent"/>).</summary>
    private static EtcdRangeEntry[] ReadEntries(ReadOnlySpan<byte> buffer, bool rent, out int keyCount, out long revision, out bool more, out long count)
    {
        // A first pass only counts the key-values (a tag and a length each), so the entries are one array of the
        // right size (or at least that size, rented).
        keyCount = CountKeyValues(buffer);
        var entries = rent ? ArrayPool<EtcdRangeEntry>.Shared.Rent(keyCount) : GC.AllocateUninitializedArray<EtcdRangeEntry>(keyCount); // the first keyCount are written below
        int read = 0;
        revision = 0;
        count = 0;
        more = false;
        var response = new ProtoCursor(buffer, 0, buffer.Length, "RangeResponse");
        while (!response.AtEnd)
        {
            uint tag = response.ReadTag();
            switch (tag)
            {
                case HeaderTag:
                    ReadHeader(response.ReadMessage("ResponseHeader"), ref revision);
                    break;
                case KvsTag:
                    entries[read++] = ReadKeyValue(response.ReadMessage("KeyValue"));
                    break;
                case MoreTag:
                    more = response.ReadVarint() != 0;
                    break;
                case CountTag:
                    count = (long)response.ReadVarint();
                    break;
                default:
                    response.Skip(tag);
                    break;
            }
        }

        return entries;
    }

    private static int CountKeyValues(ReadOnlySpan<byte> buffer)
    {
        int count = 0;
        var response = new ProtoCursor(buffer, 0, buffer.Length, "RangeResponse");
        while (!response.AtEnd)
        {
            uint tag = response.ReadTag();
            count += tag == KvsTag ? 1 : 0;
            response.Skip(tag);
        }

        return count;
    }

    // A header repeated on the wire merges into one, as protobuf merges embedded messages: the last revision wins.
    private static void ReadHeader(ProtoCursor header, ref long revision)
    {
        while (!header.AtEnd)
        {
            uint tag = header.ReadTag();
            if (tag == RevisionTag)
            {
                revision = (long)header.ReadVarint();
            }
            else
            {
                header.Skip(tag);
            }
        }
    }

    private static EtcdRangeEntry ReadKeyValue(ProtoCursor kv)
    {
        (int Offset, int Length) key = default;
        (int Offset, int Length) value = default;
        long createRevision = 0, modRevision = 0, version = 0, lease = 0;
        while (!kv.AtEnd)
        {
            uint tag = kv.ReadTag();
            switch (tag)
            {
                case KeyTag:
                    key = kv.ReadLengthDelimited();
                    break;
                case CreateRevisionTag:
                    createRevision = (long)kv.ReadVarint();
                    break;
                case ModRevisionTag:
                    modRevision = (long)kv.ReadVarint();
                    break;
                case VersionTag:
                    version = (long)kv.ReadVarint();
                    break;
                case ValueTag:
                    value = kv.ReadLengthDelimited();
                    break;
                case LeaseTag:
                    lease = (long)kv.ReadVarint();
                    break;
                default:
                    kv.Skip(tag);
                    break;
            }
        }

        return new EtcdRangeEntry(key.Offset, key.Length, value.Offset, value.Length, createRevision, modRevision, version, lease);
    }
}
