using System.Text;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Replication.Common;
using ClusterMesh.Replication.Sync;
using ClusterMesh.Replication.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ClusterMesh.Replication.Tests.Sync;

public sealed class SyncStoreTests : IAsyncLifetime
{
    private const string Prefix = KvKeys.NodesPrefix;
    private static readonly string KeyA = KvKeys.Node("cluster1", "a");
    private static readonly string KeyB = KvKeys.Node("cluster1", "b");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly MemoryKvStore _store;
    private readonly SyncStore _sync;

    public SyncStoreTests()
    {
        _store = new MemoryKvStore("cluster1", timeProvider: _time);
        _sync = new SyncStore(_store, new SyncStoreOptions
        {
            ClusterName = "cluster1",
            Prefix = Prefix,
            LeaseTtl = TimeSpan.FromMinutes(3),
            Backoff = new BackoffOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)),
        }, _time);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _sync.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Repeated_upserts_before_the_write_become_one_write_of_the_last_value()
    {
        _sync.UpsertKey(KeyA, Bytes("1"));
        _sync.UpsertKey(KeyA, Bytes("2"));
        _sync.UpsertKey(KeyA, Bytes("3"));
        _sync.Start();
        await _sync.FlushAsync();

        var entry = await _store.GetAsync(KeyA);
        Assert.NotNull(entry);
        Assert.Equal("3", Text(entry));
        Assert.Equal(1, entry.Version);
    }

    [Fact]
    public async Task An_upsert_then_delete_before_the_write_leaves_nothing()
    {
        _sync.UpsertKey(KeyA, Bytes("1"));
        _sync.DeleteKey(KeyA);
        _sync.Start();
        await _sync.FlushAsync();

        Assert.Null(await _store.GetAsync(KeyA));
        Assert.Equal(0, _sync.GetStatus().OwnedKeys);
    }

    [Fact]
    public async Task Unchanged_values_are_not_written_again()
    {
        _sync.Start();
        _sync.UpsertKey(KeyA, Bytes("1"));
        await _sync.FlushAsync();
        _sync.UpsertKey(KeyA, Bytes("1"));
        await _sync.FlushAsync();
        Assert.Equal(1, (await _store.GetAsync(KeyA))!.Version);

        _sync.UpsertKey(KeyA, Bytes("2"));
        await _sync.FlushAsync();
        var entry = await _store.GetAsync(KeyA);
        Assert.Equal(2, entry!.Version);
        Assert.Equal("2", Text(entry));
    }

    [Fact]
    public async Task Deletes_remove_the_key_from_the_store()
    {
        _sync.Start();
        _sync.UpsertKey(KeyA, Bytes("1"));
        _sync.UpsertKey(KeyB, Bytes("1"));
        await _sync.FlushAsync();
        _sync.DeleteKey(KeyA);
        await _sync.FlushAsync();

        Assert.Null(await _store.GetAsync(KeyA));
        Assert.NotNull(await _store.GetAsync(KeyB));
    }

    [Fact]
    public async Task Writes_to_an_unavailable_store_are_retried_with_backoff_and_coalesced()
    {
        _sync.Start();
        _store.GoOffline();
        _sync.UpsertKey(KeyA, Bytes("1"));
        await Eventually.TrueAsync(() => _sync.GetStatus().Failures >= 2, "the writer failed twice", _time, TimeSpan.FromSeconds(1));
        _sync.UpsertKey(KeyA, Bytes("2"));
        _store.GoOnline();

        await AdvanceUntilFlushedAsync();
        var entry = await _store.GetAsync(KeyA);
        Assert.Equal("2", Text(entry!));
        Assert.Equal(1, entry!.Version);
    }

    [Fact]
    public async Task Keys_are_written_under_a_lease()
    {
        _sync.Start();
        _sync.UpsertKey(KeyA, Bytes("1"));
        await _sync.FlushAsync();

        var entry = await _store.GetAsync(KeyA);
        Assert.True(entry!.Lease.IsSet);
        Assert.Equal(_sync.GetStatus().Lease, entry.Lease);
    }

    [Fact]
    public async Task A_lost_lease_is_replaced_and_every_owned_key_written_again()
    {
        _sync.Start();
        _sync.UpsertKey(KeyA, Bytes("1"));
        _sync.UpsertKey(KeyB, Bytes("2"));
        _sync.MarkInitialSetComplete();
        await _sync.FlushAsync();
        var lease = (await _store.GetAsync(KeyA))!.Lease;

        await _store.RevokeLeaseAsync(lease);
        Assert.Null(await _store.GetAsync(KeyA));

        // The next keep-alive (a third of the TTL later) finds the lease gone.
        await Eventually.TrueAsync(() => _sync.GetStatus().LeasesLost == 1, "the lease loss was noticed", _time, TimeSpan.FromSeconds(30));
        await AdvanceUntilFlushedAsync();
        var a = await _store.GetAsync(KeyA);
        var b = await _store.GetAsync(KeyB);
        Assert.Equal("1", Text(a!));
        Assert.Equal("2", Text(b!));
        Assert.NotEqual(lease, a!.Lease);
        Assert.Equal(a.Lease, (await _store.GetAsync(KvKeys.SyncedCanary("cluster1", Prefix)))!.Lease);
    }

    [Fact]
    public async Task A_store_that_lost_its_data_gets_every_key_again()
    {
        _sync.Start();
        _sync.UpsertKey(KeyA, Bytes("1"));
        await _sync.FlushAsync();

        _store.Reset();
        await Eventually.TrueAsync(() => _sync.GetStatus().LeasesLost == 1, "the reset was noticed", _time, TimeSpan.FromSeconds(30));
        await AdvanceUntilFlushedAsync();
        Assert.Equal("1", Text((await _store.GetAsync(KeyA))!));
    }

    [Fact]
    public async Task The_lease_is_kept_alive()
    {
        _sync.Start();
        _sync.UpsertKey(KeyA, Bytes("1"));
        await _sync.FlushAsync();

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await _sync.FlushAsync();
        }

        // Five minutes with a three-minute TTL: only keep-alives kept the key.
        Assert.NotNull(await _store.GetAsync(KeyA));
        Assert.Equal(0, _sync.GetStatus().LeasesLost);
    }

    [Fact]
    public async Task The_canary_is_written_once_the_initial_set_is_complete()
    {
        var canary = KvKeys.SyncedCanary("cluster1", Prefix);
        Assert.Equal("cilium/synced/cluster1/cilium/state/nodes/v1", canary);
        _sync.Start();
        _sync.UpsertKey(KeyA, Bytes("1"));
        await _sync.FlushAsync();
        Assert.Null(await _store.GetAsync(canary));

        _sync.UpsertKey(KeyB, Bytes("1"));
        _sync.MarkInitialSetComplete();
        await _sync.FlushAsync();

        var entry = await _store.GetAsync(canary);
        Assert.Equal("2025-01-01T00:00:00Z", Text(entry!));
        Assert.True(entry!.Lease.IsSet);
        Assert.True(entry.ModRevision > (await _store.GetAsync(KeyB))!.ModRevision, "the canary follows the keys");
        Assert.True(_sync.GetStatus().CanaryWritten);
    }

    [Fact]
    public void Keys_outside_the_prefix_are_refused()
    {
        Assert.Throws<ArgumentException>(() => _sync.UpsertKey("cilium/state/services/v1/cluster1/x", Bytes("1")));
        Assert.Throws<ArgumentException>(() => _sync.DeleteKey(Prefix + "x/y"));
    }

    private async Task AdvanceUntilFlushedAsync()
    {
        var flushed = _sync.FlushAsync();
        await Eventually.TrueAsync(() => flushed.IsCompleted, "the writer flushed", _time, TimeSpan.FromSeconds(1));
        await flushed;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(KvEntry entry) => Encoding.UTF8.GetString(entry.Value.Span);
}
