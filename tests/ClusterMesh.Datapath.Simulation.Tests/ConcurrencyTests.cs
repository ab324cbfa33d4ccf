using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Simulation.Maps;
using static ClusterMesh.Datapath.Simulation.Tests.TestNodes;

namespace ClusterMesh.Datapath.Simulation.Tests;

/// <summary>Writers and readers at once: no exceptions, every lookup consistent, the final state exact.</summary>
public sealed class ConcurrencyTests
{
    private const int WriterRounds = 3;
    private const int PrefixesPerWriter = 600;
    private const int Toggles = 30_000;

    [Fact]
    public async Task Lookups_stay_consistent_while_writers_upsert_and_delete()
    {
        var map = new LpmMap<IpPrefix>();
        map.Upsert(Cidr("10.0.0.0/8"), Cidr("10.0.0.0/8"));
        map.Upsert(Cidr("172.16.0.0/16"), Cidr("172.16.0.0/16"));
        using var done = new CancellationTokenSource();

        // Dedicated threads meeting at a barrier, so the readers really run while the writers write.
        using var start = new Barrier(5);
        var writers = new[]
        {
            Dedicated(() => { start.SignalAndWait(); Write(map, 1); }),
            Dedicated(() => { start.SignalAndWait(); Write(map, 2); }),
            Dedicated(() => { start.SignalAndWait(); Toggle(map); }),
        };
        var readers = new[]
        {
            Dedicated(() => { start.SignalAndWait(); return Read(map, seed: 1, done.Token); }),
            Dedicated(() => { start.SignalAndWait(); return Read(map, seed: 2, done.Token); }),
        };
        try
        {
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await done.CancelAsync();
        }

        var lookups = await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(lookups, count => Assert.True(count > 0));

        var expected = ExpectedFinalState();
        Assert.Equal(expected.Count, map.Count);
        Assert.Equal(expected, map.Dump().Select(e => e.Key).ToHashSet());
        Assert.All(map.Dump(), e => Assert.Equal(e.Key, e.Value));
    }

    [Fact]
    public async Task Packets_follow_the_mesh_while_the_agent_reprograms_it()
    {
        var mesh = ThreeNodeMesh(RoutingMode.Hybrid);
        using var done = new CancellationTokenSource();
        const int PacketsPerSender = 1500;

        var programmer = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                mesh.InstallNodeRoutes();
                mesh.PublishEndpoints();
            }
        });
        var senders = new[]
        {
            Task.Run(() => Enumerable.Range(0, PacketsPerSender).Count(_ => mesh.Follow(XWing.Address, RebelBase.Address).Delivered)),
            Task.Run(() => Enumerable.Range(0, PacketsPerSender).Count(_ => mesh.Follow(XWing.Address, TieFighter.Address).Delivered)),
        };
        int[] delivered;
        try
        {
            delivered = await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await done.CancelAsync();
        }

        await programmer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([PacketsPerSender, PacketsPerSender], delivered);
        Assert.True(mesh.TryGetNode(Node1, out var node1));
        Assert.Equal(new DatapathCounterSnapshot(0, PacketsPerSender, PacketsPerSender, new Dictionary<DropReason, long>()), node1.Counters.Snapshot());
    }

    private static Task Dedicated(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static Task<T> Dedicated<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static IpPrefix WriterPrefix(int writer, int i) =>
        i % 4 == 0
            ? new IpPrefix(new IPAddress([10, (byte)writer, (byte)(i / 4), 0]), 24)
            : IpPrefix.Host(new IPAddress([10, (byte)writer, (byte)(i / 4), (byte)(i % 4)]));

    private static void Write(LpmMap<IpPrefix> map, int writer)
    {
        for (var round = 0; round < WriterRounds; round++)
        {
            for (var i = 0; i < PrefixesPerWriter; i++)
            {
                map.Upsert(WriterPrefix(writer, i), WriterPrefix(writer, i));
            }

            for (var i = 0; i < PrefixesPerWriter; i += 3)
            {
                Assert.True(map.Delete(WriterPrefix(writer, i)));
            }
        }
    }

    // 172.16.5.5 is always inside a /16 or a /24 entry; a lookup racing the swap must never miss it.
    private static void Toggle(LpmMap<IpPrefix> map)
    {
        for (var i = 0; i < Toggles; i++)
        {
            map.Upsert(Cidr("172.16.5.0/24"), Cidr("172.16.5.0/24"));
            map.Delete(Cidr("172.16.0.0/16"));
            map.Upsert(Cidr("172.16.0.0/16"), Cidr("172.16.0.0/16"));
            map.Delete(Cidr("172.16.5.0/24"));
        }
    }

    private static int Read(LpmMap<IpPrefix> map, int seed, CancellationToken done)
    {
        var random = new Random(seed);
        var toggled = Ip("172.16.5.5");
        var lookups = 0;
        while (!done.IsCancellationRequested)
        {
            var address = new IPAddress([10, (byte)random.Next(0, 3), (byte)random.Next(0, 160), (byte)random.Next(0, 256)]);
            Assert.True(map.TryLookup(address, out var matched, out var value), $"{address} must match at least 10.0.0.0/8");
            Assert.Equal(matched, value);
            Assert.True(matched.Contains(address), $"{matched} does not contain {address}");
            Assert.True(map.TryLookup(toggled, out matched, out _), "172.16.5.5 missed while a /16 or a /24 held it");
            Assert.True(matched.Contains(toggled));
            if (++lookups % 2000 == 0)
            {
                Assert.All(map.Dump(), e => Assert.Equal(e.Key, e.Value));
            }
        }

        return lookups;
    }

    private static HashSet<IpPrefix> ExpectedFinalState()
    {
        var expected = new HashSet<IpPrefix> { Cidr("10.0.0.0/8"), Cidr("172.16.0.0/16") };
        foreach (var writer in new[] { 1, 2 })
        {
            for (var i = 0; i < PrefixesPerWriter; i++)
            {
                if (i % 3 != 0)
                {
                    expected.Add(WriterPrefix(writer, i));
                }
            }
        }

        return expected;
    }
}
