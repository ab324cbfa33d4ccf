using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Simulation.Maps;

namespace ClusterMesh.Datapath.Simulation.Tests;

/// <summary>
/// One writer churning a prefix table (mass inserts that grow it, mass deletes that shift chains and shrink it)
/// while readers look up keys that are always present: through <see cref="LpmMap{TValue}"/> every lookup finds
/// them with their own value; on the raw table (no sequence lock) reads may be wrong but never throw or hang.
/// </summary>
public sealed class LinearProbeTableConcurrencyTests
{
    private const int Rounds = 20;
    private const int ChurnPerRound = 3000;
    private const int StableKeys = 64;

    [Fact]
    public async Task Lpm_lookups_always_find_the_stable_hosts_while_their_table_grows_and_shrinks()
    {
        var map = new LpmMap<IpPrefix>();
        var stable = Enumerable.Range(0, StableKeys).Select(i => IpPrefix.Host(new IPAddress([10, 0, 0, (byte)i]))).ToArray();
        foreach (var prefix in stable)
        {
            map.Upsert(prefix, prefix);
        }

        await RunWithReaders(() => ChurnMap(map, stable), (seed, done) => ReadMap(map, stable, seed, done));

        Assert.Equal(StableKeys, map.Count);
        Assert.Equal(stable.ToHashSet(), map.Dump().Select(e => e.Value).ToHashSet());
    }

    [Fact]
    public async Task Raw_table_reads_never_throw_or_hang_while_the_writer_churns()
    {
        var table = new LinearProbeTable<UInt128, (UInt128 Key, int Round)>();
        for (var key = 0; key < StableKeys; key++)
        {
            table.Upsert(StableKey(key), (StableKey(key), 0));
        }

        // No sequence lock here, so a read may miss or see a torn value: only termination is asserted
        // (an exception or an endless probe fails the test through RunWithReaders).
        await RunWithReaders(() => ChurnTable(table), (seed, done) => ReadTable(table, seed, done));

        Assert.Equal(StableKeys, table.Count);
        Assert.All(Enumerable.Range(0, StableKeys), key => Assert.True(table.TryGetValue(StableKey(key), out var value) && value.Key == StableKey(key)));
    }

    private static UInt128 StableKey(int i) => ((UInt128)0xFD00 << 112) | (uint)i;

    /// <summary>Runs the writer and two dedicated reader threads that start together; the readers stop when the writer is done.</summary>
    private static async Task RunWithReaders(Action writer, Action<int, CancellationToken> reader)
    {
        using var done = new CancellationTokenSource();
        using var start = new Barrier(3);
        var writing = Dedicated(() => { start.SignalAndWait(); writer(); });
        var readers = new[] { 1, 2 }.Select(seed => Dedicated(() => { start.SignalAndWait(); reader(seed, done.Token); })).ToArray();
        try
        {
            await writing.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await done.CancelAsync();
        }

        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static Task Dedicated(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static IpPrefix ChurnHost(int i) => IpPrefix.Host(new IPAddress([10, 1, (byte)(i >> 8), (byte)i]));

    // The churn hosts share the stable hosts' /32 table: growth rehashes the stable keys, deletes shift them.
    private static void ChurnMap(LpmMap<IpPrefix> map, IpPrefix[] stable)
    {
        for (var round = 0; round < Rounds; round++)
        {
            var churn = Enumerable.Range(0, ChurnPerRound).Select(i => KeyValuePair.Create(ChurnHost(i), ChurnHost(i))).ToArray();
            if (round % 2 == 0)
            {
                map.UpsertMany(churn); // one batch that grows the table several times
            }
            else
            {
                Array.ForEach(churn, e => map.Upsert(e.Key, e.Value));
            }

            Array.ForEach(stable, prefix => map.Upsert(prefix, prefix)); // replacements in place
            Array.ForEach(churn, e => Assert.True(map.Delete(e.Key)));
        }
    }

    // do-while: every reader looks up at least once, even if the writer finished before it was scheduled.
    private static void ReadMap(LpmMap<IpPrefix> map, IpPrefix[] stable, int seed, CancellationToken done)
    {
        var random = new Random(seed);
        do
        {
            var expected = stable[random.Next(stable.Length)];
            Assert.True(map.TryLookup(expected.Address, out var matched, out var value), $"{expected} missed");
            Assert.Equal(expected, matched);
            Assert.Equal(expected, value);

            var churned = ChurnHost(random.Next(ChurnPerRound));
            if (map.TryLookup(churned.Address, out matched, out value))
            {
                Assert.Equal(churned, matched);
                Assert.Equal(churned, value);
            }
        }
        while (!done.IsCancellationRequested);
    }

    private static void ChurnTable(LinearProbeTable<UInt128, (UInt128 Key, int Round)> table)
    {
        for (var round = 1; round <= Rounds; round++)
        {
            for (var i = 0; i < ChurnPerRound; i++)
            {
                table.Upsert((UInt128)i << 64, ((UInt128)i << 64, round));
            }

            for (var key = 0; key < StableKeys; key++)
            {
                table.Upsert(StableKey(key), (StableKey(key), round));
            }

            for (var i = 0; i < ChurnPerRound; i++)
            {
                Assert.True(table.Delete((UInt128)i << 64));
            }
        }
    }

    private static void ReadTable(LinearProbeTable<UInt128, (UInt128 Key, int Round)> table, int seed, CancellationToken done)
    {
        var random = new Random(seed);
        do
        {
            table.TryGetValue(StableKey(random.Next(StableKeys)), out _);
            table.TryGetValue((UInt128)random.Next(ChurnPerRound) << 64, out _);
        }
        while (!done.IsCancellationRequested);
    }
}
