using ClusterMesh.Kvstore.Etcd.Client;
using Etcdserverpb;
using Google.Protobuf;

namespace ClusterMesh.Kvstore.Etcd.Tests.Client;

/// <summary>
/// Malformed Range responses: the reader throws <see cref="InvalidDataException"/> naming the message and the byte,
/// where Google.Protobuf also refuses them; groups and tags beyond 32 bits are refused on purpose (protobuf would
/// skip or truncate them; etcd sends neither).
/// </summary>
public sealed class EtcdRangePageReaderMalformedTests
{
    [Theory]
    [InlineData("00", "invalid tag 0 at byte 0")] // field number 0
    [InlineData("2001" + "0E00", "invalid wire type 6 in field 1 at byte 2")]
    [InlineData("0F00", "invalid wire type 7")]
    [InlineData("20", "truncated varint at byte 1")] // count without its value
    [InlineData("20FF", "truncated varint at byte 1")]
    [InlineData("20FFFFFFFFFFFFFFFFFFFF01", "varint longer than 10 bytes at byte 1")] // 11 bytes
    [InlineData("FFFFFFFFFFFFFFFFFFFFFF", "varint longer than 10 bytes at byte 0")] // as a tag
    [InlineData("1205", "length 5 runs past the end (0 bytes left) at byte 1")]
    [InlineData("12050A01", "length 5 runs past the end")]
    [InlineData("12030A05612001", "Malformed etcd KeyValue: length 5 runs past the end (1 bytes left) at byte 3")] // past the KeyValue, inside the buffer
    [InlineData("0A01182001", "Malformed etcd ResponseHeader: truncated varint at byte 3")] // revision cut by the header's end
    [InlineData("4901020304", "truncated 8-byte fixed field at byte 1")] // unknown field 9, fixed64
    [InlineData("4D0102", "truncated 4-byte fixed field at byte 1")] // unknown field 9, fixed32
    [InlineData("1202520A", "Malformed etcd KeyValue: length 10 runs past the end (0 bytes left) at byte 3")] // unknown field 10 in a KeyValue
    public void Malformed_bytes_are_refused_by_both_readers(string hex, string message)
    {
        byte[] bytes = Convert.FromHexString(hex);
        Assert.ThrowsAny<InvalidProtocolBufferException>(() => RangeResponse.Parser.ParseFrom(bytes));

        var error = Assert.Throws<InvalidDataException>(() => EtcdRangePageReader.Read(bytes));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains($" of {bytes.Length}.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0B0C", "Malformed etcd RangeResponse: group (wire type 3) in field 1 at byte 0")]
    [InlineData("0C", "Malformed etcd RangeResponse: group (wire type 4) in field 1")]
    [InlineData("12040A007374", "Malformed etcd KeyValue: group (wire type 3) in field 14 at byte 4")] // after an empty key
    [InlineData("0A021B1C", "Malformed etcd ResponseHeader: group (wire type 3) in field 3")]
    public void Groups_are_refused(string hex, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => EtcdRangePageReader.Read(Convert.FromHexString(hex)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_beyond_32_bits_is_refused_where_protobuf_would_truncate_it()
    {
        // Field 1 varint, written with bits above 32 set: protobuf keeps the low 32 bits (tag 8, an unknown field).
        byte[] bytes = [.. RangeWireGen.Encode((1UL << 40) | 8), 0x01];
        Assert.NotNull(RangeResponse.Parser.ParseFrom(bytes));

        var error = Assert.Throws<InvalidDataException>(() => EtcdRangePageReader.Read(bytes));
        Assert.Contains("invalid tag", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20FFFFFFFFFFFFFFFFFF01", -1L)] // ten bytes, all 64 bits set
    [InlineData("20FFFFFFFFFFFFFFFFFF7F", -1L)] // bits beyond 64 in the tenth byte are dropped, as protobuf drops them
    [InlineData("2080808080808080808000", 0L)] // zero, padded to ten bytes
    public void Ten_byte_varints_read_as_protobuf_reads_them(string hex, long count)
    {
        byte[] bytes = Convert.FromHexString(hex);
        Assert.Equal(count, RangeResponse.Parser.ParseFrom(bytes).Count);
        Assert.Equal(count, EtcdRangePageReader.Read(bytes).Count);
    }

    [Fact]
    public void An_empty_message_is_an_empty_page_at_revision_zero()
    {
        var page = EtcdRangePageReader.Read([]);
        Assert.Equal((0L, false, 0L, 0), (page.Revision, page.More, page.Count, page.KeyCount));
        Assert.Null(page.NextStartKey());
    }
}
