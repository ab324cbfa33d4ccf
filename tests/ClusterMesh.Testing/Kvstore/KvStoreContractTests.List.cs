using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Testing.Kvstore;

/// <summary>Prefix reads: key order, paging, pinned revisions.</summary>
public abstract partial class KvStoreContractTests
{
    [Fact]
    public async Task List_returns_the_prefix_in_key_order_at_a_current_revision()
    {
        await Store.PutAsync(K("b"), V("2"));
        await Store.PutAsync(K("a"), V("1"));
        long last = await Store.PutAsync(K("c"), V("3"));

        var page = await Store.ListAsync(Prefix);

        Assert.Equal([K("a"), K("b"), K("c")], page.Entries.Select(e => e.Key));
        Assert.Equal(["1", "2", "3"], page.Entries.Select(e => Text(e.Value)));
        Assert.True(page.Revision >= last);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task List_leaves_out_a_sibling_prefix()
    {
        await Store.PutAsync(K("a/b/1"), V("x"));
        await Store.PutAsync(K("a/bc/1"), V("x"));
        await Store.PutAsync(K("a/b"), V("x"));

        var page = await Store.ListAsync(K("a/b/"));

        Assert.Equal([K("a/b/1")], page.Entries.Select(e => e.Key));
    }

    [Fact]
    public async Task List_of_an_empty_prefix_is_empty()
    {
        var page = await Store.ListAsync(K("nothing/"));

        Assert.Empty(page.Entries);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task List_pages_with_a_small_limit_return_every_key_once()
    {
        var expected = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            expected.Add(K($"key-{i:D2}"));
            await Store.PutAsync(expected[^1], V($"{i}"));
        }

        var seen = await ReadAllPagesAsync(Prefix, limit: 3, pageSizes: null);

        Assert.Equal(expected, seen.Select(e => e.Key));
    }

    [Fact]
    public async Task List_pages_at_a_pinned_revision_show_one_snapshot_despite_concurrent_writes()
    {
        for (int i = 0; i < 30; i++)
        {
            await Store.PutAsync(K($"key-{i:D2}"), V("before"));
        }

        var first = await Store.ListAsync(Prefix, new KvListOptions(Limit: 4));
        var entries = new List<KvEntry>(first.Entries);
        long pinned = first.Revision;

        // Writes between pages: overwrite, delete, and add keys on both sides of the page boundary.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (int round = 0; !stop.IsCancellationRequested && round < 200; round++)
            {
                await Store.PutAsync(K($"key-{round % 30:D2}"), V($"after-{round}"));
                await Store.DeleteAsync(K($"key-{(round + 7) % 30:D2}"));
                await Store.PutAsync(K($"key-{round % 30:D2}-new"), V("new"));
            }
        });

        string? next = first.NextKey;
        while (next is not null)
        {
            var page = await Store.ListAsync(Prefix, new KvListOptions(Limit: 4, Revision: pinned, StartKey: next));
            Assert.Equal(pinned, page.Revision);
            entries.AddRange(page.Entries);
            next = page.NextKey;
        }

        await stop.CancelAsync();
        await writer;

        Assert.Equal(Enumerable.Range(0, 30).Select(i => K($"key-{i:D2}")), entries.Select(e => e.Key));
        Assert.All(entries, e => Assert.Equal("before", Text(e.Value)));
        Assert.All(entries, e => Assert.True(e.ModRevision <= pinned));
    }

    [Fact]
    public async Task List_at_an_older_revision_shows_the_values_of_that_time()
    {
        await Store.PutAsync(K("a"), V("old-a"));
        long before = await Store.PutAsync(K("b"), V("old-b"));
        await Store.PutAsync(K("a"), V("new-a"));
        await Store.DeleteAsync(K("b"));
        await Store.PutAsync(K("c"), V("new-c"));

        var then = await Store.ListAsync(Prefix, new KvListOptions(Revision: before));
        var now = await Store.ListAsync(Prefix);

        Assert.Equal(before, then.Revision);
        Assert.Equal(["old-a", "old-b"], then.Entries.Select(e => Text(e.Value)));
        Assert.Equal([K("a"), K("c")], now.Entries.Select(e => e.Key));
        Assert.Equal(["new-a", "new-c"], now.Entries.Select(e => Text(e.Value)));
    }

    [Fact]
    public async Task List_at_a_compacted_revision_fails_as_compacted()
    {
        long old = await Store.PutAsync(K("a"), V("1"));
        await Store.PutAsync(K("a"), V("2"));
        long latest = await Store.PutAsync(K("a"), V("3"));
        await Store.CompactAsync(latest);

        var error = await Assert.ThrowsAsync<KvCompactedException>(() => Store.ListAsync(Prefix, new KvListOptions(Revision: old)).AsTask());

        Assert.True(error.CompactRevision >= latest);
    }

    /// <summary>Reads a whole prefix page by page at the first page's revision.</summary>
    protected async Task<List<KvEntry>> ReadAllPagesAsync(string prefix, int limit, List<int>? pageSizes)
    {
        var entries = new List<KvEntry>();
        var options = new KvListOptions(Limit: limit);
        while (true)
        {
            var page = await Store.ListAsync(prefix, options);
            Assert.True(page.Entries.Count <= limit);
            pageSizes?.Add(page.Entries.Count);
            entries.AddRange(page.Entries);
            if (!page.HasMore)
            {
                return entries;
            }

            options = new KvListOptions(limit, page.Revision, page.NextKey);
        }
    }
}
