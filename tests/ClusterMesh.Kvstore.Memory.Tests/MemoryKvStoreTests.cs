using System.Text;
using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Memory.Tests;

/// <summary>Memory-store specifics beyond the shared contract: exact revisions, MVCC compaction, key order, options.</summary>
public sealed class MemoryKvStoreTests : IAsyncLifetime
{
    private MemoryKvStore _store = new("test");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    [Fact]
    public async Task A_fresh_store_is_at_revision_one_and_every_change_takes_the_next_revision()
    {
        Assert.Equal(1, (await _store.GetStatusAsync()).Revision);

        Assert.Equal(2, await _store.PutAsync("a", V("1")));
        Assert.True(await _store.CreateAsync("b", V("1")));
        Assert.True(await _store.DeleteAsync("a"));
        Assert.Equal(5, await _store.PutAsync("b", V("2")));
        Assert.Equal(5, _store.Revision);
    }

    [Fact]
    public async Task Changes_that_change_nothing_take_no_revision()
    {
        await _store.PutAsync("a", V("1"));

        Assert.False(await _store.DeleteAsync("missing"));
        Assert.Equal(0, await _store.DeletePrefixAsync("missing/"));
        Assert.False(await _store.CreateAsync("a", V("2")));
        Assert.False(await _store.CompareAndSwapAsync("a", 1, V("2")));
        await _store.RevokeLeaseAsync(await _store.GrantLeaseAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal(2, _store.Revision);
    }

    [Fact]
    public async Task A_prefix_delete_takes_one_revision_for_all_its_keys()
    {
        await _store.PutAsync("p/1", V("x"));
        await _store.PutAsync("p/2", V("x"));
        await using var events = _store.WatchAsync("p/").GetAsyncEnumerator();
        await SkipThroughSyncedAsync(events);

        Assert.Equal(2, await _store.DeletePrefixAsync("p/"));

        Assert.Equal(4, _store.Revision);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((KvEventKind.Delete, "p/1", 4L), (events.Current.Kind, events.Current.Key, events.Current.Revision));
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((KvEventKind.Delete, "p/2", 4L), (events.Current.Kind, events.Current.Key, events.Current.Revision));
    }

    [Fact]
    public async Task Compaction_keeps_what_is_visible_at_the_compaction_revision()
    {
        await _store.PutAsync("a", V("a1"));   // 2
        await _store.PutAsync("b", V("b1"));   // 3
        await _store.PutAsync("a", V("a2"));   // 4
        await _store.DeleteAsync("b");         // 5
        await _store.PutAsync("c", V("c1"));   // 6

        await _store.CompactAsync(4);

        var atFour = await _store.ListAsync("", new KvListOptions(Revision: 4));
        Assert.Equal([("a", "a2"), ("b", "b1")], atFour.Entries.Select(e => (e.Key, Text(e.Value))));
        var atFive = await _store.ListAsync("", new KvListOptions(Revision: 5));
        Assert.Equal(["a"], atFive.Entries.Select(e => e.Key));
        await Assert.ThrowsAsync<KvCompactedException>(() => _store.ListAsync("", new KvListOptions(Revision: 3)).AsTask());

        await _store.CompactAsync(6);
        Assert.Equal(["a", "c"], (await _store.ListAsync("")).Entries.Select(e => e.Key));
        Assert.Equal(2, (await _store.GetAsync("a"))!.Version);
    }

    [Fact]
    public async Task Compacting_below_the_compaction_point_does_nothing_and_beyond_the_revision_is_refused()
    {
        await _store.PutAsync("a", V("1"));
        await _store.PutAsync("a", V("2"));
        await _store.CompactAsync(3);

        await _store.CompactAsync(2);

        Assert.Equal(3, (await _store.GetStatusAsync()).CompactRevision);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.CompactAsync(4).AsTask());
    }

    [Fact]
    public async Task Keys_are_ordered_by_their_utf8_bytes_like_etcd()
    {
        // U+FFFF is EF BF BF in UTF-8, U+1F600 is F0 9F 98 80; UTF-16 ordinal order would be the other way round.
        await _store.PutAsync("p/\U0001F600", V("emoji"));
        await _store.PutAsync("p/\uFFFF", V("bmp"));
        await _store.PutAsync("p/z", V("z"));

        var first = await _store.ListAsync("p/", new KvListOptions(Limit: 2));
        var second = await _store.ListAsync("p/", new KvListOptions(2, first.Revision, first.NextKey));

        Assert.Equal(["p/z", "p/\uFFFF", "p/\U0001F600"], first.Entries.Concat(second.Entries).Select(e => e.Key));
    }

    [Fact]
    public async Task Lists_and_initial_watch_listings_use_the_default_page_size()
    {
        await using var store = new MemoryKvStore("paged", new MemoryKvStoreOptions { DefaultPageSize = 3 });
        for (int i = 0; i < 10; i++)
        {
            await store.PutAsync($"k/{i}", V($"{i}"));
        }

        var page = await store.ListAsync("k/");
        var watched = new List<KvEvent>();
        await foreach (var item in store.WatchAsync("k/"))
        {
            watched.Add(item);
            if (item.Kind == KvEventKind.Synced)
            {
                break;
            }
        }

        Assert.Equal(3, page.Entries.Count);
        Assert.Equal("k/3", page.NextKey);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"k/{i}"), watched.SkipLast(1).Select(e => e.Key));
        Assert.Equal(11, watched[^1].Revision);
    }

    [Fact]
    public async Task The_history_is_compacted_automatically_beyond_its_bound()
    {
        await using var store = new MemoryKvStore("bounded", new MemoryKvStoreOptions { MaxRetainedEvents = 100 });
        for (int i = 0; i < 1000; i++)
        {
            await store.PutAsync($"k/{i % 10}", V($"{i}"));
        }

        var status = await store.GetStatusAsync();

        Assert.InRange(status.Revision - status.CompactRevision, 99, 100 + 7);
        Assert.Equal(Enumerable.Range(990, 10).Select(i => $"{i}"), (await store.ListAsync("k/")).Entries.Select(e => Text(e.Value)));
        await Assert.ThrowsAsync<KvCompactedException>(async () => await store.WatchAsync("k/", 2).GetAsyncEnumerator().MoveNextAsync());
        var replay = store.WatchAsync("k/", status.Revision - 5).GetAsyncEnumerator();
        Assert.True(await replay.MoveNextAsync());
        Assert.Equal(status.Revision - 5, replay.Current.Revision);
        await replay.DisposeAsync();
    }

    [Fact]
    public async Task A_watcher_overtaken_by_automatic_compaction_fails_as_compacted()
    {
        await using var store = new MemoryKvStore("bounded", new MemoryKvStoreOptions { MaxRetainedEvents = 100 });
        await using var slow = store.WatchAsync("k/").GetAsyncEnumerator();
        await SkipThroughSyncedAsync(slow);

        for (int i = 0; i < 1000; i++)
        {
            await store.PutAsync($"k/{i % 10}", V($"{i}"));
        }

        await Assert.ThrowsAsync<KvCompactedException>(async () => await slow.MoveNextAsync());
    }

    [Fact]
    public async Task Each_expired_lease_deletes_all_its_keys_at_one_revision()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var store = new MemoryKvStore("leases", timeProvider: time);
        var first = await store.GrantLeaseAsync(TimeSpan.FromSeconds(5));
        var second = await store.GrantLeaseAsync(TimeSpan.FromSeconds(3));
        await store.PutAsync("a/1", V("x"), first);
        await store.PutAsync("a/2", V("x"), first);
        await store.PutAsync("b", V("x"), second);

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(5, store.Revision);
        Assert.Null(await store.GetAsync("b"));
        Assert.NotNull(await store.GetAsync("a/1"));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(6, store.Revision);
        Assert.Empty((await store.ListAsync("")).Entries);
        Assert.Contains("0 leases", (await store.GetStatusAsync()).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_arguments_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.GrantLeaseAsync(TimeSpan.Zero).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ListAsync("", new KvListOptions(Limit: -1)).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.PutAsync(null!, V("x")).AsTask());
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.WatchAsync("", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryKvStore("x", new MemoryKvStoreOptions { DefaultPageSize = 0 }));
    }

    internal static async Task SkipThroughSyncedAsync(IAsyncEnumerator<KvEvent> events)
    {
        do
        {
            Assert.True(await events.MoveNextAsync());
        }
        while (events.Current.Kind != KvEventKind.Synced);
    }
}
