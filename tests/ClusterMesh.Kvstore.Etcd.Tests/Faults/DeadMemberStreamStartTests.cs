using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Client;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;
using ClusterMesh.Kvstore.Etcd.Tests.Mesh;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd.Tests.Faults;

/// <summary>
/// After a member dies under an open stream, grpc-dotnet's round robin keeps its subchannel in rotation for a
/// while, so new calls still go to the dead member. A streaming call started there fails in its first write with
/// nothing but "a task was canceled"; the store must still see the refused connection, which is what makes it
/// rebuild the channel. Before, in a three-member cluster, one kind's watch was retried for more than 30 s (one CI
/// run) on a channel that sent every one of its starts to the dead member, while unary calls in between went to
/// the live members and reset the failure count. With a single endpoint every start goes to the dead member, so
/// the tests do not depend on the balancer's rotation.
/// </summary>
[RequiresEtcd]
public sealed class DeadMemberStreamStartTests
{
    [Fact]
    public async Task A_watch_started_on_a_member_that_died_fails_as_a_refused_connection()
    {
        await using var server = await EtcdServer.StartAsync();
        using var channel = new EtcdChannel(LocalMirror.Tune(new EtcdKvStoreOptions { Endpoints = [server.Endpoint], Name = "c2" }), tls: null);
        using var held = channel.Grpc.WatchClient.Watch();
        await held.RequestStream.WriteAsync(new WatchRequest { CreateRequest = new WatchCreateRequest { Key = ByteString.CopyFromUtf8("held") } });
        Assert.True(await held.ResponseStream.MoveNext());

        await server.KillAsync();

        var failure = await Assert.ThrowsAsync<KvUnavailableException>(async () =>
        {
            await using var stream = await EtcdWatchStream.OpenAsync(channel.Grpc, null, "c2", "probe/", 1, 1, synced: true, CancellationToken.None);
        });
        Assert.True(EtcdChannelHealth.IsConnectionRefused(failure), $"not seen as refused: {failure}");
    }

    [Fact]
    public async Task A_lease_keep_alive_started_on_a_member_that_died_fails_as_a_refused_connection()
    {
        await using var server = await EtcdServer.StartAsync();
        await using var store = new EtcdKvStore(new EtcdKvStoreOptions { Endpoints = [server.Endpoint], Name = "c2" });
        var lease = await store.GrantLeaseAsync(TimeSpan.FromMinutes(1));
        using var stop = new CancellationTokenSource();
        await using var held = store.WatchAsync("held/", 0, stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await held.MoveNextAsync()); // the listing's marker; the watch stream opens on the next step
        var opened = held.MoveNextAsync();
        await store.PutAsync("held/k", "v"u8.ToArray());
        Assert.True(await opened);

        await server.KillAsync();

        var failure = await Assert.ThrowsAsync<KvUnavailableException>(async () => await store.KeepAliveAsync(lease));
        Assert.True(EtcdChannelHealth.IsConnectionRefused(failure), $"not seen as refused: {failure}");
        await stop.CancelAsync();
    }
}
