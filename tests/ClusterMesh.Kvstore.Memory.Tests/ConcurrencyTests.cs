using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Memory.Tests;

/// <summary>Backpressure and concurrency: watchers read the shared history at their own pace.</summary>
public sealed class ConcurrencyTests
{
    private static byte[] V(int i) => BitConverter.GetBytes(i);

    private static int Number(ReadOnlyMemory<byte> value) => BitConverter.ToInt32(value.Span);

    [Fact]
    public async Task A_watcher_that_does_not_read_blocks_no_writer_and_later_receives_every_event_in_order()
    {
        await using var store = new MemoryKvStore("backpressure");
        await using var idle = store.WatchAsync("k/").GetAsyncEnumerator();
        await MemoryKvStoreTests.SkipThroughSyncedAsync(idle);

        // Nobody reads while these run: if writers waited for watchers, this loop would never finish.
        const int Writes = 100_000;
        for (int i = 0; i < Writes; i++)
        {
            await store.PutAsync($"k/{i % 1000}", V(i));
        }

        for (int i = 0; i < Writes; i++)
        {
            Assert.True(await idle.MoveNextAsync());
            var item = idle.Current;
            if (item.Revision != i + 2 || item.Key != $"k/{i % 1000}" || Number(item.Value) != i)
            {
                Assert.Fail($"Event {i} is {item.Kind} {item.Key} at {item.Revision}.");
            }
        }
    }

    [Fact]
    public async Task Many_concurrent_watchers_each_see_the_same_sequence()
    {
        await using var store = new MemoryKvStore("fan-out");
        const int Watchers = 50;
        const int Writes = 2000;
        var started = new List<IAsyncEnumerator<KvEvent>>();
        for (int w = 0; w < Watchers; w++)
        {
            var events = store.WatchAsync("w/").GetAsyncEnumerator();
            await MemoryKvStoreTests.SkipThroughSyncedAsync(events);
            started.Add(events);
        }

        var readers = started.Select(events => Task.Run(async () =>
        {
            var seen = new List<(KvEventKind, string, long)>();
            while (seen.Count < Writes && await events.MoveNextAsync())
            {
                seen.Add((events.Current.Kind, events.Current.Key, events.Current.Revision));
            }

            await events.DisposeAsync();
            return seen;
        })).ToList();

        var expected = new List<(KvEventKind, string, long)>();
        for (int i = 0; i < Writes; i++)
        {
            string key = $"w/{i % 17}";
            if (i % 5 == 4 && await store.DeleteAsync(key))
            {
                expected.Add((KvEventKind.Delete, key, store.Revision));
            }
            else
            {
                expected.Add((KvEventKind.Upsert, key, await store.PutAsync(key, V(i))));
            }
        }

        foreach (var seen in await Task.WhenAll(readers))
        {
            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public async Task Concurrent_writers_produce_a_gap_free_strictly_increasing_watch_stream()
    {
        await using var store = new MemoryKvStore("writers");
        await using var events = store.WatchAsync("c/").GetAsyncEnumerator();
        await MemoryKvStoreTests.SkipThroughSyncedAsync(events);
        const int Writers = 4;
        const int PerWriter = 5000;

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var revisions = new List<long>(PerWriter);
            for (int i = 0; i < PerWriter; i++)
            {
                revisions.Add(await store.PutAsync($"c/{w}/{i % 50}", V((w * PerWriter) + i)));
            }

            return revisions;
        })).ToList();

        var watched = new List<KvEvent>();
        while (watched.Count < Writers * PerWriter && await events.MoveNextAsync())
        {
            watched.Add(events.Current);
        }

        var perWriter = await Task.WhenAll(writers);
        Assert.Equal(Enumerable.Range(2, Writers * PerWriter).Select(r => (long)r), watched.Select(e => e.Revision));
        Assert.All(perWriter, revisions => Assert.True(revisions.Zip(revisions.Skip(1)).All(p => p.First < p.Second)));
        Assert.Equal(
            Enumerable.Range(0, Writers * PerWriter),
            watched.Select(e => Number(e.Value)).Order());
    }

    [Fact]
    public async Task Watches_started_from_zero_during_concurrent_writes_converge_to_the_final_state()
    {
        await using var store = new MemoryKvStore("converge", new MemoryKvStoreOptions { DefaultPageSize = 7 });
        var writer = Task.Run(async () =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                string key = $"s/{(i * 7919) % 101}";
                if (i % 3 == 2)
                {
                    await store.DeleteAsync(key);
                }
                else
                {
                    await store.PutAsync(key, V(i));
                }
            }
        });

        var watchers = new List<Task<Dictionary<string, int>>>();
        for (int w = 0; w < 8; w++)
        {
            watchers.Add(Task.Run(async () =>
            {
                var state = new Dictionary<string, int>();
                await foreach (var item in store.WatchAsync("s/"))
                {
                    if (item.Kind == KvEventKind.Upsert)
                    {
                        state[item.Key] = Number(item.Value);
                    }
                    else if (item.Kind == KvEventKind.Delete)
                    {
                        Assert.True(state.Remove(item.Key));
                    }

                    if (item.Key == "s/end")
                    {
                        break;
                    }
                }

                return state;
            }));
            await store.PutAsync("other/tick", V(w));
        }

        await writer;
        await store.PutAsync("s/end", V(-1));

        var expected = (await store.ListAsync("s/", new KvListOptions(Limit: 1000))).Entries.ToDictionary(e => e.Key, e => Number(e.Value));
        foreach (var state in await Task.WhenAll(watchers))
        {
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), state.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Leases_expire_on_the_real_clock_too()
    {
        await using var store = new MemoryKvStore("real-clock");
        var lease = await store.GrantLeaseAsync(TimeSpan.FromMilliseconds(50));
        await store.PutAsync("l/a", V(1), lease);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await foreach (var item in store.WatchAsync("l/", 0, timeout.Token))
        {
            if (item.Kind == KvEventKind.Delete)
            {
                Assert.Equal("l/a", item.Key);
                break;
            }
        }

        await Assert.ThrowsAsync<Abstractions.Kvstore.KvNotFoundException>(() => store.KeepAliveAsync(lease).AsTask());
    }
}
