using System.Text;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;
using ClusterMesh.Testing.Kvstore;

namespace ClusterMesh.Kvstore.Etcd.Tests.Contract;

/// <summary>An etcd killed with SIGKILL and restarted on its data directory: watches end as unavailable and resume.</summary>
[RequiresEtcd]
public sealed class EtcdRestartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_watch_ends_as_unavailable_on_kill_and_resumes_from_the_last_revision_plus_one_after_restart()
    {
        await using var server = await EtcdServer.StartAsync();
        await using var store = new EtcdKvStore(new EtcdKvStoreOptions { Endpoints = [server.Endpoint], OperationTimeout = TimeSpan.FromSeconds(2) });
        await using (var watch = WatchRecorder.Start(store, "cilium/r/", 0, Timeout))
        {
            await watch.TakeThroughSyncedAsync();
            await store.PutAsync("cilium/r/a", V("1"));
            long seen = (await watch.NextAsync()).Revision;

            await server.KillAsync();
            var ended = await watch.EndAsync();
            await server.RestartAsync();
            long b = await OnceReachableAsync(() => store.PutAsync("cilium/r/b", V("2")).AsTask());
            long c = await store.PutAsync("cilium/r/c", V("3"));
            await using var resumed = WatchRecorder.Start(store, "cilium/r/", seen + 1, Timeout);
            var replay = await resumed.TakeThroughSyncedAsync();

            Assert.IsType<KvUnavailableException>(ended);
            Assert.Equal([("cilium/r/b", b), ("cilium/r/c", c)], replay.SkipLast(1).Select(e => (e.Key, e.Revision)));
            Assert.Equal((KvEventKind.Synced, c), (replay[^1].Kind, replay[^1].Revision));
        }
    }

    [Fact]
    public async Task Calls_fail_as_unavailable_while_etcd_is_down_and_work_again_after_restart()
    {
        await using var server = await EtcdServer.StartAsync();
        await using var store = new EtcdKvStore(new EtcdKvStoreOptions { Endpoints = [server.Endpoint], OperationTimeout = TimeSpan.FromSeconds(1), ReadRetries = 1 });
        long written = await store.PutAsync("cilium/u/a", V("1"));

        await server.KillAsync();
        await Assert.ThrowsAsync<KvUnavailableException>(() => store.GetAsync("cilium/u/a").AsTask());
        await Assert.ThrowsAsync<KvUnavailableException>(() => store.GetStatusAsync().AsTask());
        await server.RestartAsync();

        Assert.Equal(written, (await OnceReachableAsync(() => store.GetAsync("cilium/u/a").AsTask()))!.ModRevision);
    }

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    // Right after a restart the client's channel may still be waiting out its reconnect backoff: a refused
    // connection sends nothing, so callers retry it, as SyncStore and WatchStore do.
    private static async Task<T> OnceReachableAsync<T>(Func<Task<T>> call)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (KvUnavailableException) when (TimeProvider.System.GetElapsedTime(started) < Timeout)
            {
                await Task.Delay(100);
            }
        }
    }
}
