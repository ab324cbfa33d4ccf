using System.Text;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Replication.Common;
using ClusterMesh.Replication.Tests.Support;
using ClusterMesh.Replication.Watch;
using Microsoft.Extensions.Time.Testing;

namespace ClusterMesh.Replication.Tests.Watch;

public sealed class WatchStoreTests : IAsyncLifetime
{
    private const string Prefix = "test/items/v1";
    private const string WatchPrefix = Prefix + "/c2/";

    private readonly FakeTimeProvider _time = new();
    private readonly MemoryKvStore _store = new("c2");
    private readonly ItemCodec _codec = new(Prefix, "c2");
    private readonly RecordingObserver<Item> _observer = new();
    private readonly List<Exception> _failures = [];
    private readonly WatchStore<Item> _watch;
    private CancellationTokenSource _stop = new();
    private Task? _running;

    public WatchStoreTests()
    {
        _watch = new WatchStore<Item>(WatchPrefix, _codec, _observer, new WatchStoreOptions
        {
            Backoff = new BackoffOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
            OnFailure = ex =>
            {
                lock (_failures)
                {
                    _failures.Add(ex);
                }
            },
        }, _time);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await StopAsync();
        await _store.DisposeAsync();
        Assert.False(_observer.Concurrent, "observer calls overlapped");
    }

    [Fact]
    public async Task Lists_existing_keys_then_reports_synced_then_follows_changes()
    {
        await PutAsync("a", 1);
        await PutAsync("b", 2);
        await StartAndSyncAsync();
        Assert.Equal(["upsert " + Key("a"), "upsert " + Key("b"), "synced"], _observer.Calls);

        await PutAsync("c", 3);
        await _store.DeleteAsync(Key("a"));
        await Eventually.TrueAsync(() => _observer.Deletes == 1 && _observer.State.Count == 2, "the changes arrived");
        Assert.Equal(new Item("c2", "c", 3), _observer.State[Key("c")]);
        Assert.Equal(2, _watch.Count);
    }

    [Fact]
    public async Task An_unchanged_value_written_again_is_not_reported_again()
    {
        await PutAsync("a", 1);
        await StartAndSyncAsync();
        await PutAsync("a", 1);
        await PutAsync("b", 1);
        await Eventually.TrueAsync(() => _observer.State.Count == 2, "b arrived");
        Assert.Equal(2, _observer.Upserts);
    }

    [Theory]
    [InlineData("{not json", RejectReason.MalformedValue)]
    [InlineData("""{"cluster":"c3","name":"a","value":9}""", RejectReason.ForeignCluster)]
    [InlineData("""{"cluster":"c2","name":"zz","value":9}""", RejectReason.KeyMismatch)]
    public async Task A_rejected_value_is_counted_and_leaves_every_good_value_as_it_was(string bad, RejectReason reason)
    {
        await PutAsync("a", 1);
        await PutAsync("b", 2);
        await StartAndSyncAsync();

        await _store.PutAsync(Key("a"), Encoding.UTF8.GetBytes(bad));
        await _store.PutAsync(Key("new"), Encoding.UTF8.GetBytes(bad));
        await PutAsync("c", 3);
        await Eventually.TrueAsync(() => _observer.State.ContainsKey(Key("c")), "c arrived");

        Assert.Equal(2, _watch.Rejections[reason]);
        Assert.Equal(2, _watch.Rejections.Total);
        Assert.Equal(new Dictionary<RejectReason, long> { [reason] = 2 }, _watch.Rejections.Snapshot());
        Assert.Equal(new Item("c2", "a", 1), _observer.State[Key("a")]);
        Assert.Equal(new Item("c2", "b", 2), _observer.State[Key("b")]);
        Assert.False(_observer.State.ContainsKey(Key("new")));
        Assert.Equal(0, _observer.Deletes);
        Assert.Equal(3, _watch.Count);
        Assert.DoesNotContain(Key("new"), _watch.Snapshot().Keys);
    }

    [Fact]
    public async Task A_relist_keeps_a_key_whose_new_value_is_rejected()
    {
        await PutAsync("a", 1);
        await StartAndSyncAsync();
        await StopAsync();
        await _store.PutAsync(Key("a"), "garbage"u8.ToArray());

        await StartAndSyncAsync(expectedSyncs: 2);
        Assert.Equal(new Item("c2", "a", 1), _observer.State[Key("a")]);
        Assert.Equal(1, _watch.Rejections[RejectReason.MalformedValue]);
    }

    [Fact]
    public async Task A_relist_deletes_the_keys_that_did_not_come_back()
    {
        await PutAsync("a", 1);
        await PutAsync("b", 2);
        await PutAsync("c", 3);
        await StartAndSyncAsync();
        await StopAsync();

        await _store.DeleteAsync(Key("a"));
        await PutAsync("b", 20);
        await PutAsync("d", 4);
        await StartAndSyncAsync(expectedSyncs: 2);

        Assert.Equal([Key("b"), Key("c"), Key("d")], _observer.State.Keys.Order());
        Assert.Equal(20, _observer.State[Key("b")].Value);
        var relist = _observer.Calls.SkipWhile(c => c != "synced").Skip(1).ToList();
        Assert.Equal(["upsert " + Key("b"), "upsert " + Key("d"), "delete " + Key("a"), "synced"], relist);
    }

    [Fact]
    public async Task After_an_outage_the_watch_resumes_from_the_next_revision_and_keeps_its_state()
    {
        await PutAsync("a", 1);
        await PutAsync("b", 2);
        await StartAndSyncAsync();

        _store.GoOffline();
        await Eventually.TrueAsync(() => FailureCount > 0, "the watch failed");
        Assert.Equal(2, _observer.State.Count);
        _store.GoOnline();
        await _store.DeleteAsync(Key("a"));
        await PutAsync("c", 3);

        await Eventually.TrueAsync(() => _observer.State.ContainsKey(Key("c")) && !_observer.State.ContainsKey(Key("a")), "the changes arrived", _time, TimeSpan.FromSeconds(1));
        Assert.Equal(1, _observer.SyncedCount);
        Assert.IsType<KvUnavailableException>(_failures[0]);
    }

    [Fact]
    public async Task A_compacted_history_makes_it_list_again_and_sweep()
    {
        await PutAsync("a", 1);
        await PutAsync("b", 2);
        await StartAndSyncAsync();

        _store.GoOffline();
        await Eventually.TrueAsync(() => FailureCount > 0, "the watch failed");
        _store.GoOnline();
        await _store.DeleteAsync(Key("a"));
        await PutAsync("c", 3);
        await _store.CompactAsync(_store.Revision);

        await Eventually.TrueAsync(() => _observer.SyncedCount == 2, "the store was listed again", _time, TimeSpan.FromSeconds(1));
        Assert.Equal([Key("b"), Key("c")], _observer.State.Keys.Order());
        Assert.Contains(_failures.ToList(), f => f is KvCompactedException);
    }

    [Fact]
    public async Task A_store_reset_lists_again_and_deletes_everything_gone()
    {
        await PutAsync("a", 1);
        await StartAndSyncAsync();

        _store.Reset();
        await PutAsync("b", 2);
        await Eventually.TrueAsync(() => _observer.State.Count == 1 && _observer.State.ContainsKey(Key("b")), "the reset store was mirrored", _time, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Drain_deletes_every_known_key()
    {
        await PutAsync("a", 1);
        await PutAsync("b", 2);
        await StartAndSyncAsync();
        await StopAsync();

        _watch.Drain();
        Assert.Empty(_observer.State);
        Assert.Equal(2, _observer.Deletes);
        Assert.Equal(0, _watch.Count);
        Assert.False(_watch.Synced);
    }

    [Fact]
    public async Task A_second_concurrent_watch_is_refused()
    {
        await StartAndSyncAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => _watch.WatchAsync(_store, CancellationToken.None));
    }

    private int FailureCount
    {
        get
        {
            lock (_failures)
            {
                return _failures.Count;
            }
        }
    }

    private async Task StartAndSyncAsync(int expectedSyncs = 1)
    {
        var stop = _stop.Token;
        _running = Task.Run(() => _watch.WatchAsync(_store, stop));
        await Eventually.TrueAsync(() => _observer.SyncedCount == expectedSyncs, "the watch synced");
        Assert.True(_watch.Synced);
    }

    private async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _running;
        _running = null;
        _stop.Dispose();
        _stop = new CancellationTokenSource();
    }

    private static string Key(string name) => $"{Prefix}/c2/{name}";

    private Task PutAsync(string name, int value) => _store.PutAsync(Key(name), _codec.Encode(new Item("c2", name, value))).AsTask();
}
