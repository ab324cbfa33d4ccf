using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Testing.Kvstore;

/// <summary>
/// Watches that lend their values (<see cref="IKvStore.WatchLendingValuesAsync"/>), and the plain watch's promise that
/// its values are never reused, also once lending watches ran. Enough keys for several pages of a paging backend
/// whose test store reads small pages.
/// </summary>
public abstract partial class KvStoreContractTests
{
    private const int ListedKeys = 23;

    [Fact]
    public async Task Watch_lending_values_sees_what_watch_sees_when_each_value_is_read_at_once()
    {
        var stored = await PutListedKeysAsync(K("lent/"), "lent");
        using var timeout = new CancellationTokenSource(EventTimeout);

        var kept = await ReadAtOnceAsync(Store.WatchAsync(K("lent/"), 0, timeout.Token).GetAsyncEnumerator(timeout.Token), andThen: null);
        var lent = await ReadAtOnceAsync(
            Store.WatchLendingValuesAsync(K("lent/"), 0, timeout.Token).GetAsyncEnumerator(timeout.Token),
            andThen: async () => await Store.PutAsync(K("lent/live"), V("after the listing")));

        Assert.Equal(stored, kept.Listed.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(kept.Listed, lent.Listed);
        Assert.Equal((KvEventKind.Upsert, K("lent/live"), "after the listing"), lent.Next);
    }

    [Fact]
    public async Task Watch_values_stay_as_listed_after_lending_watches_reused_their_memory()
    {
        var stored = await PutListedKeysAsync(K("kept/"), "kept");
        await PutListedKeysAsync(K("other/"), "OTHR");
        using var timeout = new CancellationTokenSource(EventTimeout);
        var kept = new List<KvEvent>();
        await foreach (var change in Store.WatchAsync(K("kept/"), 0, timeout.Token))
        {
            if (change.Kind == KvEventKind.Synced)
            {
                break;
            }

            kept.Add(change); // the value itself, not a copy
        }

        // Pages of the same sizes, read by lending watches: memory a store reuses would now hold these bytes.
        for (int round = 0; round < 3; round++)
        {
            await ReadAtOnceAsync(Store.WatchLendingValuesAsync(K("other/"), 0, timeout.Token).GetAsyncEnumerator(timeout.Token), andThen: null);
        }

        Assert.Equal(stored, kept.Select(e => (e.Key, Text(e.Value))).OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    /// <summary>Values of different lengths under <paramref name="prefix"/>, in key order.</summary>
    private async Task<List<(string Key, string Value)>> PutListedKeysAsync(string prefix, string tag)
    {
        var stored = new List<(string Key, string Value)>();
        for (int i = 0; i < ListedKeys; i++)
        {
            var entry = (prefix + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), $"{tag}-{i}-{new string('x', i * 7)}");
            await Store.PutAsync(entry.Item1, V(entry.Item2));
            stored.Add(entry);
        }

        return stored;
    }

    /// <summary>
    /// The listing with every value read as soon as its event arrives (as a lending consumer must), then, after
    /// <paramref name="andThen"/>, the next event.
    /// </summary>
    private static async Task<(List<(string Key, string Value)> Listed, (KvEventKind, string, string) Next)> ReadAtOnceAsync(
        IAsyncEnumerator<KvEvent> events, Func<Task>? andThen)
    {
        await using (events)
        {
            var listed = new List<(string Key, string Value)>();
            while (await events.MoveNextAsync() && events.Current.Kind != KvEventKind.Synced)
            {
                listed.Add((events.Current.Key, Text(events.Current.Value)));
            }

            if (andThen is null)
            {
                return (listed, default);
            }

            await andThen();
            Assert.True(await events.MoveNextAsync());
            return (listed, (events.Current.Kind, events.Current.Key, Text(events.Current.Value)));
        }
    }
}
