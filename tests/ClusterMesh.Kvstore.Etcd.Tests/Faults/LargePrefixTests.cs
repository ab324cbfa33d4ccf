using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;
using ClusterMesh.Replication.Caches;
using ClusterMesh.Replication.Watch;
using ClusterMesh.Testing.Support;
using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd.Tests.Faults;

/// <summary>
/// A prefix holding more than gRPC's 4 MiB receive limit: one unpaged range read of it fails, while the store's
/// paged reads (and a WatchStore mirroring it) get every key.
/// </summary>
[RequiresEtcd]
public sealed class LargePrefixTests
{
    private const string Prefix = "cilium/state/large/v1/";
    private const int Keys = 600;
    private const int ValueBytes = 8 * 1024;

    [Fact]
    public async Task A_prefix_over_4_MiB_is_read_and_mirrored_completely_through_paged_lists()
    {
        await using var etcd = await EtcdServer.StartAsync();
        await using var store = new EtcdKvStore(new EtcdKvStoreOptions { Endpoints = [etcd.Endpoint], PageSize = 100 });
        await Task.WhenAll(Enumerable.Range(0, Keys).Select(i => store.PutAsync(Key(i), Value(i)).AsTask()));
        Assert.True(Keys * ValueBytes > 4 * 1024 * 1024);

        // The limit is real: the same range in one response is refused by the client.
        using (var bare = new EtcdClient(etcd.Endpoint))
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => bare.GetAsync(new RangeRequest { Key = EtcdKvStore.Bytes(Prefix), RangeEnd = EtcdKvStore.RangeEnd(Prefix) }));
            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        }

        var listed = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var options = default(KvListOptions);
        KvPage page;
        do
        {
            page = await store.ListAsync(Prefix, options);
            foreach (var entry in page.Entries)
            {
                listed.Add(entry.Key, entry.Value.ToArray());
            }

            options = new KvListOptions(0, page.Revision, page.NextKey);
        }
        while (page.HasMore);

        var mirror = new MirrorCache<byte[]>();
        var watch = new WatchStore<byte[]>(Prefix, new BytesCodec(), mirror);
        using var stop = new CancellationTokenSource();
        var running = watch.WatchAsync(store, stop.Token);
        await Poll.UntilAsync(() => watch.Synced, "the WatchStore listed the prefix");
        await stop.CancelAsync();
        await running;

        Assert.Equal(Keys, listed.Count);
        Assert.All(Enumerable.Range(0, Keys), i => Assert.Equal(Value(i), listed[Key(i)]));
        var mirrored = mirror.Snapshot();
        Assert.Equal(listed.Keys.Order(StringComparer.Ordinal), mirrored.Keys.Order(StringComparer.Ordinal));
        Assert.All(listed, pair => Assert.Equal(pair.Value, mirrored[pair.Key]));
    }

    private static string Key(int i) => $"{Prefix}{i:D5}";

    private static byte[] Value(int i)
    {
        var value = new byte[ValueBytes];
        new Random(i).NextBytes(value);
        return value;
    }

    private sealed class BytesCodec : IKvCodec<byte[]>
    {
        public byte[] Decode(string key, ReadOnlySpan<byte> value) => value.ToArray();

        public byte[] Encode(byte[] value) => value;

        public string KeyOf(byte[] value) => throw new NotSupportedException();
    }
}
