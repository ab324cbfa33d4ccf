using System.Text;
using Etcdserverpb;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Mvccpb;

namespace ClusterMesh.Kvstore.Etcd.Tests.Client;

/// <summary>The bytes of one RangeResponse on the wire (printed as hex when a property fails).</summary>
public sealed record RangeWire(byte[] Bytes)
{
    /// <inheritdoc />
    public override string ToString() => $"RangeWire({Bytes.Length} bytes: {Convert.ToHexString(Bytes)})";
}

/// <summary>
/// Random RangeResponse messages: built with the generated etcd types and serialized by Google.Protobuf, then in
/// most cases re-framed by hand with extra fields spliced in at top level, inside key-values and inside the header:
/// unknown fields of every wire type (including known field numbers with another wire type, which protobuf treats
/// as unknown) and repeated known fields (the last scalar wins, a second header merges).
/// </summary>
internal static class RangeWireGen
{
    // Tags (field << 3 | wire type) the reader knows, per message: an "unknown" field must not be one of them.
    private static readonly uint[] ResponseTags = [10, 18, 24, 32];
    private static readonly uint[] HeaderTags = [8, 16, 24, 32];
    private static readonly uint[] KeyValueTags = [10, 16, 24, 32, 42, 48];

    private static readonly Gen<byte> Byte = Gen.Choose(0, 255).Select(b => (byte)b);

    /// <summary>Revisions, versions, leases and counts: 0, negative, the extremes and varint length boundaries.</summary>
    public static Gen<long> Int64 { get; } = Gen.Frequency(
        (3, Gen.Elements(0L, 1L, -1L, 127L, 128L, 16_383L, 16_384L, long.MinValue, long.MaxValue)),
        (3, ArbMap.Default.GeneratorFor<long>()),
        (2, Gen.Choose(0, int.MaxValue).SelectMany(high => Gen.Choose(0, int.MaxValue).Select(low => ((long)high << 32) ^ low))));

    /// <summary>Keys and values: empty, text (multi-byte UTF-8 too), binary, and long enough for two-byte lengths.</summary>
    public static Gen<byte[]> Bytes { get; } = Gen.Frequency(
        (1, Gen.Constant(Array.Empty<byte>())),
        (3, Gen.Elements("cilium/state/nodes/v1/c1/n", "k", "é€😀/", "a\0b").SelectMany(s => Gen.Choose(0, 9999).Select(i => Encoding.UTF8.GetBytes(s + i)))),
        (3, Gen.Choose(0, 40).SelectMany(Byte.ArrayOf)),
        (1, Gen.Choose(128, 300).SelectMany(Byte.ArrayOf)));

    /// <summary>A RangeResponse as bytes; <paramref name="maxKeys"/> bounds the key-values.</summary>
    public static Gen<RangeWire> Wire(int maxKeys) =>
        from header in Gen.OneOf(Gen.Constant<ResponseHeader?>(null), Header.Select(h => (ResponseHeader?)h))
        from kvs in Gen.Choose(0, maxKeys).SelectMany(KeyValue.ArrayOf)
        from more in Gen.Elements(true, false)
        from count in Int64
        from spliced in Gen.Frequency((1, Gen.Constant(false)), (3, Gen.Constant(true)))
        from bytes in spliced ? Spliced(header, kvs, more, count) : Gen.Constant(Plain(header, kvs, more, count))
        select new RangeWire(bytes);

    private static Gen<ResponseHeader> Header { get; } =
        from ids in Int64.ArrayOf(3)
        from revision in Int64
        select new ResponseHeader { ClusterId = (ulong)ids[0], MemberId = (ulong)ids[1], RaftTerm = (ulong)ids[2], Revision = revision };

    private static Gen<KeyValue> KeyValue { get; } =
        from key in Bytes
        from value in Bytes
        from numbers in Int64.ArrayOf(4)
        select new KeyValue
        {
            Key = ByteString.CopyFrom(key), Value = ByteString.CopyFrom(value),
            CreateRevision = numbers[0], ModRevision = numbers[1], Version = numbers[2], Lease = numbers[3],
        };

    private static byte[] Plain(ResponseHeader? header, KeyValue[] kvs, bool more, long count)
    {
        var response = new RangeResponse { Header = header, More = more, Count = count };
        response.Kvs.Add(kvs);
        return response.ToByteArray();
    }

    private static Gen<byte[]> Spliced(ResponseHeader? header, KeyValue[] kvs, bool more, long count)
    {
        // A second header merges into the first: its revision, when it has one, replaces the first's.
        var extraHeader =
            from h in Header
            from withoutRevision in Gen.Elements(true, false)
            from bytes in Splice([(withoutRevision ? new ResponseHeader(h) { Revision = 0 } : h).ToByteArray()], HeaderExtra)
            select Field(1, bytes);
        var responseExtra = Gen.Frequency(
            (4, Unknown(ResponseTags)),
            (2, from field in Gen.Elements(3, 4) from value in Int64 select Varint(field, value)),
            (1, extraHeader));
        var headerField = header is null
            ? Gen.Constant(Array.Empty<byte>())
            : Splice([header.ToByteArray()], HeaderExtra).Select(bytes => Field(1, bytes));
        return from headerBytes in headerField
               from kvFields in Gen.CollectToArray(kvs, kv => Splice([kv.ToByteArray()], KeyValueExtra).Select(bytes => Field(2, bytes)))
               from bytes in Splice([headerBytes, .. kvFields, new RangeResponse { More = more, Count = count }.ToByteArray()], responseExtra)
               select bytes;
    }

    private static Gen<byte[]> HeaderExtra { get; } = Gen.Frequency(
        (3, Unknown(HeaderTags)),
        (1, from field in Gen.Elements(1, 2, 3, 4) from value in Int64 select Varint(field, value)));

    private static Gen<byte[]> KeyValueExtra { get; } = Gen.Frequency(
        (3, Unknown(KeyValueTags)),
        (1, from field in Gen.Elements(2, 3, 4, 6) from value in Int64 select Varint(field, value)),
        (1, from field in Gen.Elements(1, 5) from value in Bytes select Field(field, value)));

    /// <summary>A field the message does not know: any number (often a known one with another wire type).</summary>
    private static Gen<byte[]> Unknown(uint[] known) =>
        from field in Gen.Frequency((4, Gen.Choose(1, 8)), (1, Gen.Choose(9, 536_870_911)))
        from wireType in Gen.Elements(0, 1, 2, 5)
        let tag = ((uint)field << 3) | (uint)wireType
        where !known.Contains(tag)
        from payload in wireType switch
        {
            0 => Int64.Select(v => Encode((ulong)v)),
            1 => Byte.ArrayOf(8),
            2 => Bytes.Select(b => (byte[])[.. Encode((ulong)b.Length), .. b]),
            _ => Byte.ArrayOf(4),
        }
        select (byte[])[.. Encode(tag), .. payload];

    /// <summary>The segments of a message with up to four extra fields placed between them at random.</summary>
    private static Gen<byte[]> Splice(byte[][] segments, Gen<byte[]> extra) =>
        from extras in Gen.Choose(0, 4).SelectMany(n => (from field in extra from at in Gen.Choose(0, segments.Length) select (field, at)).ArrayOf(n))
        select Concat(segments, extras);

    private static byte[] Concat(byte[][] segments, (byte[] Field, int At)[] extras)
    {
        var parts = segments.ToList();
        foreach (var (field, at) in extras)
        {
            parts.Insert(Math.Min(at, parts.Count), field);
        }

        return [.. parts.SelectMany(part => part)];
    }

    private static byte[] Field(int field, byte[] payload) => [.. Encode((ulong)((field << 3) | 2)), .. Encode((ulong)payload.Length), .. payload];

    private static byte[] Varint(int field, long value) => [.. Encode((ulong)(field << 3)), .. Encode((ulong)value)];

    /// <summary>Base-128 varint, written here rather than by the code under test.</summary>
    public static byte[] Encode(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
