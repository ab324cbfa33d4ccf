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

    [Property(MaxTest = 30)]
    public Property Keys_and_values_are_packed_into_chunks_under_the_large_object_threshold() =>
        Prop.ForAll(LargePage.ToArbitrary(), response =>
        {
            byte[] wire = response.ToByteArray();
            var page = EtcdRangePageReader.Read(wire);
            RangePageAssert.Same(response, page);
            var chunks = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
            for (int i = 0; i < page.KeyCount; i++)
            {
                Assert.True(MemoryMarshal.TryGetArray(page.Value(i), out var segment));
                Assert.NotSame(wire, segment.Array);
                Assert.True(segment.Array!.Length <= EtcdRangePage.ChunkBytes || segment.Array.Length == page.KeyBytes(i).Length + segment.Count,
                    $"a chunk of {segment.Array.Length} bytes holds more than one key-value");
                chunks.Add(segment.Array);
            }

            Assert.Equal(page.ChunkCount, chunks.Count);
            long packed = response.Kvs.Sum(kv => (long)kv.Key.Length + kv.Value.Length);
            Assert.True(page.ChunkCount <= 1 + (packed * 2 / EtcdRangePage.ChunkBytes), $"{page.ChunkCount} chunks for {packed} bytes");
        });

    /// <summary>Up to 400 key-values of up to 2 KB, now and then one of 100 KB: pages of one to a dozen chunks.</summary>
    private static Gen<RangeResponse> LargePage { get; } =
        Gen.Frequency((9, Gen.Choose(0, 2048)), (1, Gen.Constant(100 * 1024)))
            .Select(size => new Mvccpb.KeyValue { Key = ByteString.CopyFromUtf8($"cilium/state/ip/v1/default/{size}"), Value = ByteString.CopyFrom(new byte[size]), ModRevision = size })
            .ListOf().Resize(400)
            .Select(kvs =>
            {
                var response = new RangeResponse { Header = new ResponseHeader { Revision = 7 }, Count = kvs.Count };
                response.Kvs.AddRange(kvs);
                return response;
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
