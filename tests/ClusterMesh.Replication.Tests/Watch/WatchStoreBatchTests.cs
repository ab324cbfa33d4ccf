using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Replication.Tests.Support;
using ClusterMesh.Replication.Watch;

namespace ClusterMesh.Replication.Tests.Watch;

/// <summary>Listing upserts reach an <see cref="IBatchStoreObserver{T}"/> in batches, in listing order, before the
/// stale deletes and the in-sync notification; changes after the listing arrive one by one.</summary>
public sealed class WatchStoreBatchTests
{
    private const string Prefix = "test/items/v1";

    [Fact]
    public async Task A_listing_arrives_in_ordered_batches_then_deletes_then_synced_then_single_changes()
    {
        await using var store = new MemoryKvStore("c2");
        var codec = new ItemCodec(Prefix, "c2");
        var observer = new BatchRecorder();
        var watch = new WatchStore<Item>(Prefix + "/c2/", codec, observer);
        var names = Enumerable.Range(0, 600).Select(i => $"k{i:D4}").ToList();
        foreach (var name in names)
        {
            await store.PutAsync(Key(name), codec.Encode(new Item("c2", name, 1)));
        }

        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => watch.WatchAsync(store, stop.Token));
        await Eventually.TrueAsync(() => observer.Calls.Contains("synced"), "the listing synced");
        await store.PutAsync(Key("late"), codec.Encode(new Item("c2", "late", 2)));
        await Eventually.TrueAsync(() => observer.Calls.Contains("upsert " + Key("late")), "the change arrived");
        await stop.CancelAsync();
        await running;

        var calls = observer.Calls;
        Assert.Equal(["batch 256", "batch 256", "batch 88", "synced", "upsert " + Key("late")], calls.Where(c => !c.StartsWith("key ", StringComparison.Ordinal)));
        Assert.Equal(names.Select(Key), calls.Where(c => c.StartsWith("key ", StringComparison.Ordinal)).Select(c => c[4..]));
    }

    private static string Key(string name) => $"{Prefix}/c2/{name}";

    private sealed class BatchRecorder : IBatchStoreObserver<Item>
    {
        private readonly List<string> _calls = [];

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public void OnUpsertBatch(IReadOnlyList<KeyValuePair<string, Item>> upserts) => Add([$"batch {upserts.Count}", .. upserts.Select(u => "key " + u.Key)]);

        public void OnUpsert(string key, Item value) => Add([$"upsert {key}"]);

        public void OnDelete(string key, Item lastValue) => Add([$"delete {key}"]);

        public void OnSynced() => Add(["synced"]);

        private void Add(string[] lines)
        {
            lock (_calls)
            {
                _calls.AddRange(lines);
            }
        }
    }
}
