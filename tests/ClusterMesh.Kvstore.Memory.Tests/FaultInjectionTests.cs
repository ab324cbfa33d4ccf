using System.Text;
using ClusterMesh.Abstractions.Kvstore;
using Microsoft.Extensions.Time.Testing;

namespace ClusterMesh.Kvstore.Memory.Tests;

/// <summary>GoOffline/GoOnline, Reset, read-only and non-owning clients, disposal.</summary>
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private MemoryKvStore _store = null!;

    public Task InitializeAsync()
    {
        _store = new MemoryKvStore("faults", timeProvider: _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    public static TheoryData<string> Operations => [.. CallsOf(null!).Keys];

    private static Dictionary<string, Func<Task>> CallsOf(IKvStore store) => new()
    {
        ["get"] = () => store.GetAsync("a").AsTask(),
        ["list"] = () => store.ListAsync("").AsTask(),
        ["put"] = () => store.PutAsync("a", V("x")).AsTask(),
        ["create"] = () => store.CreateAsync("n", V("x")).AsTask(),
        ["cas"] = () => store.CompareAndSwapAsync("a", 2, V("x")).AsTask(),
        ["delete"] = () => store.DeleteAsync("a").AsTask(),
        ["delete-prefix"] = () => store.DeletePrefixAsync("").AsTask(),
        ["grant"] = () => store.GrantLeaseAsync(TimeSpan.FromSeconds(5)).AsTask(),
        ["keep-alive"] = () => store.KeepAliveAsync(new LeaseId(1)).AsTask(),
        ["revoke"] = () => store.RevokeLeaseAsync(new LeaseId(1)).AsTask(),
        ["compact"] = () => store.CompactAsync(1).AsTask(),
        ["status"] = () => store.GetStatusAsync().AsTask(),
        ["watch"] = async () => await store.WatchAsync("").GetAsyncEnumerator().MoveNextAsync(),
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Every_call_fails_as_unavailable_while_offline(string operation)
    {
        await _store.PutAsync("a", V("x"));
        await _store.GrantLeaseAsync(TimeSpan.FromSeconds(5));
        _store.GoOffline();

        await Assert.ThrowsAsync<KvUnavailableException>(CallsOf(_store)[operation]);
        Assert.False(_store.IsOnline);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_read_only_client_refuses_every_change_and_allows_every_read(string operation)
    {
        await _store.PutAsync("a", V("x"));
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, lease.Value);
        await using var readOnly = _store.AsReadOnly();
        bool isRead = operation is "get" or "list" or "status" or "watch";

        var call = CallsOf(readOnly)[operation];

        if (isRead)
        {
            await call();
        }
        else
        {
            await Assert.ThrowsAsync<KvPermissionDeniedException>(call);
        }

        Assert.Equal("x", Encoding.UTF8.GetString((await _store.GetAsync("a"))!.Value.Span));
        Assert.Equal(2, _store.Revision);
    }

    [Fact]
    public async Task Going_offline_ends_watches_as_unavailable_and_keeps_the_state_for_a_resume()
    {
        long seen = await _store.PutAsync("k/a", V("1"));
        await using var events = _store.WatchAsync("k/").GetAsyncEnumerator();
        await MemoryKvStoreTests.SkipThroughSyncedAsync(events);
        var pending = events.MoveNextAsync().AsTask();

        _store.GoOffline();
        await Assert.ThrowsAsync<KvUnavailableException>(() => pending);
        _store.GoOnline();
        long next = await _store.PutAsync("k/b", V("2"));
        await using var resumed = _store.WatchAsync("k/", seen + 1).GetAsyncEnumerator();

        Assert.True(await resumed.MoveNextAsync());
        Assert.Equal(("k/b", next), (resumed.Current.Key, resumed.Current.Revision));
        Assert.Equal("1", Encoding.UTF8.GetString((await _store.GetAsync("k/a"))!.Value.Span));
    }

    [Fact]
    public async Task A_watcher_that_was_behind_during_a_short_outage_still_ends_as_unavailable()
    {
        await using var events = _store.WatchAsync("k/").GetAsyncEnumerator();
        await MemoryKvStoreTests.SkipThroughSyncedAsync(events);
        await _store.PutAsync("k/a", V("1"));

        _store.GoOffline();
        _store.GoOnline();

        await Assert.ThrowsAsync<KvUnavailableException>(async () => await events.MoveNextAsync());
    }

    [Fact]
    public async Task Leases_do_not_expire_while_offline_and_get_a_full_ttl_back_online()
    {
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(10));
        await _store.PutAsync("leased", V("x"), lease);
        _time.Advance(TimeSpan.FromSeconds(8));

        _store.GoOffline();
        _time.Advance(TimeSpan.FromSeconds(30));
        _store.GoOnline();
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.NotNull(await _store.GetAsync("leased"));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await _store.GetAsync("leased"));
        await Assert.ThrowsAsync<KvNotFoundException>(() => _store.KeepAliveAsync(lease).AsTask());
    }

    [Fact]
    public async Task Reset_wipes_everything_and_restarts_at_revision_one()
    {
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(10));
        await _store.PutAsync("k/a", V("1"), lease);
        await _store.PutAsync("k/b", V("2"));
        long old = await _store.PutAsync("k/c", V("3"));

        _store.Reset();

        var status = await _store.GetStatusAsync();
        Assert.Equal((1L, 0L), (status.Revision, status.CompactRevision));
        Assert.Empty((await _store.ListAsync("")).Entries);
        await Assert.ThrowsAsync<KvNotFoundException>(() => _store.KeepAliveAsync(lease).AsTask());
        Assert.Equal(2, await _store.PutAsync("k/new", V("n")));
        Assert.NotEqual(lease, await _store.GrantLeaseAsync(TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<KvCompactedException>(() => _store.ListAsync("k/", new KvListOptions(Revision: old)).AsTask());
        await Assert.ThrowsAsync<KvCompactedException>(async () => await _store.WatchAsync("k/", old + 1).GetAsyncEnumerator().MoveNextAsync());
    }

    [Fact]
    public async Task Reset_ends_active_watches_as_compacted_so_that_clients_list_again()
    {
        await _store.PutAsync("k/a", V("1"));
        await using var events = _store.WatchAsync("k/").GetAsyncEnumerator();
        await MemoryKvStoreTests.SkipThroughSyncedAsync(events);
        var pending = events.MoveNextAsync().AsTask();

        _store.Reset();

        await Assert.ThrowsAsync<KvCompactedException>(() => pending);
    }

    [Fact]
    public async Task Disposing_a_client_ends_its_watches_and_calls_but_not_the_store()
    {
        var client = _store.CreateClient();
        await using var events = client.WatchAsync("k/").GetAsyncEnumerator();
        await MemoryKvStoreTests.SkipThroughSyncedAsync(events);
        var pending = events.MoveNextAsync().AsTask();

        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAsync("k/a").AsTask());
        Assert.Equal(2, await _store.PutAsync("k/a", V("1")));
    }

    [Fact]
    public async Task A_disposed_store_fails_calls_and_ends_watches()
    {
        await using var events = _store.WatchAsync("k/").GetAsyncEnumerator();
        await MemoryKvStoreTests.SkipThroughSyncedAsync(events);
        var pending = events.MoveNextAsync().AsTask();

        await _store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.PutAsync("k/a", V("1")).AsTask());
    }
}
