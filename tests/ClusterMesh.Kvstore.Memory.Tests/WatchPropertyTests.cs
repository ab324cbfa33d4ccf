using System.Text;
using ClusterMesh.Abstractions.Kvstore;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Kvstore.Memory.Tests;

/// <summary>Any history of changes: a watcher that applies its events ends with exactly the store's final state.</summary>
public sealed class WatchPropertyTests
{
    private static readonly string[] Keys = ["p/a", "p/a/b", "p/ab", "p/b", "p/b/c", "q/a"];
    private static readonly string[] Prefixes = ["p/a", "p/a/", "p/", "q/", "p/b/", "p/x"];

    [Property(MaxTest = 150)]
    public Property Watchers_that_apply_their_events_end_equal_to_the_final_listing(int[] operations)
    {
        var (expected, fromZero, fromOne) = Task.Run(() => RunAsync(operations)).GetAwaiter().GetResult();
        return (Same(expected, fromZero) && Same(expected, fromOne))
            .Label($"expected [{string.Join(", ", expected)}], from zero [{string.Join(", ", fromZero)}], from one [{string.Join(", ", fromOne)}]");
    }

    private static bool Same(Dictionary<string, string> expected, Dictionary<string, string> actual)
        => expected.Count == actual.Count && expected.All(pair => actual.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static async Task<(Dictionary<string, string>, Dictionary<string, string>, Dictionary<string, string>)> RunAsync(int[] operations)
    {
        await using var store = new MemoryKvStore("property", new MemoryKvStoreOptions { DefaultPageSize = 2 });
        int half = operations.Length / 2;
        foreach (int operation in operations[..half])
        {
            await ApplyAsync(store, operation);
        }

        // Started mid-way: it lists the state so far (in pages of two), then follows the rest live.
        var fromZero = new Dictionary<string, string>();
        await using var live = store.WatchAsync("p/").GetAsyncEnumerator();
        do
        {
            Assert.True(await live.MoveNextAsync());
            Apply(fromZero, live.Current);
        }
        while (live.Current.Kind != KvEventKind.Synced);

        foreach (int operation in operations[half..])
        {
            await ApplyAsync(store, operation);
        }

        long end = await store.PutAsync("p/~end", Encoding.UTF8.GetBytes("end"));
        await ApplyUntilAsync(fromZero, live, end);

        var fromOne = new Dictionary<string, string>();
        await using var replay = store.WatchAsync("p/", 1).GetAsyncEnumerator();
        await ApplyUntilAsync(fromOne, replay, end);

        var page = await store.ListAsync("p/", new KvListOptions(Limit: 1000));
        var expected = page.Entries.ToDictionary(e => e.Key, e => Encoding.UTF8.GetString(e.Value.Span));
        return (expected, fromZero, fromOne);
    }

    private static async Task ApplyUntilAsync(Dictionary<string, string> state, IAsyncEnumerator<KvEvent> events, long revision)
    {
        do
        {
            Assert.True(await events.MoveNextAsync());
            Apply(state, events.Current);
        }
        while (events.Current.Revision < revision || events.Current.Kind == KvEventKind.Synced);
    }

    private static void Apply(Dictionary<string, string> state, KvEvent item)
    {
        switch (item.Kind)
        {
            case KvEventKind.Upsert:
                state[item.Key] = Encoding.UTF8.GetString(item.Value.Span);
                break;
            case KvEventKind.Delete:
                Assert.True(state.Remove(item.Key), $"delete of {item.Key}, which the watcher did not have");
                break;
        }
    }

    private static async Task ApplyAsync(MemoryKvStore store, int operation)
    {
        int index = (int)((uint)operation >> 2);
        switch (operation & 3)
        {
            case 0:
            case 1:
                await store.PutAsync(Keys[index % Keys.Length], Encoding.UTF8.GetBytes($"{operation}"));
                break;
            case 2:
                await store.DeleteAsync(Keys[index % Keys.Length]);
                break;
            default:
                await store.DeletePrefixAsync(Prefixes[index % Prefixes.Length]);
                break;
        }
    }
}
