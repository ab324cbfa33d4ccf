using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Testing.Kvstore;

/// <summary>Watches: initial listing, replay from a revision, live events, compaction.</summary>
public abstract partial class KvStoreContractTests
{
    [Fact]
    public async Task Watch_from_zero_lists_the_state_then_syncs_then_follows_live_changes()
    {
        await Store.PutAsync(K("a"), V("1"));
        long b = await Store.PutAsync(K("b"), V("2"));
        long last = await Store.PutAsync(K("a"), V("1b"));
        await using var watch = Watch(Prefix);

        var initial = await watch.TakeThroughSyncedAsync();
        long live = await Store.PutAsync(K("c"), V("3"));
        await Store.DeleteAsync(K("a"));
        var changes = await watch.TakeAsync(2);

        var upserts = initial.SkipLast(1).ToList();
        Assert.All(upserts, e => Assert.Equal(KvEventKind.Upsert, e.Kind));
        Assert.Equal(
            [(K("a"), "1b", last), (K("b"), "2", b)],
            upserts.Select(e => (e.Key, Text(e.Value), e.Revision)).OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.True(initial[^1].Revision >= last);
        Assert.Equal((KvEventKind.Upsert, K("c"), "3", live), (changes[0].Kind, changes[0].Key, Text(changes[0].Value), changes[0].Revision));
        Assert.Equal((KvEventKind.Delete, K("a")), (changes[1].Kind, changes[1].Key));
        Assert.True(changes[1].Revision > live);
    }

    [Fact]
    public async Task Watch_from_zero_on_an_empty_prefix_syncs_at_once()
    {
        await using var watch = Watch(K("empty/"));

        var first = await watch.NextAsync();

        Assert.Equal(KvEventKind.Synced, first.Kind);
    }

    [Fact]
    public async Task Watch_from_a_revision_replays_exactly_the_missed_changes_in_order()
    {
        await Store.PutAsync(K("before"), V("seen"));
        long from = await Store.PutAsync(K("a"), V("1"));
        await Store.PutAsync(K("b"), V("2"));
        await Store.PutAsync(K("a"), V("3"));
        await Store.DeleteAsync(K("b"));
        long last = await Store.PutAsync(K("c"), V("4"));
        await using var watch = Watch(Prefix, from);

        var replay = await watch.TakeThroughSyncedAsync();
        long live = await Store.PutAsync(K("d"), V("5"));
        var next = await watch.NextAsync();

        Assert.Equal(
            [(KvEventKind.Upsert, K("a"), "1"), (KvEventKind.Upsert, K("b"), "2"), (KvEventKind.Upsert, K("a"), "3"),
             (KvEventKind.Delete, K("b"), ""), (KvEventKind.Upsert, K("c"), "4")],
            replay.SkipLast(1).Select(e => (e.Kind, e.Key, Text(e.Value))));
        Assert.Equal(from, replay[0].Revision);
        Assert.Equal(last, replay[^2].Revision);
        Assert.True(replay.SkipLast(1).Zip(replay.Skip(1).SkipLast(1)).All(p => p.First.Revision < p.Second.Revision));
        Assert.True(replay[^1].Revision >= last);
        Assert.Equal((KvEventKind.Upsert, K("d"), live), (next.Kind, next.Key, next.Revision));
    }

    [Fact]
    public async Task Watch_resumed_from_the_last_seen_revision_plus_one_has_no_gap_and_no_duplicate()
    {
        long seen = await Store.PutAsync(K("a"), V("1"));
        long missed1 = await Store.PutAsync(K("b"), V("2"));
        long missed2 = await Store.PutAsync(K("a"), V("3"));
        await using var watch = Watch(Prefix, seen + 1);

        var replay = await watch.TakeThroughSyncedAsync();

        Assert.Equal([missed1, missed2], replay.SkipLast(1).Select(e => e.Revision));
    }

    [Fact]
    public async Task Watch_reports_a_prefix_delete_as_one_delete_per_key()
    {
        await Store.PutAsync(K("dir/1"), V("x"));
        await Store.PutAsync(K("dir/2"), V("x"));
        await Store.PutAsync(K("dirt"), V("x"));
        await using var watch = Watch(K("dir"));
        await watch.TakeThroughSyncedAsync();

        await Store.DeletePrefixAsync(K("dir/"));
        var deletes = await watch.TakeAsync(2);

        Assert.All(deletes, e => Assert.Equal(KvEventKind.Delete, e.Kind));
        Assert.Equal([K("dir/1"), K("dir/2")], deletes.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(deletes[0].Revision, deletes[1].Revision);
    }

    [Fact]
    public async Task Watch_ignores_keys_outside_its_prefix()
    {
        await using var watch = Watch(K("mine/"));
        await watch.TakeThroughSyncedAsync();

        await Store.PutAsync(K("mine"), V("x"));
        await Store.PutAsync(K("mine2/a"), V("x"));
        await Store.PutAsync(K("other/a"), V("x"));
        long marker = await Store.PutAsync(K("mine/marker"), V("x"));

        var next = await watch.NextAsync();
        Assert.Equal((K("mine/marker"), marker), (next.Key, next.Revision));
    }

    [Fact]
    public async Task Watch_from_a_compacted_revision_fails_as_compacted()
    {
        long old = await Store.PutAsync(K("a"), V("1"));
        await Store.PutAsync(K("a"), V("2"));
        long latest = await Store.PutAsync(K("a"), V("3"));
        await Store.CompactAsync(latest);
        await using var watch = Watch(Prefix, old);

        var error = await watch.EndAsync();

        var compacted = Assert.IsType<KvCompactedException>(error);
        Assert.True(compacted.CompactRevision >= latest);
    }

    [Fact]
    public async Task Watch_from_the_compaction_revision_still_replays()
    {
        await Store.PutAsync(K("a"), V("1"));
        long latest = await Store.PutAsync(K("a"), V("2"));
        await Store.CompactAsync(latest);
        await using var watch = Watch(Prefix, latest);

        var replay = await watch.TakeThroughSyncedAsync();

        Assert.Equal([("2", latest)], replay.SkipLast(1).Select(e => (Text(e.Value), e.Revision)));
    }

    [Fact]
    public async Task Cancelling_a_watch_ends_the_enumeration()
    {
        using var cancel = new CancellationTokenSource();
        var events = Store.WatchAsync(Prefix, 0, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(KvEventKind.Synced, events.Current.Kind);

        var pending = events.MoveNextAsync().AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await events.DisposeAsync();
    }
}
