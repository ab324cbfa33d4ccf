using System.Text;
using BenchmarkDotNet.Attributes;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Replication.Watch;

namespace ClusterMesh.Benchmarks.Replication;

/// <summary>How fast a watch store lists and applies a remote prefix of many keys (the resync cost).</summary>
[MemoryDiagnoser]
public class WatchStoreListBenchmarks
{
    private const string Prefix = "cilium/state/ip/v1/default/";
    private MemoryKvStore _store = null!;

    [Params(10_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = new MemoryKvStore("bench");
        for (var i = 0; i < Keys; i++)
        {
            await _store.PutAsync($"{Prefix}10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", Encoding.UTF8.GetBytes($"{{\"ID\":{i}}}"));
        }
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _store.DisposeAsync();

    [Benchmark]
    public async Task<int> ListAndSync()
    {
        var observer = new SyncedSignal();
        var watch = new WatchStore<string>(Prefix, new TextCodec(), observer);
        using var stop = new CancellationTokenSource();
        var running = watch.WatchAsync(_store, stop.Token);
        await observer.Synced.Task;
        await stop.CancelAsync();
        await running;
        return watch.Count;
    }

    private sealed class TextCodec : IKvCodec<string>
    {
        public string Decode(string key, ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);

        public byte[] Encode(string value) => Encoding.UTF8.GetBytes(value);

        public string KeyOf(string value) => throw new NotSupportedException();
    }

    private sealed class SyncedSignal : IStoreObserver<string>
    {
        public TaskCompletionSource Synced { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnUpsert(string key, string value)
        {
        }

        public void OnDelete(string key, string lastValue)
        {
        }

        public void OnSynced() => Synced.TrySetResult();
    }
}
