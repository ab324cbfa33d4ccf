using System.Runtime.InteropServices;
using ClusterMesh.Kvstore.Etcd.Client;
using Etcdserverpb;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Google.Protobuf;

namespace ClusterMesh.Kvstore.Etcd.Tests.Client;

/// <summary>
/// Differential: the hand-written Range page reader against Google.Protobuf's generated RangeResponse parser, on
/// random responses with unknown and repeated fields spliced in, and on every truncation of them.
/// </summary>
public sealed class EtcdRangePageReaderProperties
{
    [Property(MaxTest = 400)]
    public Property Every_field_reads_as_protobuf_reads_it() =>
        Prop.ForAll(RangeWireGen.Wire(maxKeys: 20).ToArbitrary(), wire =>
        {
            RangePageAssert.Same(RangeResponse.Parser.ParseFrom(wire.Bytes), EtcdRangePageReader.Read(wire.Bytes));
        });

    [Property(MaxTest = 60)]
    public Property Every_truncation_fails_exactly_when_protobuf_fails_and_agrees_otherwise() =>
        Prop.ForAll(RangeWireGen.Wire(maxKeys: 3).ToArbitrary(), wire =>
        {
            for (int length = 0; length < wire.Bytes.Length; length++)
            {
                byte[] prefix = wire.Bytes[..length];
                RangeResponse? expected = null;
                try
                {
                    expected = RangeResponse.Parser.ParseFrom(prefix);
                }
                catch (InvalidProtocolBufferException)
                {
                    // Not a message: the reader must refuse it too.
                }

                if (expected is null)
                {
                    var error = Assert.Throws<InvalidDataException>(() => EtcdRangePageReader.Read(prefix));
                    Assert.Contains("Malformed etcd ", error.Message, StringComparison.Ordinal);
                }
                else
                {
                    // Cut at a field boundary: a shorter but valid message.
                    RangePageAssert.Same(expected, EtcdRangePageReader.Read(prefix));
                }
            }
        });

    [Property(MaxTest = 100)]
    public Property Values_are_slices_of_the_one_buffer_the_page_was_read_from() =>
        Prop.ForAll(RangeWireGen.Wire(maxKeys: 10).ToArbitrary(), wire =>
        {
            var page = EtcdRangePageReader.Read(wire.Bytes);
            for (int i = 0; i < page.KeyCount; i++)
            {
                Assert.True(MemoryMarshal.TryGetArray(page.Value(i), out var segment));
                Assert.Same(wire.Bytes, segment.Array);
                Assert.True(MemoryMarshal.TryGetArray(page.ToEntry(i).Value, out segment));
                Assert.Same(wire.Bytes, segment.Array);
            }
        });

    [Property(MaxTest = 100)]
    public Property The_next_page_starts_right_after_the_last_key_while_etcd_has_more() =>
        Prop.ForAll(RangeWireGen.Wire(maxKeys: 5).ToArbitrary(), wire =>
        {
            var page = EtcdRangePageReader.Read(wire.Bytes);
            var next = page.NextStartKey();
            if (!page.More || page.KeyCount == 0)
            {
                Assert.Null(next);
            }
            else
            {
                Assert.Equal([.. page.KeyBytes(page.KeyCount - 1), 0], next!.ToByteArray());
            }
        });
}
