using System.Collections.Concurrent;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Client;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;
using Etcdserverpb;
using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd.Tests.Client;

/// <summary>
/// The paged reads' own Range method against a real etcd: the pages etcd sends read as Google.Protobuf reads them
/// and list what dotnet-etcd's reads see; a response the reader refuses fails the list and the watch with the
/// contract's typed error rather than an untyped one.
/// </summary>
[RequiresEtcd]
public sealed class EtcdRangeMethodTests(EtcdServerFixture etcd) : IClassFixture<EtcdServerFixture>
{
    [Fact]
    public async Task Pages_from_etcd_read_as_protobuf_reads_them_and_list_what_single_reads_see()
    {
        string prefix = $"cilium/state/range/{Guid.NewGuid():N}/";
        var pages = new ConcurrentQueue<byte[]>();
        await using var store = new EtcdKvStore(new EtcdKvStoreOptions { Endpoints = [etcd.Server.Endpoint], PageSize = 3 })
        {
            RangeMethod = EtcdRangeMethod.Create(bytes =>
            {
                pages.Enqueue(bytes);
                return EtcdRangePageReader.Read(bytes);
            }),
        };
        var lease = await store.GrantLeaseAsync(TimeSpan.FromMinutes(1));
        await store.PutAsync(prefix + "empty", ReadOnlyMemory<byte>.Empty);
        await store.PutAsync(prefix + "binary", new byte[] { 0, 0xFF, 0x80, 10 }, lease);
        await store.PutAsync(prefix + "é€😀", "{\"a\":1}"u8.ToArray());
        for (int i = 0; i < 5; i++)
        {
            await store.PutAsync(prefix + $"n{i}", new byte[200 * i]);
        }

        await store.PutAsync(prefix + "n1", "changed"u8.ToArray());

        var listed = new List<KvEntry>();
        var options = default(KvListOptions);
        KvPage page;
        do
        {
            page = await store.ListAsync(prefix, options);
            listed.AddRange(page.Entries);
            options = new KvListOptions(0, page.Revision, page.NextKey);
        }
        while (page.HasMore);

        Assert.Equal(8, listed.Count);
        Assert.Equal(listed.Select(e => e.Key).Order(StringComparer.Ordinal), listed.Select(e => e.Key));
        foreach (var entry in listed)
        {
            var single = await store.GetAsync(entry.Key);
            Assert.NotNull(single);
            Assert.Equal((single.Key, single.CreateRevision, single.ModRevision, single.Version, single.Lease), (entry.Key, entry.CreateRevision, entry.ModRevision, entry.Version, entry.Lease));
            Assert.Equal(single.Value.ToArray(), entry.Value.ToArray());
        }

        Assert.Equal(lease, listed.Single(e => e.Key.EndsWith("binary", StringComparison.Ordinal)).Lease);
        Assert.Equal(2, listed.Single(e => e.Key.EndsWith("n1", StringComparison.Ordinal)).Version);
        Assert.Equal(3, pages.Count);
        Assert.All(pages, bytes => RangePageAssert.Same(RangeResponse.Parser.ParseFrom(bytes), EtcdRangePageReader.Read(bytes)));
        Assert.All(pages, bytes => RangePageAssert.Same(RangeResponse.Parser.ParseFrom(bytes), ReadLent(bytes)));
    }

    [Fact]
    public async Task A_response_the_reader_refuses_fails_the_list_and_the_watch_as_unavailable()
    {
        string prefix = $"cilium/state/range/{Guid.NewGuid():N}/";
        int reads = 0;
        await using var store = new EtcdKvStore(new EtcdKvStoreOptions { Endpoints = [etcd.Server.Endpoint] })
        {
            // A group appended to what etcd sent: a message the reader refuses (etcd never sends one).
            RangeMethod = EtcdRangeMethod.Create(bytes =>
            {
                Interlocked.Increment(ref reads);
                return EtcdRangePageReader.Read([.. bytes, 0x0B, 0x0C]);
            }),
            LentRangeMethod = EtcdRangeMethod.Create(bytes => ReadLent([.. bytes, 0x0B, 0x0C])),
        };
        await store.PutAsync(prefix + "a", "1"u8.ToArray());

        var listError = await Assert.ThrowsAsync<KvUnavailableException>(async () => await store.ListAsync(prefix));
        var rpc = Assert.IsType<RpcException>(listError.InnerException);
        Assert.Equal(StatusCode.Internal, rpc.StatusCode);
        Assert.Contains("group (wire type 3)", listError.Message, StringComparison.Ordinal);
        Assert.Equal(prefix, listError.Key);
        Assert.Equal(1, reads); // refused data is not a transient failure: no retry

        var watchError = await Assert.ThrowsAsync<KvUnavailableException>(async () =>
        {
            await foreach (var change in store.WatchAsync(prefix))
            {
                Assert.Fail($"no event can come from a refused page, got {change}");
            }
        });
        Assert.Contains("Malformed etcd RangeResponse", watchError.Message, StringComparison.Ordinal);

        var lendingWatchError = await Assert.ThrowsAsync<KvUnavailableException>(async () =>
        {
            await foreach (var change in store.WatchLendingValuesAsync(prefix))
            {
                Assert.Fail($"no event can come from a refused page, got {change}");
            }
        });
        Assert.Contains("Malformed etcd RangeResponse", lendingWatchError.Message, StringComparison.Ordinal);
    }

    /// <summary>A lent page of <paramref name="bytes"/>, as the lent Range method reads one.</summary>
    private static EtcdRangePage ReadLent(byte[] bytes)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(rented, 0);
        return EtcdRangePageReader.ReadLent(rented, bytes.Length);
    }
}
