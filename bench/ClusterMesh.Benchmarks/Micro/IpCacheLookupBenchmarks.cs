using System.Net;
using BenchmarkDotNet.Attributes;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Benchmarks.Data;
using ClusterMesh.Datapath.Simulation;

namespace ClusterMesh.Benchmarks.Micro;

/// <summary>
/// Longest-prefix-match lookups in a Simulation ipcache holding the scale test's 250,000 pod entries (/32) plus
/// 64 CIDR entries (/16 and /8, as CIDR policies add), and one upsert of an existing entry.
/// </summary>
[MemoryDiagnoser]
public class IpCacheLookupBenchmarks
{
    private const int Probes = 1024;

    // Built once per process (the micro scenario runs in process): filling 250k entries takes seconds.
    private static readonly Lazy<(SimulatedDatapath Datapath, IPAddress[] Pods)> Filled = new(Fill);

    private SimulatedDatapath _datapath = null!;
    private IPAddress[] _podHits = null!;
    private IPAddress[] _cidrHits = null!;
    private IPAddress[] _misses = null!;
    private IpPrefix _upsertPrefix;
    private IpCacheValue _upsertValue;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        (_datapath, var pods) = Filled.Value;
        var random = new Random(42);
        _podHits = Enumerable.Range(0, Probes).Select(_ => pods[random.Next(pods.Length)]).ToArray();
        _cidrHits = Enumerable.Range(0, Probes).Select(_ => new IPAddress([(byte)(100 + random.Next(32)), (byte)random.Next(256), 1, 2])).ToArray();
        _misses = Enumerable.Range(0, Probes).Select(_ => new IPAddress([203, 0, (byte)random.Next(256), (byte)random.Next(256)])).ToArray();
        _upsertPrefix = IpPrefix.Host(pods[0]);
        _upsertValue = new IpCacheValue(new NumericIdentity(131_329), RemoteClusterData.NodeIp(0), 0);
    }

    [Benchmark(Baseline = true)]
    public bool LookupPodHit() => _datapath.IpCache.TryLookup(_podHits[_next++ & (Probes - 1)], out _, out _);

    [Benchmark]
    public bool LookupCidrHit() => _datapath.IpCache.TryLookup(_cidrHits[_next++ & (Probes - 1)], out _, out _);

    [Benchmark]
    public bool LookupMiss() => _datapath.IpCache.TryLookup(_misses[_next++ & (Probes - 1)], out _, out _);

    [Benchmark]
    public void UpsertExisting() => _datapath.IpCache.Upsert(_upsertPrefix, _upsertValue);

    private static (SimulatedDatapath, IPAddress[]) Fill()
    {
        var totals = ScaleTotals.ScaleTest;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var datapath = new SimulatedDatapath(new SimulatedNodeOptions { NodeName = "bench", NodeAddress = IPAddress.Parse("192.168.0.1") });
        var pods = new IPAddress[totals.IpCacheEntries];
        for (var i = 0; i < pods.Length; i++)
        {
            var node = i % totals.Nodes;
            pods[i] = new IPAddress([10, (byte)(node >> 8), (byte)node, (byte)(10 + (i / totals.Nodes))]);
            datapath.IpCache.Upsert(IpPrefix.Host(pods[i]), new IpCacheValue(new NumericIdentity(131_328 + (uint)(i % 25_000)), RemoteClusterData.NodeIp(node), 0));
        }

        for (var i = 0; i < 32; i++)
        {
            datapath.IpCache.Upsert(new IpPrefix(new IPAddress([(byte)(100 + i), 0, 0, 0]), 8), new IpCacheValue(NumericIdentity.World, null, 0));
            datapath.IpCache.Upsert(new IpPrefix(new IPAddress([172, (byte)(32 + i), 0, 0]), 16), new IpCacheValue(NumericIdentity.World, null, 0));
        }

        // Reported because the fill is itself a measurement: Upsert cost while the map grows.
        Console.WriteLine($"// ipcache filled with {datapath.IpCache.Count:N0} entries in {watch.Elapsed.TotalSeconds:0.0} s " +
            $"({watch.Elapsed.TotalMilliseconds * 1000 / datapath.IpCache.Count:0.0} µs per upsert)");
        return (datapath, pods);
    }
}
